"""Two-factor sign-in in a real browser: an officer signs in, sets up an app by typing the
key shown as text, keeps the recovery codes, and at the next sign-in gives a code; every page
on the way has no axe-core WCAG 2.2 AA violations and nothing blocked by the
Content-Security-Policy (the QR code is SVG drawn on the server)."""

import re
from base64 import b32decode
from binascii import hexlify

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.roles import OFFICERS
from tests.browser.pages import PASSWORD, click_and_wait, enter_code
from tests.signing_in import totp_code, unused_code

pytestmark = pytest.mark.django_db(transaction=True)


def password_step(page, server_url, username):
    page.goto(server_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))


def test_an_officer_sets_up_two_factor_and_signs_in_with_a_code(
    live_server, page, axe_violations, csp_violations, make_user
):
    officer = make_user("olivia", role=OFFICERS)
    password_step(page, live_server.url, "olivia")
    expect(page).to_have_url(re.compile(r"/accounts/two-factor/set-up/\?next="))
    assert page.locator("svg").first.is_visible()
    assert axe_violations(page) == []

    # The phone's app, given the key typed in from the page.
    secret = page.locator("#secret").inner_text().replace(" ", "")
    phone = TOTPDevice(user=officer, key=hexlify(b32decode(secret)).decode())
    page.get_by_label("Code from the app").fill(totp_code(phone))
    click_and_wait(page, page.get_by_role("button", name="Turn on two-factor sign-in"))
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    assert page.locator(".csp-recovery-codes li").count() == 10
    assert axe_violations(page) == []
    click_and_wait(page, page.get_by_role("link", name="I have kept my codes: continue"))
    expect(page).to_have_url(live_server.url + "/my-actions/")

    click_and_wait(page, page.get_by_role("button", name="Sign out"))
    password_step(page, live_server.url, "olivia")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    assert axe_violations(page) == []
    enter_code(page, "000000")
    expect(page).to_have_title(re.compile(r"^Error: Enter your code"))
    assert axe_violations(page) == []
    page.wait_for_timeout(1100)  # django-otp's wait after a wrong code
    enter_code(page, unused_code(TOTPDevice.objects.get(user=officer)))
    expect(page).to_have_url(live_server.url + "/my-actions/")
    assert csp_violations == []


def test_the_two_factor_page_of_a_partner_lead_is_accessible(
    live_server, page, axe_violations, make_user
):
    make_user("lena")
    password_step(page, live_server.url, "lena")
    page.goto(live_server.url + "/accounts/two-factor/")
    expect(page.get_by_role("link", name="Turn on two-factor sign-in")).to_be_visible()
    assert axe_violations(page) == []
