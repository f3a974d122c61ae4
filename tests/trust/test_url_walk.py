"""Every route is either on the list of public pages or refuses anonymous visitors; no route
changes data on GET or accepts a form without its CSRF token; no account without a role can
change anything. The routes are found by walking the URL configuration, so a page added later
is checked without editing this file, and a new public page fails here until it is added to
PUBLIC_ROUTES: that list is the security review's record of what anyone may open."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.trust.routes import all_routes, changed_tables, route_urls, table_counts

# The admin's own templates (django-simple-history's) use variables they leave undefined.
pytestmark = [pytest.mark.django_db, pytest.mark.ignore_template_errors]

# Pages anyone may open without signing in.
PUBLIC_ROUTES = {
    "public:home",
    "public:plan_list",
    "public:plan_detail",
    "public:statement_list",
    "public:theme_detail",
    "public:action_list",
    "public:action_detail",
    "actions:document_download",  # files of actions in public plans only
    "public:action_list_csv",  # open data: public fields of public plans' actions
    "public:action_list_json",
    "public:plan_feed",  # published updates only
    "public:theme_feed",
    "public:open_data",
    "public:sitemap",
    "public:robots_txt",
    "public:status_list",  # what the statuses mean
    "public:accessibility",  # the information pages, as officers wrote them
    "public:privacy",
    "public:cookies",
    "public:contact",
    "public:partnership_css",  # the partnership's name, colour and logo
    "public:favicon",
    "public:logo",
    "indicators:indicator_list",  # outcome indicators and their published figures
    "indicators:indicator_detail",
    "indicators:values_download_csv",
    "indicators:values_download_json",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "admin:login",
    "healthz",
}

# Pages any signed-in account may open, whatever its role.
ANY_ACCOUNT_ROUTES = {
    "actions:my_actions",  # lists only the actions of the account's own partners
    "password_change",
    "password_change_done",
    "logout",
}


def login_pages():
    return (reverse("login"), reverse("admin:login"), settings.LOGIN_URL)


def ends_at_login(client, url, method="get"):
    """Follow up to three redirects; True when they end on a sign-in page."""
    response = getattr(client, method)(url)
    for _ in range(3):
        if response.status_code not in (301, 302, 303):
            return False
        location = response["Location"]
        if location.split("?")[0] in login_pages():
            return True
        response = client.get(location)
    return False


@pytest.fixture
def urls(portal, client, superuser):
    client.force_login(superuser)
    built = route_urls(client)
    client.logout()
    return built


def test_the_walk_finds_every_kind_of_route(urls):
    keys = {route.key for route, _ in urls}
    assert PUBLIC_ROUTES <= keys, "a route on the public list no longer exists"
    assert ANY_ACCOUNT_ROUTES <= keys
    assert {"reports:dashboard_index", "admin:index", "actions:my_actions"} <= keys
    assert len(urls) > 80  # the admin's pages included, deliberately


def test_public_routes_answer_anonymous_visitors(urls, client):
    for route, url in urls:
        if route.key in PUBLIC_ROUTES:
            response = client.get(url)
            assert response.status_code in (200, 302, 404), (route.key, url)
            if response.status_code == 302:
                assert response["Location"].split("?")[0] not in login_pages(), route.key


def unlisted_routes_open_to_anonymous(urls, client):
    """Routes off the public list that answer an anonymous visitor without sign-in."""
    return [
        f"{route.key} ({url}): {client.get(url).status_code}"
        for route, url in urls
        if route.key not in PUBLIC_ROUTES and not ends_at_login(client, url)
    ]


def test_every_other_route_sends_anonymous_visitors_to_sign_in(urls, client):
    open_routes = unlisted_routes_open_to_anonymous(urls, client)
    assert not open_routes, (
        "These routes answer anonymous visitors without asking them to sign in. If a page "
        "is meant to be public, add it to PUBLIC_ROUTES: " + "; ".join(open_routes)
    )


def test_a_new_public_page_off_the_list_is_caught(portal, client, settings):
    """The guard itself: a URL configuration with one more public view fails the check."""
    settings.ROOT_URLCONF = "tests.trust.urls_with_a_new_public_page"
    open_routes = unlisted_routes_open_to_anonymous(route_urls(), client)
    assert [entry.split(" ")[0] for entry in open_routes] == ["new_public_page"]


def test_anonymous_posts_change_nothing(urls):
    client = Client()
    before = table_counts()
    for _route, url in urls:
        client.get(reverse("login"))  # a CSRF cookie, as a browser would have
        token = client.cookies["csrftoken"].value
        client.post(url, {"csrfmiddlewaretoken": token, "username": "x", "password": "y"})
    assert changed_tables(before, table_counts()) == {}


def test_no_route_changes_data_on_get(urls, client, superuser):
    client.force_login(superuser)
    changed = {}
    for route, url in urls:
        before = table_counts()
        client.get(url)
        if difference := changed_tables(before, table_counts()):
            changed[route.key] = difference
        client.force_login(superuser)  # in case a GET signed out
    assert changed == {}, "GET must never change data; use POST (and @require_POST)"


def test_every_route_refuses_a_post_without_csrf_token(urls, superuser):
    client = Client(enforce_csrf_checks=True)
    accepted = []
    for route, url in urls:
        client.force_login(superuser)
        response = client.post(url, {"title": "x"})
        if response.status_code != 403:
            accepted.append(f"{route.key}: {response.status_code}")
    assert not accepted, "POST without a CSRF token must answer 403: " + "; ".join(accepted)


# Views that skip the CSRF middleware and check the token themselves, with the reason. The
# test above proves that each still refuses a POST without its token.
CSRF_CHECKED_INSIDE = {
    # Django's pattern for upload handlers: the size limit must be set before the CSRF check
    # reads the body, so the view is csrf_exempt and calls a csrf_protect view inside.
    "actions:plan_import_upload",
}


def test_no_other_view_is_exempt_from_csrf_checks():
    exempt = {r.key for r in all_routes() if getattr(r.callback, "csrf_exempt", False)}
    assert exempt == CSRF_CHECKED_INSIDE


def test_the_csrf_refusal_page_explains_and_saves_nothing(superuser):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    response = client.post(reverse("admin:themes_plan_add"), {"title": "Forged"})
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content
    assert b"Nothing was saved" in response.content


def test_accounts_without_a_role_are_refused_everywhere_else(urls, nobody):
    client = Client()
    allowed = []
    for route, url in urls:
        if route.key in PUBLIC_ROUTES | ANY_ACCOUNT_ROUTES:
            continue
        client.force_login(nobody)
        response = client.get(url)
        refused = response.status_code in (403, 404, 405) or ends_at_login(client, url)
        if not refused:
            allowed.append(f"{route.key} ({url}): {response.status_code}")
    assert not allowed, "An account with no role could open: " + "; ".join(allowed)


def test_accounts_without_a_role_change_nothing_by_post(urls, nobody, client):
    before = table_counts()
    for _route, url in urls:
        client.force_login(nobody)
        client.post(url, {"title": "Changed", "state": "published", "narrative": "x"})
    assert changed_tables(before, table_counts()) == {}
