"""Two-factor sign-in: officers, staff and the administrator must set it up and give a code
after their password before any signed-in page (the Django admin included) opens; partner
leads and Executive members may turn it on and off; a recovery code signs in once; wrong
codes are paused like wrong passwords and logged."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertRedirects

from accounts.models import SignInAttempt
from tests.signing_in import confirmed_device, totp_code, verified_login

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def no_device_throttle(settings):
    """django-otp also makes each device wait a second after a wrong code; these tests
    follow a wrong code with a right one at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def password_sign_in(client, user, ip="198.51.100.7"):
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}, REMOTE_ADDR=ip
    )
    assert response.status_code == 302
    return response


def enter_code(client, code, next_url="/my-actions/"):
    return client.post(
        reverse("two_factor_verify"), {"code": code, "next": next_url}, REMOTE_ADDR="198.51.100.7"
    )


def recovery_codes(user):
    return list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def setup_device(client, user):
    """The app the set-up page shows, as the phone that scanned it holds it."""
    client.get(reverse("two_factor_setup"))
    return TOTPDevice(user=user, key=client.session["two_factor_setup_key"])


def set_up(client, user):
    """Set two-factor sign-in up through the set-up page; returns the device and the codes."""
    response = client.post(
        reverse("two_factor_setup"), {"code": totp_code(setup_device(client, user))}
    )
    assert response.status_code == 302
    page = client.get(response["Location"])
    device = TOTPDevice.objects.get(user=user)
    return device, re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page.content.decode())


# --- Who must use it -----------------------------------------------------------------


@pytest.mark.parametrize("persona", ["officer", "superuser", "staff_officer"])
def test_an_account_that_must_use_it_is_sent_to_set_it_up_after_the_password(
    client, request, persona
):
    user = request.getfixturevalue(persona)
    password_sign_in(client, user)
    response = client.get(reverse("actions:my_actions"))
    assertRedirects(
        response,
        reverse("two_factor_setup") + "?next=%2Fmy-actions%2F",
        fetch_redirect_response=False,
    )


