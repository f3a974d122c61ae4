import pytest
from django.conf import settings
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import ProgressUpdate, Status
from actions.services import update_publish
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def caching_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    # Ask for the version of the data on every request, so that tests see changes at once.
    settings.PUBLIC_PAGE_VERSION_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def actions(make_action, make_partner):
    police, council = make_partner("Bedfordshire Police"), make_partner("Luton Council")
    return [
        make_action(1, leads=[police], text="Patrol the town centre on Friday nights."),
        make_action(2, leads=[council], text="Light the underpass by the station."),
        make_action(3, leads=[police, council], text="Close the crack house on Elm Road."),
    ]


def list_url(plan):
    return reverse("public:action_list", args=[plan.slug])


def test_a_second_visit_is_served_from_the_cache_with_one_query(
    client, plan, actions, django_assert_num_queries
):
    first = client.get(list_url(plan))
    # The version of the data, and nothing else, however many actions the page lists.
    with django_assert_num_queries(1):
        second = client.get(list_url(plan))
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


def test_a_change_to_the_data_is_shown_at_once(client, plan, actions):
    client.get(list_url(plan))
    action = actions[1]
    action.text = "Light the underpass and the car park."
    action.save()
    assert b"Light the underpass and the car park." in client.get(list_url(plan)).content


def test_publishing_an_update_is_shown_at_once(client, plan, actions, make_update, officer):
    detail = reverse("public:action_detail", args=[plan.slug, 1])
    update = make_update(actions[0], public_summary="Twelve patrols took place.")
    assert b"Twelve patrols took place." not in client.get(detail).content
    update_publish(update=update, user=officer, action_status=Status.ON_TRACK)
    assert ProgressUpdate.objects.get().state == ProgressUpdate.State.PUBLISHED
    assert b"Twelve patrols took place." in client.get(detail).content


def test_each_query_string_is_cached_on_its_own(client, plan, actions):
    everything = client.get(list_url(plan)).content
    searched = client.get(list_url(plan), {"q": "underpass"}).content
    assert searched != everything
    assert b"Light the underpass" in searched
    assert b"Patrol the town centre" not in searched


def test_signed_in_users_always_get_a_fresh_page(client, plan, actions, officer):
    client.get(list_url(plan))
    verified_login(client, officer)
    page = client.get(list_url(plan))
    assert b"Sign out" in page.content
    assert b"Sign in" not in page.content


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def waiting_messages_cookie(text):
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies[CookieStorage.cookie_name].value


def test_a_visitor_with_messages_waiting_gets_a_fresh_page(client, plan, actions):
    home = reverse("public:home")
    client.get(home)
    assert queries_of(client, home) == 1
    client.cookies["messages"] = waiting_messages_cookie("Your password has been set.")
    page = client.get(home)
    assert b"Your password has been set." in page.content


def test_made_up_cookies_do_not_bypass_the_cache(client, plan, actions):
    home = reverse("public:home")
    client.get(home)
    client.cookies["messages"] = "anything"
    client.cookies["tracking"] = "x" * 40
    assert queries_of(client, home) == 1
    # A session cookie that names no session: one query finds none, the page is the cached one.
    client.cookies[settings.SESSION_COOKIE_NAME] = "made-up-session-key-1234567890"
    assert queries_of(client, home) == 2


def test_a_signed_in_session_still_gets_its_own_page(client, plan, actions, officer):
    home = reverse("public:home")
    client.get(home)
    verified_login(client, officer)
    assert b"Sign out" in client.get(home).content


def test_pages_that_are_not_found_are_not_cached(client, plan, django_assert_num_queries):
    missing = reverse("public:action_detail", args=[plan.slug, 99])
    assert client.get(missing).status_code == 404
    # version, plan, action: rendered again, not served from the cache
    with django_assert_num_queries(4):
        assert client.get(missing).status_code == 404


def test_caching_can_be_turned_off(client, plan, actions, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    home = reverse("public:home")
    client.get(home)
    assert queries_of(client, home) > 1


def test_a_hit_soon_after_the_last_check_asks_nothing_of_the_database(
    client, plan, actions, settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_VERSION_SECONDS = 60
    client.get(list_url(plan))
    with django_assert_num_queries(0):
        assert client.get(list_url(plan)).status_code == 200


@pytest.mark.parametrize(
    "name",
    [
        "public:open_data",
        "public:status_list",
        "public:accessibility",
        "public:privacy",
        "public:cookies",
        "public:contact",
        "indicators:indicator_list",
    ],
)
def test_the_open_data_indicator_and_information_pages_are_cached(
    client, plan, actions, name, django_assert_num_queries
):
    first = client.get(reverse(name))
    # The version of the data only
    with django_assert_num_queries(1):
        second = client.get(reverse(name))
    assert second.content == first.content
