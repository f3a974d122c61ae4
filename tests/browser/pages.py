"""Steps the browser tests share.

A click that submits a form or follows a link returns before the next page has loaded, so
reading the page straight after it can read the old one; `click_and_wait` waits for the page the
click loads.
"""

from django.contrib.auth import get_user_model

from accounts.twofactor import two_factor_required
from tests.signing_in import confirmed_device, unused_code

PASSWORD = "a-long-test-password"


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def sign_in(page, server_url, username, password=PASSWORD):
    """Sign in with the password and, when the portal asks for one, the code of the account's
    authenticator app, computed here. An account that must use two-factor sign-in is given
    an app first, as its owner would have set one up."""
    user = get_user_model().objects.filter(username=username).first()
    if user is not None and password == PASSWORD and two_factor_required(user):
        confirmed_device(user)
    page.goto(server_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))
    if "/accounts/two-factor/code/" in page.url:
        enter_code(page, unused_code(confirmed_device(user)))


def enter_code(page, code):
    page.get_by_label("Code", exact=True).fill(code)
    click_and_wait(page, page.get_by_role("button", name="Continue"))
