"""An officer brings a plan in from a CSV file through the real pages, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import OFFICERS
from actions.models import Action
from tests.actions.import_files import csv_bytes, row
from tests.browser.pages import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def signed_in(live_server, page, make_user):
    make_user("olivia", role=OFFICERS)
    sign_in(page, live_server.url, "olivia")
    expect(page.get_by_role("link", name="Import a plan")).to_be_visible()
    return page


def csv_file(rows):
    return {"name": "plan.csv", "mimeType": "text/csv", "buffer": csv_bytes(rows)}


def test_an_officer_uploads_previews_and_confirms_an_import(
    live_server, signed_in, axe_violations, plan, make_theme, make_partner
):
    page = signed_in
    make_theme(1)
    make_partner("Bedfordshire Police")
    page.get_by_role("link", name="Import a plan").click()
    page.get_by_role("link", name=re.compile("Import a spreadsheet into Community Safety")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import a spreadsheet")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    page.get_by_label("Spreadsheet").set_input_files(
        csv_file(
            [
                row(
                    1,
                    theme="1",
                    leads="Bedfordshire Police",
                    status="On track",
                    round="Q1 2025–26",
                    narrative="Started.",
                ),
                row(2, theme="1", leads="Victims Hub"),
            ]  # fmt: skip
        )
    )
    page.get_by_role("button", name="Upload and preview").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.get_by_text("What importing “plan.csv” would do.")).to_be_visible()
    expect(page.get_by_label("Victims Hub")).to_have_value("create")
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert not Action.objects.exists()
    page.get_by_role("button", name="Import 2 actions").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import complete")
    expect(page.get_by_text("2 actions created, 0 changed and 0 unchanged.")).to_be_visible()
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []
    assert list(Action.objects.filter(plan=plan).values_list("number", flat=True)) == [1, 2]


def test_a_file_that_is_not_a_spreadsheet_is_refused_accessibly(
    live_server, signed_in, axe_violations, plan
):
    page = signed_in
    page.goto(f"{live_server.url}/plans/{plan.slug}/import/")
    page.get_by_label("Spreadsheet").set_input_files(
        {"name": "plan.csv", "mimeType": "text/csv", "buffer": b"\x89PNG\r\n\x1a\n" + bytes(64)}
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("alert").first).to_contain_text("This file is a PNG image")
    assert axe_violations(page) == []


def test_the_preview_with_problems_and_choices_has_no_axe_violations(
    live_server, signed_in, axe_violations, plan, make_partner
):
    page = signed_in
    make_partner("Bedfordshire Police")
    page.goto(f"{live_server.url}/plans/{plan.slug}/import/")
    page.get_by_label("Spreadsheet").set_input_files(
        csv_file([row(1, due="31/02/2026"), row(1), row(2, leads="Bedfordshire Polise")])
    )
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_text("There are 2 problems with the file")).to_be_visible()
    expect(page.get_by_label("Bedfordshire Polise")).to_be_visible()
    assert axe_violations(page) == []


def test_an_officer_names_the_round_of_a_file_without_one(
    live_server, signed_in, axe_violations, plan, make_theme, make_partner, make_round
):
    page = signed_in
    make_theme(1)
    make_partner("Bedfordshire Police")
    make_round("2025-26 Q2")
    page.goto(f"{live_server.url}/plans/{plan.slug}/import/")
    headings = ["Theme", "Number", "Action", "Lead partners", "Progress narrative"]
    data = csv_bytes([["1", "1", "Patrols.", "Bedfordshire Police", "Started."]], headings=headings)
    page.get_by_label("Spreadsheet").set_input_files(
        {"name": "plan.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Upload and preview").click()

    field = page.get_by_label("Reporting round of the progress")
    expect(field).to_have_value("2025-26 Q2")
    field.fill("2025-26 Q3")
    page.get_by_role("button", name="Update the preview with these choices").click()
    expect(page.get_by_label("Reporting round of the progress")).to_have_value("2025-26 Q3")
    assert axe_violations(page) == []
    page.get_by_label(re.compile("I have read the imported progress")).check()
    page.get_by_role("button", name="Import 1 action").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Import complete")
    action = Action.objects.get(plan=plan)
    assert [u.round.name for u in action.updates.all()] == ["2025-26 Q3"]
