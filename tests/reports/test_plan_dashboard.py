import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import Status
from indicators.models import Indicator, IndicatorValue
from tests.reports.conftest import counts
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def url(plan, **params):
    from django.utils.http import urlencode

    base = reverse("reports:plan_dashboard", args=[plan.slug])
    return f"{base}?{urlencode(params)}" if params else base


def themes_by_number(response):
    return {row["theme"].number: row for row in response.context["theme_rows"]}


def test_it_shows_the_open_round_live_compared_with_the_last_frozen_one(
    client, scenario, executive
):
    verified_login(client, executive)
    response = client.get(url(scenario.plan))
    assertContains(response, "<h1", count=1)
    assert response.context["round"] == scenario.q2
    assert response.context["compare"] == scenario.q1
    assert not response.context["is_frozen"]
    total = response.context["total"]
    assert counts(total) == {
        "complete": 2,
        "on_track": 2,
        "at_risk": 1,
        "off_track": 1,
        "carried_forward": 1,
    }
    assert (total.total, total.active, total.overdue, total.missing, total.changed) == (
        7,
        4,
        2,
        3,
        4,
    )
    changes = {cell["value"]: cell["change"] for cell in response.context["status_cells"]}
    assert changes["complete"] == 1 and changes["not_started"] == -1 and changes["on_track"] == 0


def test_each_theme_has_its_counts_changes_overdue_and_missing(client, scenario, executive):
    verified_login(client, executive)
    rows = themes_by_number(client.get(url(scenario.plan)))
    t1, t2, t3 = rows[1]["tally"], rows[2]["tally"], rows[3]["tally"]
    assert counts(t1) == {"complete": 1, "off_track": 1, "on_track": 1}
    assert (t1.overdue, t1.missing, t1.changed) == (1, 1, 2)
    assert counts(t2) == {"on_track": 1, "at_risk": 1}
    assert (t2.overdue, t2.missing, t2.changed) == (1, 2, 2)
    assert counts(t3) == {"complete": 1, "carried_forward": 1}
    assert (t3.overdue, t3.missing, t3.changed) == (0, 0, 0)
    t2_changes = {cell["value"]: cell["change"] for cell in rows[2]["cells"]}
    assert t2_changes == {
        "not_started": -1,
        "on_track": 1,
        "at_risk": 1,
        "off_track": -1,
        "complete": 0,
        "carried_forward": 0,
    }


def test_each_figure_links_to_the_actions_behind_it_keeping_the_filters(
    client, scenario, executive
):
    verified_login(client, executive)
    t2 = scenario.themes[1]
    response = client.get(url(scenario.plan, round=scenario.q2.pk))
    base = reverse("reports:action_list", args=[scenario.plan.slug])
    q2 = scenario.q2.pk
    assertContains(response, f'href="{base}?round={q2}&amp;theme={t2.pk}&amp;missing=1">2</a>')
    assertContains(response, f'href="{base}?round={q2}&amp;theme={t2.pk}&amp;overdue=1">1</a>')
    assertContains(
        response, f'href="{base}?round={q2}&amp;theme={t2.pk}&amp;status=on_track">1</a>'
    )
    assertContains(response, f'href="{base}?round={q2}&amp;overdue=1">2</a>')


def test_the_lead_partner_table_says_who_has_not_reported(client, scenario, executive):
    verified_login(client, executive)
    rows = client.get(url(scenario.plan)).context["lead_rows"]
    by_name = {partner.full_name if partner else None: tally for partner, tally in rows}
    assert by_name["Fire Service"].missing == 2  # actions 3 (draft) and 4 (sent back)
    assert by_name["Luton Council"].missing == 1
    assert by_name["Luton Council Public Health"].missing == 1
    assert by_name["Luton Police"].missing == 0
    assert by_name["Luton Police"].overdue == 1
    assert by_name[None].total == 1  # action 7 names no lead


def test_each_lead_of_a_shared_action_counts_missing_for_its_own_update(
    client, scenario, executive, make_update
):
    # Action 4: the council (first-named) has its whole-action update sent back; the fire
    # service now sends its part.
    make_update(scenario.actions[4], round=scenario.q2, state="submitted", partner=scenario.fire)
    verified_login(client, executive)
    rows = client.get(url(scenario.plan)).context["lead_rows"]
    by_name = {partner.full_name if partner else None: tally for partner, tally in rows}
    assert by_name["Fire Service"].missing == 1  # action 3 only
    assert by_name["Luton Council"].missing == 1  # action 4 still owes its whole update


