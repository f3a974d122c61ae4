"""The content of the dashboards and of My actions, shared between requests while the data is
unchanged (portal/page_cache.py shared_content)."""

import datetime
import re
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import EXECUTIVE, PARTNER_LEADS
from actions.models import Status
from tests.actions.conftest import update_data
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sharing_on(settings):
    settings.SHARED_CONTENT_CACHE_SECONDS = 300
    # Ask for the version of the data on every request, so that changes made here through
    # the ORM show at once; the test of a change made through a form sets it back.
    settings.PUBLIC_PAGE_VERSION_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


def plan_dashboard(plan):
    return reverse("reports:plan_dashboard", args=[plan.slug])


def queries_of(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def content_of(response):
    """What is between the layout's header and footer."""
    html = response.content.decode()
    return html[html.index('id="main-content"') : html.index('<footer class="govuk-footer"')]


def test_a_dashboard_is_rendered_once_and_shared_between_members(
    client, plan, make_user, make_action, make_round, make_update
):
    open_round = make_round("2024 Q1", state="open")
    for number in range(1, 6):
        make_update(make_action(number), round=open_round)
    first, second = make_user(role=EXECUTIVE), make_user(role=EXECUTIVE)
    verified_login(client, first)
    fresh_queries, fresh = queries_of(client, plan_dashboard(plan))
    verified_login(client, second)
    # session, user, its two-factor device, the partnership, permissions, plan, version: the
    # figures, themes, rounds and filters are not asked for again
    shared_queries, shared = queries_of(client, plan_dashboard(plan))
    assert shared_queries == 7 < fresh_queries
    assert content_of(shared) == content_of(fresh)


def test_a_change_to_the_data_shows_at_once(client, plan, executive, make_action):
    action = make_action(1, status=Status.ON_TRACK)
    verified_login(client, executive)
    url = reverse("reports:action_list", args=[plan.slug])
    theme = reverse("reports:theme_dashboard", args=[plan.slug, action.theme.number])
    before = client.get(theme).content.decode()
    assert "On track" in before
    action.status = Status.OFF_TRACK
    action.save()
    after = client.get(theme).content.decode()
    assert after != before
    assert "Off track" in after
    assert client.get(url).status_code == 200


def test_frozen_figures_of_a_closed_round_show_at_once(
    client, plan, executive, make_action, make_round
):
    make_action(1)
    make_round("2024 Q1", state="closed")
    verified_login(client, executive)
    url = plan_dashboard(plan)
    before = content_of(client.get(url))
    call_command("freeze_closed_rounds", verbosity=0)
    assert content_of(client.get(url)) != before


def test_content_that_depends_on_a_permission_is_not_shared_with_those_without_it(
    client, plan, officer, executive, make_action, make_round
):
    make_action(1)
    make_round("2024 Q1", state="open")
    verified_login(client, officer)
    assert officer.has_perm("actions.change_reportinground")
    assert b"and freeze its figures" in client.get(plan_dashboard(plan)).content
    verified_login(client, executive)
    assert not executive.has_perm("actions.change_reportinground")
    assert b"and freeze its figures" not in client.get(plan_dashboard(plan)).content


def test_the_content_is_rendered_again_on_a_new_day(client, plan, executive, make_action):
    make_action(1)
    verified_login(client, executive)
    url = plan_dashboard(plan)
    client.get(url)
    assert queries_of(client, url)[0] == 7
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with mock.patch("django.utils.timezone.localdate", return_value=tomorrow):
        assert queries_of(client, url)[0] > 7


def test_each_query_string_is_shared_on_its_own(client, plan, executive, make_action):
    first = make_action(1, status=Status.ON_TRACK)
    make_action(2, status=Status.OFF_TRACK)
    verified_login(client, executive)
    url = reverse("reports:theme_dashboard", args=[plan.slug, first.theme.number])
    everything = content_of(client.get(url))
    off_track = content_of(client.get(url, {"status": Status.OFF_TRACK}))
    assert off_track != everything


def test_my_actions_are_never_shown_to_another_lead(
    client, make_user, make_partner, make_action, make_round
):
    police, council = make_partner("Bedfordshire Police"), make_partner("Luton Council")
    make_action(1, leads=[police], text="Patrol the town centre on Friday nights.")
    make_action(2, leads=[council], text="Light the underpass by the station.")
    make_round("2024 Q1", state="open")
    inspector = make_user(role=PARTNER_LEADS, partners=[police])
    manager = make_user(role=PARTNER_LEADS, partners=[council])
    url = reverse("actions:my_actions")
    verified_login(client, inspector)
    assert b"Patrol the town centre" in client.get(url).content
    verified_login(client, manager)
    page = client.get(url).content
    assert b"Light the underpass" in page
    assert b"Patrol the town centre" not in page
    # and a second visit is served from the cache, still the manager's own
    count, again = queries_of(client, url)
    assert b"Light the underpass" in again.content
    assert b"Patrol the town centre" not in again.content
    # session, user, its two-factor device, the partnership, permissions, version
    assert count == 6


def test_the_layout_around_shared_content_is_each_users_own(plan, make_user, make_action):
    make_action(1)
    first, second = make_user(role=EXECUTIVE), make_user(role=EXECUTIVE)
    browser = Client(enforce_csrf_checks=True)
    verified_login(browser, first)
    browser.get(plan_dashboard(plan))
    verified_login(browser, second)
    page = browser.get(plan_dashboard(plan)).content.decode()
    # The sign-out form carries this session's own token: signing out works.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert browser.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert browser.get(plan_dashboard(plan)).status_code == 302


def test_sharing_can_be_turned_off(client, plan, executive, make_action, settings):
    settings.SHARED_CONTENT_CACHE_SECONDS = 0
    make_action(1)
    verified_login(client, executive)
    url = plan_dashboard(plan)
    client.get(url)
    assert queries_of(client, url)[0] > 6


def test_a_change_made_through_a_form_shows_at_once_to_whoever_made_it(
    client, settings, police_lead, police_action, open_round
):
    settings.PUBLIC_PAGE_VERSION_SECONDS = 60
    url = reverse("actions:my_actions")
    verified_login(client, police_lead)
    assert "Write it" in client.get(url).content.decode()
    # A hit trusts the version this process read less than a minute ago: no query for it.
    count, _ = queries_of(client, url)
    assert count == 4  # session, user, its two-factor device, permissions
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("actions:update_create", args=[police_action.pk]),
            update_data(round=open_round.pk, draft="1"),
        )
    assert response.status_code == 302
    # The mark is a short cookie: the POST writes nothing to the session.
    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    page = client.get(url).content.decode()
    assert "Finish it" in page
    assert "Write it" not in page


