"""The sign-in, password and refusal pages in a real browser: no WCAG 2.2 AA violations found
by axe-core, in their ordinary and their error states, and nothing blocked by the
Content-Security-Policy."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.pages import PASSWORD, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def account(db):
    return get_user_model().objects.create_user("inspector", "inspector@example.org", PASSWORD)


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/MQ/bad-token/",
        "/accounts/reset/done/",
    ],
)
def test_account_pages_have_no_axe_violations(live_server, page, axe_violations, path):
    page.goto(live_server.url + path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_a_failed_sign_in_is_accessible_and_focuses_the_error_summary(
    live_server, page, axe_violations, account, csp_violations
):
    sign_in(page, live_server.url, "inspector", password="wrong")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    summary = page.locator(".govuk-error-summary")
    assert summary.is_visible()
    assert axe_violations(page) == []
    assert csp_violations == []


def test_the_lockout_message_is_accessible(live_server, page, axe_violations, account):
    for _ in range(5):
        sign_in(page, live_server.url, "inspector", password="wrong")
    sign_in(page, live_server.url, "inspector")
    assert page.get_by_text("Too many failed sign-in attempts").first.is_visible()
    assert axe_violations(page) == []


def test_signed_in_pages_and_the_refusal_page_are_accessible(
    live_server, page, axe_violations, account, csp_violations
):
    sign_in(page, live_server.url, "inspector")
    for path in ("/accounts/password_change/", "/dashboards/"):
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1
        assert axe_violations(page) == [], path
    assert page.get_by_role("heading", name="You do not have permission to see this page")
    assert csp_violations == []
