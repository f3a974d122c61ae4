import csv
import io

import pytest
from django.urls import reverse

from actions.models import ProgressUpdate, Status
from public import opendata
from tests.actions.public_rows import LATEST_ROUND, add_public_rows
from themes.models import Plan

pytestmark = pytest.mark.django_db


def url(plan, query=""):
    return reverse("public:action_list_csv", args=[plan.slug]) + query


def rows_of(response):
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_needs_no_sign_in_and_downloads_as_a_file(client, plan):
    response = client.get(url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{plan.slug}-actions.csv"'
    assert response.getvalue().startswith("\ufeff".encode())


def test_a_draft_plan_is_not_found(client, make_plan):
    assert client.get(url(make_plan(state=Plan.State.DRAFT))).status_code == 404


def test_its_columns_are_the_documented_ones_in_order(client, plan):
    header = client.get(url(plan)).getvalue().decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == opendata.COLUMN_NAMES


def test_each_row_holds_the_actions_public_data(client, plan, request):
    first, second = add_public_rows(request, 2)
    first.contact_name = "Prudence Privately"
    first.lead_role = "Community Safety Partnership Manager"
    first.save()
    rows = rows_of(client.get(url(plan)))
    assert [row["number"] for row in rows] == ["1", "2"]
    row = rows[0]
    assert row["url"] == f"http://testserver{first.get_absolute_url()}"
    assert row["theme"] == "Theme 1"
    assert row["lead_partners"] == f"Organisation {plan.pk}-1 Team 1"
    assert row["lead_role"] == "Community Safety Partnership Manager"
    assert row["contact"] == ""
    assert row["priorities"] == "1. Priority 1"
    assert row["status"] == Status.AT_RISK
    assert row["status_label"] == "At risk"
    assert row["last_update_round"] == LATEST_ROUND
    assert row["last_update_published_at"].startswith(str(first.last_published_at.date()))
    assert row["updated_in_latest_round"] == "yes"
    assert row["latest_public_summary"] == "Published summary 1 of the latest round."
    assert rows[1]["updated_in_latest_round"] == "no"
    assert rows[1]["latest_public_summary"] == "Published summary 2 of the older round."


def test_a_publishable_contact_is_included(client, plan, make_action):
    make_action(contact_name="Percy Publicly", contact_is_public=True)
    assert rows_of(client.get(url(plan)))[0]["contact"] == "Percy Publicly"


def test_unpublished_updates_are_left_out(client, plan, make_action, make_update):
    action = make_action()
    make_update(action, state=ProgressUpdate.State.SUBMITTED, public_summary="Not yet")
    row = rows_of(client.get(url(plan)))[0]
    assert row["latest_public_summary"] == ""
    assert row["status"] == Status.NOT_RECORDED
    assert "Not yet" not in client.get(url(plan)).getvalue().decode()


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(
    client, plan, make_action, make_update
):
    action = make_action(text='=HYPERLINK("http://evil.example","Click")', lead_role="+1 role")
    make_update(
        action,
        state=ProgressUpdate.State.PUBLISHED,
        public_summary="- a bullet first\n- @mention",
    )
    row = rows_of(client.get(url(plan)))[0]
    assert row["text"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["lead_role"] == "'+1 role"
    assert row["latest_public_summary"] == "'- a bullet first\n- @mention"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_prefix_is_neutralised(value):
    assert opendata.csv_cell(value) == "'" + value


def test_it_keeps_the_lists_filters(client, plan, request):
    add_public_rows(request, 3)
    rows = rows_of(client.get(url(plan, f"?status={Status.AT_RISK}&q=text")))
    assert [row["number"] for row in rows] == ["1", "3"]


def test_invalid_filters_are_refused_rather_than_ignored(client, plan):
    response = client.get(url(plan, "?theme=999999"))
    assert response.status_code == 400
    assert "Choose a theme from the list." in response.content.decode()


def test_its_query_count_does_not_grow_with_rows(
    client, plan, public_rows, django_assert_num_queries
):
    # plan, latest round, rows (+ plan, theme, last round, latest public summary), their
    # leads, priorities; filter choices are read only to validate a chosen theme, lead or
    # priority. The rows are read as the response streams.
    with django_assert_num_queries(5):
        found = rows_of(client.get(url(plan, "?q=text")))
    assert len(found) == len(public_rows)


def test_it_streams_rather_than_building_the_file_in_memory(client, plan, request):
    add_public_rows(request, 2)
    response = client.get(url(plan))
    assert response.streaming
    assert len(rows_of(response)) == 2
