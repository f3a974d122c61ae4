import pytest
from django.urls import reverse
from django.utils.http import urlencode
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import Status
from tests.reports.conftest import counts
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def url(theme, **params):
    base = reverse("reports:theme_dashboard", args=[theme.plan.slug, theme.number])
    return f"{base}?{urlencode(params)}" if params else base


def rows_by_number(response):
    return {row.number: row for row in response.context["page"].rows}


def test_it_shows_the_themes_figures_and_each_actions_latest_update(client, scenario, executive):
    t1 = scenario.themes[0]
    verified_login(client, executive)
    response = client.get(url(t1))
    assertContains(response, "<h1", count=1)
    assert counts(response.context["total"]) == {"complete": 1, "off_track": 1, "on_track": 1}
    rows = rows_by_number(response)
    assert sorted(rows) == [1, 2, 3]
    latest = rows[1].latest
    assert (latest.round_name, latest.status, latest.partner_name) == (
        "Q2",
        Status.COMPLETE,
        "Luton Police",
    )
    # Action 3's Q2 update is a draft, so its latest reported update is Q1's.
    assert rows[3].latest.round_name == "Q1"
    assert rows[3].is_missing


def test_each_actions_status_across_rounds_is_shown(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(url(scenario.themes[0]))
    rows = rows_by_number(response)
    assert [step["status"] for step in rows[1].trend] == [Status.ON_TRACK, Status.COMPLETE]
    assert [step["status"] for step in rows[2].trend] == [Status.AT_RISK, Status.OFF_TRACK]
    assert [column.name for column in response.context["trend_rounds"]] == ["Q1"]
    trend = response.context["trend_rows"]
    assert [(row["round"].name, row["tally"].total) for row in trend] == [("Q1", 3), ("Q2", 3)]


def test_an_update_corrected_after_its_round_closed_says_so(client, scenario, executive):
    update = scenario.q1_updates[6]
    update.narrative = "Twelve refuge places opened."
    update.save()
    verified_login(client, executive)
    live = client.get(url(scenario.themes[2]))
    assert rows_by_number(live)[6].latest.corrected
    assertContains(live, "Corrected since the round was frozen")
    assertContains(live, "Twelve refuge places opened.")
    frozen = client.get(url(scenario.themes[2], round=scenario.q1.pk))
    assert rows_by_number(frozen)[6].updates[0].narrative == "Refuge places opened."
    assertContains(frozen, "Refuge places opened.")
    assertNotContains(frozen, "Twelve refuge places")


def test_a_frozen_round_shows_every_partners_update(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(url(scenario.themes[1], round=scenario.q1.pk))
    rows = rows_by_number(response)
    assert sorted(u.partner_name for u in rows[4].updates) == ["Fire Service", "Luton Council"]
    assert rows[5].updates == [] and rows[5].is_missing


def test_an_update_reported_after_its_round_closed_says_so(
    client, scenario, executive, make_update
):
    update = scenario.q1_updates[5]
    update.state = "submitted"
    update.save()
    verified_login(client, executive)
    response = client.get(url(scenario.themes[1]))
    assert rows_by_number(response)[5].latest.late
    assertContains(response, "Reported after the round was frozen")


def test_an_unknown_theme_is_not_found(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(reverse("reports:theme_dashboard", args=[scenario.plan.slug, 9]))
    assert response.status_code == 404


def test_the_query_count_does_not_grow_with_actions(
    client, scenario, executive, extra_actions, django_assert_num_queries
):
    t1 = scenario.themes[0]
    verified_login(client, executive)
    # session, user, its two-factor device, the partnership, permissions, plan, theme, its leads,
    # rounds, counts now and in the compared round, page count, actions (+latest update id), their
    # leads, the latest updates (+round, snapshot, partner, author), their authors' partners, their
    # frozen copies, frozen statuses of the page's actions, their statuses now, frozen counts by
    # round, live counts for the open round, the filter form's choices (lead partners, priorities,
    # rounds, closed rounds)
    with django_assert_num_queries(25):
        response = client.get(url(t1))
    assert len(response.context["page"].rows) == 3 + extra_actions
