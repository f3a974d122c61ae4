"""What the officer chooses on the preview (columns, lead names) is applied and remembered for
the plan's next import; the preview shows what changes from what to what."""

import datetime
import io
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import Action, PlanImportChoices, ProgressUpdate
from tests.actions.import_files import csv_bytes, upload
from tests.html_forms import page_forms
from tests.signing_in import verified_login
from themes.models import Partner

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def preview_url(plan):
    return reverse("actions:plan_import_preview", args=[plan.slug])


def import_form(response, **chosen):
    """What the browser sends from the preview's form, with the officer's `chosen` changes
    (by the label of the select)."""
    html = response.content.decode()
    form = next(f for f in page_forms(html) if f["attrs"].get("id") == "import-form")
    data = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    fields = response.context["form"]
    for label, value in chosen.items():
        name = next(n for n, f in fields.fields.items() if str(f.label) == label)
        data[name] = [value]
    return form["attrs"]["action"], data


def test_a_column_chosen_on_the_preview_is_applied_and_remembered(client, officer, plan):
    verified_login(client, officer)
    data = csv_bytes([["Violence", "1", "Do it."]], headings=["Theme", "No.", "Wording"])
    upload(client, plan, data)
    response = client.get(preview_url(plan))
    assertContains(response, "No column fills “Action”")
    _confirm, posted = import_form(response, Wording="text")
    response = client.post(preview_url(plan), posted)
    assert response.context["problems"] == []
    confirm, posted = import_form(response)
    response = client.post(confirm, posted)
    assert response.status_code == 302
    assert Action.objects.get(plan=plan, number=1).text == "Do it."
    choices = PlanImportChoices.objects.get(plan=plan)
    assert choices.columns == {"theme": "theme", "no.": "number", "wording": "text"}
    assert choices.history.first().history_user == officer

    upload(
        client, plan, csv_bytes([["Violence", "2", "More."]], headings=["Theme", "No.", "Wording"])
    )
    response = client.get(preview_url(plan))
    assert response.context["problems"] == []
    assertContains(response, '<option value="text" selected>Action</option>')


def test_a_job_title_becomes_the_lead_role_and_a_close_partner_is_never_chosen(
    client, officer, plan, make_partner
):
    make_partner("Community Safety Partnership")
    verified_login(client, officer)
    rows = [
        ["Violence", "1", "Do it.", "CSP Manager"],
        ["Violence", "2", "More.", "Head of Community Safety"],
        ["Violence", "3", "Again.", "Community Safety Partnershp"],
    ]
    upload(client, plan, csv_bytes(rows, headings=["Theme", "No.", "Key actions", "Lead agency"]))
    response = client.get(preview_url(plan))
    form = response.context["form"]
    initial = {
        str(form.fields[name].label): form[name].value() for name, _item in form.partner_fields
    }
    assert initial == {
        "CSP Manager": "role",
        "Head of Community Safety": "role",
        "Community Safety Partnershp": None,
    }
    assertNotContains(response, "selected>Community Safety Partnership</option>")
    partner = Partner.objects.get(name="Community Safety Partnership")
    confirm, posted = import_form(response, **{"Community Safety Partnershp": str(partner.pk)})
    assert client.post(confirm, posted).status_code == 302
    actions = {a.number: a for a in Action.objects.filter(plan=plan)}
    assert (actions[1].lead_role, list(actions[1].lead_links.all())) == ("CSP Manager", [])
    assert actions[2].lead_role == "Head of Community Safety"
    assert [link.partner for link in actions[3].lead_links.all()] == [partner]
    assert Partner.objects.count() == 1

    # The choice for the misspelt name is remembered for the next file of the plan.
    upload(
        client,
        plan,
        csv_bytes(
            [["Violence", "4", "New.", "Community Safety Partnershp"]],
            headings=["Theme", "No.", "Key actions", "Lead agency"],
        ),
    )
    response = client.get(preview_url(plan))
    [item] = response.context["preview"].unknown_partners
    assert item.choice == partner
    assert response.context["preview"].can_confirm


def test_the_preview_shows_each_change_from_what_to_what_and_new_actions_dates(
    client, officer, plan, make_action, make_theme
):
    theme = make_theme(1)
    make_action(1, theme=theme, text="Old words.", due_on=datetime.date(2026, 3, 31))
    verified_login(client, officer)
    rows = [
        ["1", "1", "New words.", "30/09/2026", "On track"],
        ["1", "2", "A new action.", "31/12/2026", "At risk"],
    ]
    upload(
        client, plan, csv_bytes(rows, headings=["Theme", "Number", "Action", "Due date", "Status"])
    )
    response = client.get(preview_url(plan))
    assertContains(response, "Old words. → New words.")
    assertContains(response, "31/03/2026 → 30/09/2026")
    assertContains(response, "Not recorded → On track")
    assertContains(response, '<td class="govuk-table__cell">31/12/2026</td>')
    assertContains(response, '<td class="govuk-table__cell">At risk</td>')


def test_confirming_takes_as_many_queries_for_6_rows_as_for_3(
    client, officer, make_plan, make_partner
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_partner("Bedfordshire Police")
    verified_login(client, officer)
    counts = []
    for size in (3, 6):
        plan = make_plan()
        rows = [
            [
                "1. Violence",
                str(n),
                f"Action {n}.",
                "Bedfordshire Police",
                "",
                "",
                "On track",
                "Q1",
                f"Started {n}.",
            ]
            for n in range(1, size + 1)
        ]
        upload(client, plan, csv_bytes(rows))
        response = client.get(preview_url(plan))
        confirm, posted = import_form(response)
        with CaptureQueriesContext(connection) as captured:
            assert client.post(confirm, posted).status_code == 302
        assert Action.objects.filter(plan=plan).count() == size
        assert ProgressUpdate.objects.filter(action__plan=plan).count() == size
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_command_takes_the_columns_as_options(tmp_path, plan):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([["Violence", "1", "Do it."]], headings=["Area", "Item", "Wording"]))
    out = StringIO()
    call_command(
        "import_plan",
        str(path),
        plan=plan.slug,
        create_missing=True,
        column=["Area=theme", "Item=number", "Wording=text"],
        stdout=out,
    )
    assert "Column C “Wording”: Action" in out.getvalue()
    assert Action.objects.get(plan=plan, number=1).theme.title == "Violence"


def test_another_sheet_chosen_on_the_preview_is_read_with_its_own_headings(client, officer, plan):
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "Plan"
    first.append(["Theme", "No.", "Key actions"])
    first.append(["Violence", "1", "Do it."])
    second = book.create_sheet("Next year")
    second.append(["Ref", "Theme", "Action"])
    second.append(["7", "Violence", "Do more."])
    buffer = io.BytesIO()
    book.save(buffer)
    verified_login(client, officer)
    upload(client, plan, buffer.getvalue(), name="plan.xlsx")
    response = client.get(preview_url(plan))
    _confirm, posted = import_form(response, Worksheet="Next year")
    response = client.post(preview_url(plan), posted)
    assert response.context["problems"] == []
    assert [p.parsed.number for p in response.context["preview"].actions] == [7]
    confirm, posted = import_form(response)
    assert client.post(confirm, posted).status_code == 302
    assert list(Action.objects.filter(plan=plan).values_list("number", "text")) == [(7, "Do more.")]