def test_a_closed_round_shows_its_frozen_figures_even_after_corrections(
    client, scenario, executive
):
    scenario.actions[2].status = Status.COMPLETE
    scenario.actions[2].save(update_fields=["status"])
    verified_login(client, executive)
    response = client.get(url(scenario.plan, round=scenario.q1.pk))
    assert response.context["is_frozen"]
    assert response.context["compare"] is None
    total = response.context["total"]
    assert counts(total) == {
        "on_track": 2,
        "at_risk": 1,
        "not_started": 1,
        "off_track": 1,
        "complete": 1,
        "carried_forward": 1,
    }
    assert (total.overdue, total.missing) == (2, 1)
    assertContains(response, "frozen when it closed")
    assertContains(response, "There is no earlier closed round to compare with.")


def test_it_compares_any_two_closed_rounds(client, scenario, executive, officer):
    from reports.services import round_close

    round_close(round=scenario.q2, user=officer)
    verified_login(client, executive)
    response = client.get(url(scenario.plan, round=scenario.q1.pk, compare=scenario.q2.pk))
    changes = {cell["value"]: cell["change"] for cell in response.context["status_cells"]}
    # Q1 against Q2: the other way round from the live view.
    assert changes["complete"] == -1 and changes["not_started"] == 1
    assert response.context["total"].changed == 4


def test_filters_narrow_every_figure(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(url(scenario.plan, lead=scenario.council.pk))
    total = response.context["total"]
    # Luton Council leads action 4 and, through its Public Health team, 5 and 6.
    assert counts(total) == {"on_track": 1, "at_risk": 1, "complete": 1}
    assert total.missing == 2
    assert [row["theme"].number for row in response.context["theme_rows"]] == [1, 2, 3]
    response = client.get(url(scenario.plan, status="on_track", theme=scenario.themes[0].pk))
    assert response.context["total"].total == 1
    assert [row["theme"].number for row in response.context["theme_rows"]] == [1]


def test_bad_filters_are_explained_and_shown_back(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(url(scenario.plan, round=scenario.q1.pk, compare=scenario.q1.pk))
    assertContains(response, "Choose a different round to compare with.")
    assertContains(response, "There is a problem")
    response = client.get(url(scenario.plan, status="exploded"))
    assertContains(response, "Select a valid choice.")


def test_the_charts_are_labelled_svg_beside_tables_of_the_same_figures(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(url(scenario.plan))
    assertContains(
        response,
        'aria-label="All actions by status: On track 2, At risk 1, Off track 1, Complete 2, '
        'Carried forward 1."',
    )
    assertContains(response, 'role="img"', count=3)
    assertContains(response, "<caption", count=4)
    assertNotContains(response, "style=")
    assertNotContains(response, "<script>")


def test_officers_are_offered_to_close_the_open_round(client, scenario, officer, executive):
    close_link = reverse("reports:round_close_confirm", args=[scenario.q2.pk])
    verified_login(client, officer)
    assertContains(client.get(url(scenario.plan)), close_link)
    verified_login(client, executive)
    assertNotContains(client.get(url(scenario.plan)), close_link)


def test_a_plan_without_rounds_shows_live_figures(client, make_action, executive, plan):
    make_action(status=Status.ON_TRACK)
    verified_login(client, executive)
    response = client.get(url(plan))
    assert response.context["round"] is None
    assertContains(response, "This plan has no reporting rounds yet")
    assertContains(response, "No round has closed yet")


def test_an_unknown_plan_is_not_found(client, executive):
    verified_login(client, executive)
    assert client.get(reverse("reports:plan_dashboard", args=["no-such-plan"])).status_code == 404


def test_the_query_count_does_not_grow_with_actions(
    client, scenario, executive, extra_actions, django_assert_num_queries
):
    verified_login(client, executive)
    # session, user, its two-factor device, the partnership, the user's permissions, plan, rounds
    # (+snapshot, commentary), counts by theme and status now and in the compared round, themes,
    # their leads, frozen counts by round, live counts for the open round, indicator links of the
    # themes (none, so no indicators are fetched), counts by lead partner, the updates each lead
    # still owes, those partners, then rendering the filter form's choices (themes, lead partners,
    # priorities, rounds, closed rounds)
    with django_assert_num_queries(22):
        response = client.get(url(scenario.plan))
    assert response.context["total"].total == 7 + extra_actions


def test_each_theme_shows_its_indicators_direction_of_travel(client, executive, plan, make_theme):
    theme = make_theme(1)
    indicator = Indicator.objects.create(
        name="Violence with injury",
        slug="violence",
        counts="Crimes",
        unit="crimes",
        direction=Indicator.Direction.LOWER_IS_BETTER,
        frequency="monthly",
    )
    indicator.themes.add(theme)
    for month, figure in [(1, 50), (2, 42)]:
        IndicatorValue.objects.create(
            indicator=indicator,
            period_start=datetime.date(2025, month, 1),
            frequency="monthly",
            figure=Decimal(figure),
        )
    verified_login(client, executive)
    response = client.get(reverse("reports:plan_dashboard", args=[plan.slug]))
    row = next(r for r in response.context["theme_rows"] if r["theme"] == theme)
    assert row["directions"]["better"] == 1
    assert "Indicators’ direction of travel" in response.content.decode()
