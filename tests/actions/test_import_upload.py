"""Uploading a spreadsheet: kept privately for the preview, refused clearly when unreadable."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from actions.imports import MAX_FILE_SIZE
from tests.actions.import_files import csv_bytes, row, upload, xlsx_bytes
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media):
    folder = media / "imports"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def url(plan):
    return reverse("actions:plan_import_upload", args=[plan.slug])


def test_anonymous_visitors_are_sent_to_sign_in(client, plan, media):
    response = upload(client, plan, csv_bytes([row(1)]))
    assertRedirects(response, f"{reverse('login')}?next={url(plan)}")
    assert stored_files(media) == []


def test_partner_leads_may_not_upload(client, partner_lead, plan, media):
    verified_login(client, partner_lead)
    assert client.get(url(plan)).status_code == 403
    assert upload(client, plan, csv_bytes([row(1)])).status_code == 403
    assert stored_files(media) == []


def test_executive_members_may_not_upload(client, executive, plan):
    verified_login(client, executive)
    assert client.get(url(plan)).status_code == 403


def test_the_page_lists_the_columns_and_links_the_template(client, officer, plan):
    verified_login(client, officer)
    response = client.get(url(plan))
    assertContains(response, "<h1", count=1)
    assertContains(response, "Progress narrative")
    assertContains(response, reverse("actions:import_template", args=["xlsx"]))
    assertContains(response, 'enctype="multipart/form-data"')


def test_a_readable_file_is_kept_privately_and_previewed(client, officer, plan, media):
    verified_login(client, officer)
    response = upload(client, plan, csv_bytes([row(1)]))
    assertRedirects(response, reverse("actions:plan_import_preview", args=[plan.slug]))
    [name] = stored_files(media)
    assert name.endswith(".csv") and "plan" not in name
    pending = client.session["plan_import"]
    assert (pending["plan"], pending["filename"]) == (plan.pk, "plan.csv")
    assert pending["name"] == f"imports/{name}"
    assert len(pending["digest"]) == 64


def test_a_new_upload_replaces_the_one_waiting(client, officer, plan, media):
    verified_login(client, officer)
    upload(client, plan, csv_bytes([row(1)]))
    [first] = stored_files(media)
    upload(client, plan, xlsx_bytes([row(2)]), name="plan.xlsx")
    [second] = stored_files(media)
    assert first != second and second.endswith(".xlsx")


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, officer, plan, media):
    verified_login(client, officer)
    response = upload(client, plan, b"\x89PNG\r\n\x1a\n" + bytes(100), name="plan.csv")
    assert response.status_code == 200
    assertContains(response, "This file is a PNG image, not a spreadsheet.")
    assertContains(response, "govuk-file-upload--error")
    assert stored_files(media) == []


def test_headings_the_portal_does_not_know_are_chosen_on_the_preview(client, officer, plan):
    verified_login(client, officer)
    data = csv_bytes([["1", "1", "x"]], headings=["Theme", "No.", "Text"])
    response = upload(client, plan, data)
    assertRedirects(response, reverse("actions:plan_import_preview", args=[plan.slug]))
    response = client.get(response.url)
    assertContains(response, "No column fills “Action”: choose which of the file")
    assertContains(response, '<label for="id_column_2">Text</label>')


def test_a_file_over_5_mb_is_refused_and_never_stored(client, officer, plan, media):
    verified_login(client, officer)
    response = upload(client, plan, b"x" * (MAX_FILE_SIZE + 1))
    assert response.status_code == 200
    assertContains(response, "The file is larger than 5 MB.")
    assertContains(response, "There is a problem")
    assert stored_files(media) == []
    assert "plan_import" not in client.session


def test_a_file_of_exactly_5_mb_is_read(client, officer, plan):
    verified_login(client, officer)
    short = len(csv_bytes([row(1, text="x")]))
    data = csv_bytes([row(1, text="x" * (MAX_FILE_SIZE - short + 1))])
    assert len(data) == MAX_FILE_SIZE
    response = upload(client, plan, data)
    assert response.status_code == 302


def test_a_missing_file_is_asked_for(client, officer, plan):
    verified_login(client, officer)
    assertContains(client.post(url(plan), {}), "This field is required.")


def test_the_upload_checks_the_csrf_token(plan, officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    verified_login(client, officer)
    response = client.post(
        url(plan), {"file": SimpleUploadedFile("plan.csv", csv_bytes([row(1)]), "text/csv")}
    )
    assert response.status_code == 403


def test_the_page_reads_only_the_plan(
    client, officer, plan, make_action, django_assert_num_queries
):
    for number in range(1, 4):
        make_action(number)
    verified_login(client, officer)
    # session, user, its two-factor device, the partnership, permissions, plan
    with django_assert_num_queries(6):
        client.get(url(plan))


def test_a_workbook_named_csv_is_recognised_by_its_content(client, officer, plan, media):
    verified_login(client, officer)
    upload(client, plan, xlsx_bytes([row(1)]), name="plan.csv")
    [name] = stored_files(media)
    assert name.endswith(".xlsx")
