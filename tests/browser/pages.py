"""Steps the browser tests share.

A click that submits a form or follows a link returns before the next page has loaded, so
reading the page straight after it can read the old one; `click_and_wait` waits for the page the
click loads.
"""

PASSWORD = "a-long-test-password"


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def sign_in(page, server_url, username, password=PASSWORD):
    page.goto(server_url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    click_and_wait(page, page.get_by_role("button", name="Sign in"))
