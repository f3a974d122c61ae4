import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from openpyxl import load_workbook

from actions.models import Status
from reports import exports
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def csv_url(plan, **params):
    base = reverse("reports:action_export_csv", args=[plan.slug])
    return f"{base}?{urlencode(params)}" if params else base


def xlsx_url(plan, **params):
    base = reverse("reports:action_export_xlsx", args=[plan.slug])
    return f"{base}?{urlencode(params)}" if params else base


def read_csv(response):
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def read_xlsx(response):
    assert response.streaming
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Actions"]
    header, *rows = sheet.iter_rows()
    names = [cell.value for cell in header]
    return [dict(zip(names, row, strict=True)) for row in rows]


def test_the_csv_lists_the_actions_as_filtered_with_their_latest_update(
    client, scenario, executive
):
    verified_login(client, executive)
    response = client.get(csv_url(scenario.plan, missing="1"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="actions-' in response["Content-Disposition"]
    rows = read_csv(response)
    assert list(rows[0]) == [str(column) for column in exports.COLUMNS]
    assert [row["Action number"] for row in rows] == ["3", "4", "5"]
    three = rows[0]
    assert three["Status"] == "On track"
    assert three["No update for the round"] == "Yes"
    assert three["Round"] == "Q2"
    assert three["Figures"].startswith("Live on ")
    assert three["Update round"] == "Q1"  # its Q2 update is only a draft
    assert three["Reporting partner"] == "Fire Service"
    assert three["Lead partners"] == "Fire Service"


def test_formulas_in_the_csv_are_neutralised(client, scenario, executive):
    verified_login(client, executive)
    rows = read_csv(client.get(csv_url(scenario.plan, theme=scenario.themes[0].pk)))
    two = next(row for row in rows if row["Action number"] == "2")
    assert two["Progress (internal)"] == '\'=HYPERLINK("http://evil.example")'


def test_the_excel_file_has_the_same_rows_and_no_formulas(client, scenario, executive):
    scenario.actions[7].text = "@risk register review"
    scenario.actions[7].save(update_fields=["text"])
    verified_login(client, executive)
    response = client.get(xlsx_url(scenario.plan))
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    rows = read_xlsx(response)
    assert [row["Action number"].value for row in rows] == [1, 2, 3, 4, 5, 6, 7]
    two, seven = rows[1], rows[6]
    # Text as written, typed as text: shown with no quote and never run.
    assert two["Progress (internal)"].value == '=HYPERLINK("http://evil.example")'
    assert two["Progress (internal)"].data_type == "s"
    assert two["Progress (internal)"].quotePrefix
    assert seven["Action"].value == "@risk register review"
    assert seven["Action"].data_type == "s"
    assert all(cell.data_type != "f" for row in rows for cell in row.values())
    assert all(
        cell.data_type == "s"
        for row in rows
        for cell in row.values()
        if isinstance(cell.value, str)
    )
    assert two["Overdue"].value == "Yes"
    assert two["Due on"].is_date


def test_the_excel_file_opens_ready_to_read(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(xlsx_url(scenario.plan))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Actions"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:V8"
    assert sheet.column_dimensions["E"].width == 60  # Action
    assert sheet.column_dimensions["D"].width == 9  # Action number
    assert all(sheet.column_dimensions[letter].width for letter in "ABCDEFGHIJKLMNOPQRSTUV")
    assert sheet["K3"].is_date and sheet["K3"].number_format == "yyyy-mm-dd"  # due on
    changed = [cell for cell in sheet["U"][1:] if cell.value is not None]
    assert changed and all(cell.is_date for cell in changed)  # update last changed


def test_a_frozen_round_exports_its_frozen_figures_and_every_partners_update(
    client, scenario, executive
):
    scenario.actions[4].status = Status.COMPLETE
    scenario.actions[4].save(update_fields=["status"])
    verified_login(client, executive)
    rows = read_csv(client.get(csv_url(scenario.plan, round=scenario.q1.pk)))
    four = next(row for row in rows if row["Action number"] == "4")
    assert four["Status"] == "Not started"
    assert four["Figures"].startswith("Frozen on ")
    assert four["Reporting partner"] == "Luton Council\n\nFire Service"
    assert four["Update round"] == "Q1"
    assert four["Status changed since the compared round"] == ""


def test_rows_read_in_several_chunks_are_all_exported(client, scenario, executive, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    verified_login(client, executive)
    rows = read_csv(client.get(csv_url(scenario.plan)))
    assert [row["Action number"] for row in rows] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [row["Update round"] for row in rows] == ["Q2", "Q2", "Q1", "Q1", "", "Q1", ""]


def test_bad_filters_give_the_list_with_the_problem_instead_of_a_file(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(csv_url(scenario.plan, status="exploded"))
    assert response.status_code == 400
    assert b"Select a valid choice." in response.content


def test_the_documented_columns_are_the_exported_ones():
    text = (Path(settings.BASE_DIR) / "docs" / "exports.md").read_text()
    documented = re.findall(r"^\| ([^|]+?) \| .+ \|$", text, re.MULTILINE)
    assert documented[2:] == [str(column) for column in exports.COLUMNS]  # after the heading


def test_the_query_count_does_not_grow_with_actions(
    client, scenario, executive, extra_actions, django_assert_num_queries
):
    verified_login(client, executive)
    # session, user, its two-factor device, permissions, plan, rounds, then while streaming: actions
    # (+latest update id), their leads, the latest updates, their authors' partners, their frozen
    # copies
    with django_assert_num_queries(11):
        rows = read_csv(client.get(csv_url(scenario.plan)))
    assert len(rows) == 7 + extra_actions
