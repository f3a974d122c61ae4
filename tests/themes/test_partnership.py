"""The partnership's identity is data: every page, feed and email reads it, and no template
or module names a partnership."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.roles import PARTNER_LEADS
from actions.account_services import invitation_send
from portal.colours import contrast_with_white
from tests.signing_in import verified_login
from themes.models import Partnership

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
# Where code and templates live; fixtures, docs and tests may name the seed partnership.
APP_FOLDERS = [
    "accounts",
    "actions",
    "csp_portal",
    "indicators",
    "portal",
    "public",
    "reports",
    "themes",
]
SEED_NAME = "Luton"

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def anytown(db):
    return Partnership.objects.create(
        name="Anytown Community Safety Partnership",
        short_name="Anytown CSP",
        area="Anytown",
        contact_email="safer@anytown.example",
        website="https://anytown.example/",
        brand_colour="#4c2c92",
    )


def test_no_template_or_module_names_a_partnership():
    files = [path for path in (ROOT / "templates").rglob("*") if path.is_file()]
    for folder in APP_FOLDERS:
        files += [path for path in (ROOT / folder).rglob("*.py") if "migrations" not in path.parts]
    naming = [
        str(path.relative_to(ROOT))
        for path in files
        if re.search(rf"\b{SEED_NAME}\b", path.read_text(encoding="utf-8"))
    ]
    assert naming == []


def test_every_page_reads_another_partnerships_identity(client, anytown, plan):
    home = client.get(reverse("public:home"))
    assertContains(home, "<title>What we promised and how it is going – Anytown Community")
    assertContains(home, '<h1 class="govuk-heading-xl">Anytown Community Safety Partnership</h1>')
    assertContains(home, "to make Anytown safer")
    assertContains(home, '<meta name="theme-color" content="#4c2c92">')
    assertNotContains(home, SEED_NAME)
    for name in ["public:plan_list", "public:open_data", "public:contact", "public:cookies"]:
        response = client.get(reverse(name))
        assertContains(response, "Anytown Community Safety Partnership")
        assertNotContains(response, SEED_NAME)
    statements = client.get(reverse("public:statement_list", args=[plan.slug]))
    assertContains(statements, "Residents across Anytown told us")
    contact = client.get(reverse("public:contact"))
    assertContains(contact, 'href="mailto:safer@anytown.example"')


def test_the_stylesheet_and_icon_carry_the_brand_colour(client, anytown):
    css = client.get(reverse("public:partnership_css"))
    assert css["Content-Type"].startswith("text/css")
    assert "--govuk-brand-colour: #4c2c92;" in css.content.decode()
    icon = client.get(reverse("public:favicon"))
    assert icon["Content-Type"] == "image/svg+xml"
    assert b'fill="#4c2c92"' in icon.content
    assert b">AC<" in icon.content


def test_without_a_row_the_site_uses_neutral_defaults(client):
    response = client.get(reverse("public:home"))
    assertContains(response, '<h1 class="govuk-heading-xl">Community Safety Partnership</h1>')
    assert client.get(reverse("public:logo")).status_code == 404


def test_feeds_and_invitations_name_the_partnership(client, anytown, plan, make_user):
    feed = client.get(reverse("public:plan_feed", args=[plan.slug])).content.decode()
    assert "Progress updates as the Anytown Community Safety Partnership publishes them." in feed
    assert "<author><name>Anytown Community Safety Partnership</name></author>" in feed
    assert (
        f'<link href="http://testserver{reverse("public:plan_feed", args=[plan.slug])}" rel="self"'
        in feed
    )
    lead = make_user("newlead", role=PARTNER_LEADS)
    invitation_send(account=lead, invited_by=lead, site_url="http://testserver")
    assert (
        mail.outbox[-1].subject
        == "You are invited to the Anytown Community Safety Partnership portal"
    )
    assert "on the Anytown Community Safety Partnership portal" in mail.outbox[-1].body


def test_the_password_reset_email_names_the_partnership(client, anytown, make_user):
    make_user("inspector")
    client.post(reverse("password_reset"), {"email": "inspector@example.org"})
    [email] = mail.outbox
    assert (
        email.subject == "Reset your password for the Anytown Community Safety Partnership portal"
    )
    assert "on the Anytown Community Safety Partnership portal at" in email.body


def test_authenticator_apps_show_the_partnerships_short_name(anytown, officer):
    device = TOTPDevice(user=officer, name="App")
    assert "issuer=Anytown%20CSP%20Portal" in device.config_url


def test_a_brand_colour_too_light_for_white_text_is_refused():
    assert round(contrast_with_white("#00626e"), 2) == 7.07
    partnership = Partnership(name="Pale", brand_colour="#ffdd00")
    with pytest.raises(ValidationError, match="too light"):
        partnership.full_clean()


def test_the_seed_sets_the_partnership_once(db):
    out = StringIO()
    call_command("load_seed_partnership", stdout=out)
    partnership = Partnership.current()
    assert partnership.area == SEED_NAME
    assert partnership.history.count() == 1
    call_command("load_seed_partnership", stdout=out)
    assert partnership.history.count() == 1
    assert "already up to date" in out.getvalue()


def edit_url():
    return reverse("actions:partnership_edit")


def form_data(**overrides):
    data = {
        "name": "Anytown Community Safety Partnership",
        "short_name": "Anytown CSP",
        "area": "Anytown",
        "contact_email": "safer@anytown.example",
        "website": "https://anytown.example/",
        "brand_colour": "#4c2c92",
    }
    return data | overrides


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.post(edit_url(), form_data())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_partner_leads_may_not_change_it(client, partner_lead):
    verified_login(client, partner_lead)
    assert client.post(edit_url(), form_data()).status_code == 403
    assert not Partnership.objects.exists()


def test_an_officer_changes_it_with_history(client, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    verified_login(client, officer)
    assert client.get(edit_url()).status_code == 200
    logo = SimpleUploadedFile("our logo.png", PNG_BYTES, content_type="image/png")
    response = client.post(edit_url(), form_data(logo=logo))
    assertRedirects(response, edit_url())
    partnership = Partnership.current()
    assert partnership.name == "Anytown Community Safety Partnership"
    assert partnership.history.first().history_user == officer
    assert re.fullmatch(r"partnership/[0-9a-f]{32}\.png", partnership.logo.name)
    client.logout()
    home = client.get(reverse("public:home"))
    assertContains(home, f'src="{reverse("public:logo")}?v=')
    served = client.get(reverse("public:logo"))
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG_BYTES


def test_a_logo_that_is_not_an_image_is_refused(client, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    verified_login(client, officer)
    pdf = SimpleUploadedFile("logo.pdf", b"%PDF-1.4 a document", content_type="application/pdf")
    response = client.post(edit_url(), form_data(logo=pdf))
    assertContains(response, "The logo must be a PNG or JPEG image.")
    assert not Partnership.objects.exists()
