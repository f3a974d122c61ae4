"""Downloading a plan in the import format, and the empty template."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django.asserts import assertRedirects

from actions.exports import plan_export_rows, rows_to_csv, rows_to_xlsx
from actions.imports import COLUMNS, read_table
from actions.models import ProgressUpdate, Status
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def url(plan, file_format="csv"):
    return reverse("actions:plan_export", args=[plan.slug, file_format])


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    assertRedirects(client.get(url(plan)), f"{reverse('login')}?next={url(plan)}")


def test_partner_leads_may_not_download_plans(client, partner_lead, plan):
    verified_login(client, partner_lead)
    assert client.get(url(plan)).status_code == 403
    template = reverse("actions:import_template", args=["csv"])
    assert client.get(template).status_code == 403


@pytest.mark.parametrize("persona", ["officer", "executive"])
def test_officers_and_executive_members_download_a_plan_as_csv(client, request, persona, plan):
    verified_login(client, request.getfixturevalue(persona))
    response = client.get(url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{plan.slug}.csv"'
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbfTheme,Number,Action,Lead partners,")


def test_a_plan_downloads_as_a_workbook(client, officer, plan, make_action):
    make_action(4, text="Fourth.")
    verified_login(client, officer)
    response = client.get(url(plan, "xlsx"))
    assert response["Content-Disposition"] == f'attachment; filename="{plan.slug}.xlsx"'
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [cell.value for cell in sheet[1]] == [column.heading for column in COLUMNS]
    assert [sheet["B2"].value, sheet["C2"].value] == [4, "Fourth."]


def test_an_unknown_format_is_not_found(client, officer, plan):
    verified_login(client, officer)
    assert client.get(url(plan, "pdf")).status_code == 404


def test_the_template_holds_the_headings_only(client, officer):
    verified_login(client, officer)
    response = client.get(reverse("actions:import_template", args=["csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="plan-import-template.csv"'
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines == [",".join(column.heading for column in COLUMNS)]


def test_the_download_reads_the_plan_in_fixed_queries(
    client,
    officer,
    plan,
    make_theme,
    make_action,
    make_partner,
    make_round,
    make_update,
    django_assert_num_queries,
):
    rounds = [make_round(f"Q{n}") for n in range(1, 3)]
    for number in range(1, 4):
        action = make_action(
            number, theme=make_theme(), leads=[make_partner(), make_partner(parent=make_partner())]
        )
        for round_ in rounds:
            make_update(action, round=round_, state=ProgressUpdate.State.PUBLISHED)
    verified_login(client, officer)
    # session, user, its two-factor device, permissions, plan; actions (+theme), their leads
    # (+partner, parent), their published own updates (+round)
    with django_assert_num_queries(8):
        response = client.get(url(plan))
    assert len(b"".join(response.streaming_content).splitlines()) == 1 + 3 * 2


def test_each_published_round_is_a_row_and_drafts_stay_out(
    plan, make_action, make_round, make_update, make_partner
):
    action = make_action(1, status=Status.AT_RISK)
    make_update(action, round=make_round("Q1"), state="published", narrative="One.",
                public_summary="One.", status=Status.ON_TRACK)  # fmt: skip
    make_update(action, round=make_round("Q2"), state="published", narrative="Two.",
                public_summary="For residents.", status=Status.AT_RISK)  # fmt: skip
    make_update(action, round=make_round("Q3"), state="draft", narrative="Draft.")
    contributor = make_partner()
    make_update(action, round=make_round("Q4"), state="published", partner=contributor)
    rows = plan_export_rows(plan)
    assert [r[8:] for r in rows[1:]] == [
        ["Q1", "On track", "One.", ""],
        ["Q2", "At risk", "Two.", "For residents."],
    ]
    assert {r[7] for r in rows[1:]} == {"At risk"}


def test_an_action_without_progress_has_one_row(plan, make_action):
    make_action(1)
    [_, only] = plan_export_rows(plan)
    assert only[:3] == ["1. Theme 1", 1, "Action 1 of the plan."]
    assert only[8:] == ["", "", "", ""]


def test_text_that_looks_like_a_formula_stays_text(plan, make_action):
    make_action(1, text='=HYPERLINK("http://example.org")', lead_role="- bullet")
    rows = plan_export_rows(plan)
    csv_text = rows_to_csv(rows).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text and ",'- bullet," in csv_text
    sheet = load_workbook(io.BytesIO(rows_to_xlsx(rows))).active
    assert sheet["C2"].data_type == "s"
    for data in (rows_to_csv(rows), rows_to_xlsx(rows)):
        cells = read_table(data).rows[0].cells
        assert cells["text"] == '=HYPERLINK("http://example.org")'
        assert cells["lead_role"] == "- bullet"
