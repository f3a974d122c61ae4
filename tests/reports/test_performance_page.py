from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import Status
from reports.models import RoundCommentary
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def url(plan, **params):
    base = reverse("reports:performance_page", args=[plan.slug])
    return f"{base}?{urlencode(params)}" if params else base


def theme_url(theme, **params):
    base = reverse("reports:theme_performance_page", args=[theme.plan.slug, theme.number])
    return f"{base}?{urlencode(params)}" if params else base


def test_it_shows_the_headlines_themes_exceptions_and_completions(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(url(scenario.plan))
    assertContains(response, "<h1", count=1)
    total = response.context["total"]
    assert (total.total, total.active, total.overdue, total.missing) == (7, 4, 2, 3)
    # Worst first: off track (2), at risk (5), then no update (3 due later, 4 with no date).
    assert [row.number for row in response.context["exception_rows"]] == [2, 5, 3, 4]
    assert response.context["exceptions_hidden"] == 0
    # Completed since Q1: action 1 (action 6 was already complete).
    assert [row.number for row in response.context["completion_rows"]] == [1]
    assert [row["theme"].number for row in response.context["theme_rows"]] == [1, 2, 3]
    assertContains(response, 'role="img"', count=4)  # the status bars and a bar per theme
    assertContains(response, "Completed this round")


def test_it_ignores_the_dashboard_filters_but_keeps_the_round(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(url(scenario.plan, round=scenario.q1.pk, status="complete"))
    assert response.context["total"].total == 7
    assert response.context["is_frozen"]
    # Frozen Q1: off track and missing (5), at risk (2), both overdue.
    assert [row.number for row in response.context["exception_rows"]] == [5, 2]
    # No earlier round: every complete action is listed.
    assert [row.number for row in response.context["completion_rows"]] == [6]
    assertContains(response, "Completed</h2>")


def test_exceptions_that_do_not_fit_are_named_by_number(client, scenario, executive, monkeypatch):
    from reports.views import performance

    monkeypatch.setattr(performance, "EXCEPTIONS_LISTED", 2)
    verified_login(client, executive)
    response = client.get(url(scenario.plan))
    assert [row.number for row in response.context["exception_rows"]] == [2, 5]
    assertContains(response, "Not listed for want of room: 2 more, numbers 3, 4.")
    assertNotContains(response, "see the dashboard")


def test_off_track_and_at_risk_actions_come_first_however_many_are_late(
    client, plan, executive, make_round, make_action
):
    make_round("Q1")
    today = timezone.localdate()
    for number in range(1, 21):
        make_action(number, status=Status.ON_TRACK, due_on=today - timedelta(days=number))
    make_action(21, status=Status.AT_RISK)
    make_action(22, status=Status.OFF_TRACK, due_on=today + timedelta(days=9))
    make_action(23, status=Status.OFF_TRACK, due_on=today - timedelta(days=3))
    verified_login(client, executive)
    response = client.get(url(plan))
    numbers = [row.number for row in response.context["exception_rows"]]
    # Off track, the one late longest first; at risk; then no update, late longest first.
    assert numbers[:5] == [23, 22, 21, 20, 19]
    assert len(numbers) == 23
    content = response.content.decode()
    assert content.index("Off track (2)") < content.index("At risk (1)")
    assert content.index("At risk (1)") < content.index("No update (20)")


def test_the_commentary_appears_at_the_top(client, scenario, executive):
    RoundCommentary.objects.create(round=scenario.q2, text="Good progress on refuges.")
    verified_login(client, executive)
    response = client.get(url(scenario.plan))
    content = response.content.decode()
    assert content.index("Good progress on refuges.") < content.index("Headlines")
    assertNotContains(response, reverse("reports:commentary_edit", args=[scenario.q2.pk]))


def test_officers_get_a_link_to_write_the_commentary(client, scenario, officer):
    verified_login(client, officer)
    response = client.get(url(scenario.plan))
    assertContains(response, reverse("reports:commentary_edit", args=[scenario.q2.pk]))
    assertContains(response, "Add a commentary")


def test_a_theme_has_its_own_page(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(theme_url(scenario.themes[1]))
    assertContains(response, "<h1", count=1)
    assert response.context["total"].total == 2
    assert [row.number for row in response.context["exception_rows"]] == [5, 4]
    pdf = reverse("reports:theme_performance_pdf", args=[scenario.plan.slug, 2])
    assertContains(response, f'href="{pdf}?round={scenario.q2.pk}&amp;compare={scenario.q1.pk}"')


def test_the_query_count_does_not_grow_with_actions(
    client, scenario, executive, extra_actions, django_assert_num_queries
):
    verified_login(client, executive)
    # session, user, its two-factor device, the partnership, permissions, plan, rounds
    # (+commentary), counts by theme now and in the compared round, themes, their leads,
    # exceptions: rows, their leads; completions: count, rows, their leads; the form's round
    # choices (2), saving the session (3)
    with django_assert_num_queries(18):
        response = client.get(url(scenario.plan))
    assert response.context["total"].total == 7 + extra_actions