def test_until_it_is_set_up_no_signed_in_page_opens(client, officer):
    password_sign_in(client, officer)
    for url in [
        reverse("actions:account_list"),
        reverse("reports:dashboard_index"),
        reverse("password_change"),
        reverse("two_factor"),
        reverse("admin:index"),
        reverse("admin:themes_plan_changelist"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_setup")), url
    assert client.post(reverse("actions:account_invite"), {}).status_code == 302


def test_the_admin_needs_a_verified_session_for_staff(client, superuser):
    confirmed_device(superuser)
    password_sign_in(client, superuser)
    response = client.get(reverse("admin:index"))
    assert response["Location"].startswith(reverse("two_factor_verify"))
    verified_login(client, superuser)
    assert client.get(reverse("admin:index")).status_code == 200


def test_public_pages_and_sign_out_stay_open_before_the_code(client, officer):
    password_sign_in(client, officer)
    assert client.get(reverse("public:home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("persona", ["partner_lead", "executive"])
def test_partner_leads_and_the_executive_are_not_asked_unless_they_turn_it_on(
    client, request, persona
):
    user = request.getfixturevalue(persona)
    password_sign_in(client, user)
    assert client.get(reverse("actions:my_actions")).status_code == 200


# --- Setting it up -------------------------------------------------------------------


def test_the_set_up_page_shows_a_qr_code_and_the_secret_as_text(client, officer):
    password_sign_in(client, officer)
    response = client.get(reverse("two_factor_setup"))
    assert not TOTPDevice.objects.exists()  # opening the page writes nothing
    device = TOTPDevice(user=officer, key=client.session["two_factor_setup_key"])
    content = response.content.decode()
    assert re.search(r"<svg[^>]*>.*<path", content, re.S)
    secret = re.search(r'<code class="csp-secret" id="secret">([A-Z2-7 ]+)</code>', content)
    assert secret.group(1).replace(" ", "") in device.config_url
    assert client.get(reverse("two_factor_setup")).content.decode().count(secret.group(1)) == 1


def test_setting_it_up_verifies_the_session_and_shows_ten_recovery_codes_once(
    client, officer, audit
):
    password_sign_in(client, officer)
    device, codes = set_up(client, officer)
    device.refresh_from_db()
    assert device.confirmed
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(codes) == sorted(recovery_codes(officer))
    again = client.get(reverse("two_factor_recovery_codes"))
    assertRedirects(again, reverse("two_factor"), fetch_redirect_response=False)
    assert client.get(reverse("actions:account_list")).status_code == 200
    assert "two-factor turned on user='officer' ip=127.0.0.1" in audit()


def test_a_wrong_first_code_sets_nothing_up_and_is_counted(client, officer, audit):
    password_sign_in(client, officer)
    client.get(reverse("two_factor_setup"))
    response = client.post(reverse("two_factor_setup"), {"code": "000000"})
    assertContains(response, "The code is not right")
    assert not TOTPDevice.objects.exists()
    assert SignInAttempt.objects.get().kind == SignInAttempt.Kind.CODE
    assert "two-factor set-up code failed user='officer' ip=127.0.0.1" in audit()


def test_a_confirmed_app_is_not_replaced_without_its_code(client, officer):
    device = confirmed_device(officer)
    password_sign_in(client, officer)
    response = client.get(reverse("two_factor_setup"))
    assert response["Location"].startswith(reverse("two_factor_verify"))
    assert list(TOTPDevice.objects.all()) == [device]


# --- Giving the code -----------------------------------------------------------------


def test_after_the_password_the_code_is_asked_for_then_the_page_opens(client, officer, audit):
    device = confirmed_device(officer)
    password_sign_in(client, officer)
    response = client.get(reverse("actions:account_list"))
    assertRedirects(
        response,
        reverse("two_factor_verify") + "?next=%2Fmanage%2Faccounts%2F",
        fetch_redirect_response=False,
    )
    response = enter_code(client, totp_code(device), next_url="/manage/accounts/")
    assertRedirects(response, "/manage/accounts/", fetch_redirect_response=False)
    assert client.get(reverse("actions:account_list")).status_code == 200
    assert "two-factor verified with a code user='officer' ip=198.51.100.7" in audit()


def test_giving_the_code_gives_the_session_a_new_key(client, officer):
    device = confirmed_device(officer)
    password_sign_in(client, officer)
    before = client.session.session_key
    enter_code(client, totp_code(device))
    assert client.session.session_key != before


def test_a_wrong_code_is_refused_and_logged_without_the_code(client, officer, audit):
    confirmed_device(officer)
    password_sign_in(client, officer)
    response = enter_code(client, "123456")
    assertContains(response, "The code is not right")
    assert client.get(reverse("actions:account_list")).status_code == 302
    assert "two-factor code failed user='officer' ip=198.51.100.7" in audit()
    assert not any("123456" in line for line in audit())


def test_wrong_codes_are_paused_for_the_account_like_passwords(client, officer, audit):
    device = confirmed_device(officer)
    password_sign_in(client, officer)
    for _ in range(5):
        enter_code(client, "000000")
    response = enter_code(client, totp_code(device))
    assertContains(response, "Too many failed sign-in attempts. Try again in 15 minutes.")
    # Signing in again with the password starts no fresh count of codes.
    other = Client()
    password_sign_in(other, officer, ip="192.0.2.44")
    refused = other.post(reverse("two_factor_verify"), {"code": totp_code(device)})
    assertContains(refused, "Too many failed sign-in attempts")
    assert "two-factor code refused: too many failures user='officer' ip=127.0.0.1" in audit()


def test_a_recovery_code_signs_in_once(client, officer, audit):
    password_sign_in(client, officer)
    _, codes = set_up(client, officer)
    client.post(reverse("logout"))
    password_sign_in(client, officer)
    response = enter_code(client, codes[0].upper())
    assertRedirects(response, "/my-actions/", fetch_redirect_response=False)
    assert codes[0] not in recovery_codes(officer)
    assert "two-factor verified with a recovery code user='officer' ip=198.51.100.7" in audit()
    client.post(reverse("logout"))
    password_sign_in(client, officer)
    assertContains(enter_code(client, codes[0]), "The code is not right")


def test_the_code_page_only_sends_to_pages_of_this_site(client, officer):
    device = confirmed_device(officer)
    password_sign_in(client, officer)
    response = enter_code(client, totp_code(device), next_url="https://evil.example/")
    assertRedirects(response, reverse("actions:start_page"), fetch_redirect_response=False)


def test_the_code_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(reverse("two_factor_verify"))
    assert response["Location"].startswith(reverse("login"))


# --- Partner leads turn it on and off -------------------------------------------------


def test_the_header_links_to_the_two_factor_page(client, partner_lead):
    verified_login(client, partner_lead)
    assertContains(client.get(reverse("actions:my_actions")), reverse("two_factor"))


def test_a_partner_lead_turns_it_on_and_is_then_asked_for_a_code(client, partner_lead):
    verified_login(client, partner_lead)
    assertContains(client.get(reverse("two_factor")), "Turn on two-factor sign-in")
    device, codes = set_up(client, partner_lead)
    assert len(codes) == 10
    assertContains(client.get(reverse("two_factor")), "Turn off")
    later = Client()
    password_sign_in(later, partner_lead)
    response = later.get(reverse("actions:my_actions"))
    assert response["Location"].startswith(reverse("two_factor_verify"))


def test_a_partner_lead_turns_it_off_with_a_current_code(client, partner_lead, audit):
    device = confirmed_device(partner_lead)
    verified_login(client, partner_lead)
    refused = client.post(reverse("two_factor_disable"), {"code": "000000"})
    assertContains(refused, "The code is not right")
    assert TOTPDevice.objects.filter(user=partner_lead).exists()
    response = client.post(reverse("two_factor_disable"), {"code": totp_code(device, 1)})
    assertRedirects(response, reverse("two_factor"))
    assert not TOTPDevice.objects.filter(user=partner_lead).exists()
    assert not StaticDevice.objects.filter(user=partner_lead).exists()
    assert "two-factor turned off user='partner' ip=127.0.0.1" in audit()


def test_an_officer_cannot_turn_it_off(client, officer):
    device = confirmed_device(officer)
    verified_login(client, officer)
    response = client.post(reverse("two_factor_disable"), {"code": totp_code(device, 1)})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=officer).exists()


def test_turning_it_off_needs_a_signed_in_account(client):
    response = client.post(reverse("two_factor_disable"), {"code": "000000"})
    assert response["Location"].startswith(reverse("login"))


def test_the_two_factor_page_reads_a_fixed_number_of_queries(
    client, partner_lead, django_assert_num_queries
):
    confirmed_device(partner_lead)
    verified_login(client, partner_lead)
    # session, user, the session's device, the partnership, the account's app, the account's
    # permissions
    with django_assert_num_queries(6):
        client.get(reverse("two_factor"))


def test_right_after_a_wrong_code_the_page_says_how_long_to_wait(client, officer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 1
    device = confirmed_device(officer)
    password_sign_in(client, officer)
    enter_code(client, "000000")
    response = enter_code(client, totp_code(device))
    assertContains(response, "Wait 1 second, then enter the code your app shows.")