@pytest.fixture
def stored_content(monkeypatch):
    """Every piece of HTML shared_content puts in the cache, as it is stored."""
    stored = []
    original = cache.set

    def record(key, value, *args, **kwargs):
        if key.startswith("shared-content:"):
            stored.append(value)
        return original(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", record)
    return stored


def what_identifies(user, page):
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return [user.username, user.get_full_name(), user.email, token, "csrfmiddlewaretoken"]


def shared_pages(plan, theme, partner):
    return [
        plan_dashboard(plan),
        plan_dashboard(plan) + f"?theme={theme.pk}",
        reverse("reports:theme_dashboard", args=[plan.slug, theme.number]),
        reverse("reports:partner_dashboard", args=[plan.slug, partner.slug]),
        reverse("actions:my_actions"),
    ]


@pytest.mark.parametrize("role", [EXECUTIVE, "CSP officers", PARTNER_LEADS])
def test_shared_content_holds_nothing_of_the_user_it_was_rendered_for(
    plan, role, make_user, make_partner, make_action, make_round, make_update, stored_content
):
    police = make_partner("Bedfordshire Police")
    action = make_action(1, leads=[police])
    make_update(action, round=make_round("2024 Q1", state="open"))
    people = [
        make_user(
            f"{name.lower()}-{n}",
            role=role,
            partners=[police],
            first_name=name,
            last_name="Okonkwo-Brennan",
        )
        for n, name in enumerate(["Adaeze", "Siobhan"])
    ]
    for url in shared_pages(plan, action.theme, police):
        for user in people:
            browser = Client(enforce_csrf_checks=True)
            verified_login(browser, user)
            response = browser.get(url)
            if response.status_code == 403:
                continue
            assert response.status_code == 200
            page = response.content.decode()
            for html in stored_content:
                for mark in what_identifies(user, page):
                    assert mark not in html, f"{url} shares {mark!r}"
    assert stored_content
