"""Uploaded files: checked by content and size, stored outside the web root under random
names, downloaded only through the permission-checked view."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files import storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from actions.models import LinkedDocument
from portal.uploads import CSV, PDF, check_upload, upload_store
from tests.signing_in import verified_login
from tests.trust.conftest import PDF_BYTES

pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

# The module `storage`, not `default_storage` itself: collecting a test module touches its
# names, and touching that lazy object before the test settings apply fixes it too early.


@pytest.fixture(scope="module")
def portal(shared_portal):
    """The portal's data, built once for this module's tests, which only read it."""
    return shared_portal


def upload(name, content, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def office_file(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


DOCX = office_file({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
DOCM = office_file(
    {
        "[Content_Types].xml": "<Types/>",
        "word/document.xml": "<w:document/>",
        "word/vbaProject.bin": "macro",
    }
)


def test_a_pdf_is_recognised_by_its_content_whatever_its_name():
    assert check_upload(upload("minutes.txt", PDF_BYTES)) == PDF


def test_a_word_document_is_recognised():
    assert check_upload(upload("plan.docx", DOCX)).extension == ".docx"


def test_a_csv_in_utf8_is_accepted():
    content = "Ward,Incidents\nHigh Town,12 – Café\n".encode()
    assert check_upload(upload("figures.csv", content)) == CSV


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>"),
        ("chart.pdf", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
        ("tool.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00binary"),
        ("macro.docx", DOCM),
        ("broken.docx", b"PK\x03\x04 not really a zip"),
        ("data.csv", b"a,b\x00c\n"),
        ("chart.csv", "\ufeff<svg onload=alert(1)>".encode()),
        ("figures.csv", b"Ward,Incidents\nHigh Town,12\n<script>alert(1)</script>\n"),
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00<html><script>alert(1)</script>"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF<svg onload=alert(1)>"),
        ("form.pdf", PDF_BYTES + b"1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    ],
)
def test_other_content_is_refused_with_a_clear_message(name, content):
    with pytest.raises(ValidationError) as error:
        check_upload(upload(name, content))
    assert "must be a PDF, Word, Excel" in error.value.messages[0]


def test_a_csv_may_compare_figures_with_angle_brackets():
    content = b"Ward,Incidents\nHigh Town,<5\nDallow,>10\n"
    assert check_upload(upload("figures.csv", content)) == CSV


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        check_upload(upload("empty.pdf", b""))


def test_a_file_over_the_limit_is_refused(settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="smaller than 1.0"):
        check_upload(upload("big.pdf", PDF_BYTES + b"0" * 2000))


def test_stored_files_get_a_random_name_and_live_under_media_root(settings):
    name = upload_store(upload("Jane Smith disciplinary.pdf", PDF_BYTES))
    assert "Jane" not in name and name.endswith(".pdf") and name.startswith("documents/")
    path = storage.default_storage.path(name)
    assert path.startswith(str(settings.MEDIA_ROOT))
    assert not path.startswith(str(settings.BASE_DIR / "static"))


def test_media_root_is_not_served_by_any_url(portal, client, superuser, settings):
    document = LinkedDocument.objects.exclude(file="").first()
    assert (settings.MEDIA_ROOT / document.file.name).exists()
    verified_login(client, superuser)
    for prefix in ("/media/", "/", "/static/", settings.MEDIA_URL or "/"):
        assert client.get(f"{prefix}{document.file.name}").status_code == 404
    assert settings.MEDIA_ROOT not in settings.STATICFILES_DIRS
    assert settings.MEDIA_ROOT != settings.STATIC_ROOT


def test_a_document_of_a_public_plan_downloads_for_anyone(portal, client):
    document = LinkedDocument.objects.get(title="Public strategy")
    response = client.get(reverse("actions:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="public-strategy.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_public_action_page_links_to_its_document(portal, client):
    document = LinkedDocument.objects.get(title="Public strategy")
    page = client.get(document.action.get_absolute_url())
    url = reverse("actions:document_download", args=[document.pk])
    assert f'href="{url}"'.encode() in page.content


def test_a_document_of_a_draft_plan_is_not_found_for_the_public(portal, client, nobody):
    document = LinkedDocument.objects.get(title="Draft strategy")
    url = reverse("actions:document_download", args=[document.pk])
    assert client.get(url).status_code == 404
    verified_login(client, nobody)
    assert client.get(url).status_code == 404


def test_a_document_of_a_draft_plan_downloads_for_an_officer(portal, officer):
    client = Client()
    verified_login(client, officer)
    document = LinkedDocument.objects.get(title="Draft strategy")
    response = client.get(reverse("actions:document_download", args=[document.pk]))
    assert response.status_code == 200


def test_a_missing_file_is_not_found_rather_than_an_error(portal, client):
    document = LinkedDocument.objects.get(title="Public strategy")
    storage.default_storage.delete(document.file.name)
    url = reverse("actions:document_download", args=[document.pk])
    assert client.get(url).status_code == 404


def test_the_admin_refuses_a_disguised_upload_and_saves_nothing(portal, client, superuser):
    verified_login(client, superuser)
    action = LinkedDocument.objects.get(title="Public strategy").action
    url = reverse("admin:actions_action_change", args=[action.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data = {
        **{k: v for k, v in data.items() if not isinstance(v, list)},
        "priorities": [p.pk for p in form.initial.get("priorities", [])],
        "commitments": [c.pk for c in form.initial.get("commitments", [])],
    }
    formsets = page.context["inline_admin_formsets"]
    for inline in formsets:
        management = inline.formset.management_form
        prefix = inline.formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = management.initial["TOTAL_FORMS"] + 1
        data[f"{prefix}-INITIAL_FORMS"] = management.initial["INITIAL_FORMS"]
        for index, inline_form in enumerate(inline.formset.forms):
            for name, value in inline_form.initial.items():
                data[f"{prefix}-{index}-{name}"] = getattr(value, "pk", value) or ""
    documents = next(f.formset for f in formsets if f.formset.model is LinkedDocument)
    new = documents.total_form_count()
    data[f"{documents.prefix}-{new}-title"] = "Disguised"
    data[f"{documents.prefix}-{new}-position"] = 20
    data[f"{documents.prefix}-{new}-file"] = upload("evil.pdf", b"<script>alert(1)</script>")
    count = LinkedDocument.objects.count()
    response = client.post(url, data)
    assert response.status_code == 200
    assert "must be a PDF, Word, Excel" in response.content.decode()
    assert LinkedDocument.objects.count() == count


def test_a_download_costs_one_query(portal, client, django_assert_num_queries):
    document = LinkedDocument.objects.get(title="Public strategy")
    url = reverse("actions:document_download", args=[document.pk])
    # the document with its action and plan, limited to public plans
    with django_assert_num_queries(1):
        response = client.get(url)
    assert response.status_code == 200
