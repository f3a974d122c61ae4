import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.reports.conftest import counts
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def url(plan, partner):
    return reverse("reports:partner_dashboard", args=[plan.slug, partner.slug])


def test_it_shows_every_action_the_partner_or_its_teams_lead(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(url(scenario.plan, scenario.council))
    assertContains(response, "<h1", count=1)
    assertContains(response, "Includes the actions its teams lead: Public Health.")
    assert sorted(row.number for row in response.context["page"].rows) == [4, 5, 6]
    assert counts(response.context["total"]) == {"on_track": 1, "at_risk": 1, "complete": 1}
    assert [row["theme"].number for row in response.context["theme_rows"]] == [2, 3]


def test_its_reporting_record_counts_reported_and_missing_updates_per_round(
    client, scenario, executive
):
    verified_login(client, executive)
    response = client.get(url(scenario.plan, scenario.council))
    record = {row["round"].name: row for row in response.context["record_rows"]}
    # Q1: actions 4 and 5 were active; 4 reported, 5 had only a draft.
    assert (record["Q1"]["active"], record["Q1"]["reported"], record["Q1"]["missing"]) == (
        2,
        1,
        1,
    )
    # Q2 so far: 4 was sent back and 5 has nothing.
    assert (record["Q2"]["active"], record["Q2"]["reported"], record["Q2"]["missing"]) == (
        2,
        0,
        2,
    )


def test_a_team_sees_only_its_own_actions(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(url(scenario.plan, scenario.health))
    assert sorted(row.number for row in response.context["page"].rows) == [5, 6]


def test_the_query_count_does_not_grow_with_actions(
    client, scenario, executive, extra_actions, django_assert_num_queries
):
    verified_login(client, executive)
    # session, user, its two-factor device, the partnership, permissions, plan, partner, its teams,
    # rounds, counts by theme now and in the compared round, the themes, page count, actions
    # (+latest update id), their leads, the latest updates, their authors' partners, their frozen
    # copies, the frozen reporting record, the live one, the filter form's choices (themes,
    # priorities, rounds, closed rounds)
    with django_assert_num_queries(24):
        response = client.get(url(scenario.plan, scenario.council))
    assert len(response.context["page"].rows) == 3 + extra_actions


def test_a_shared_action_is_reported_for_a_partner_only_once_its_own_update_is_in(
    client, scenario, executive, make_update
):
    # Action 4 is led by the council, then the fire service: the fire service sends its part.
    make_update(scenario.actions[4], round=scenario.q2, state="submitted", partner=scenario.fire)
    verified_login(client, executive)
    fire = client.get(url(scenario.plan, scenario.fire)).context["record_rows"]
    fire_q2 = {row["round"].name: row for row in fire}["Q2"]
    assert (fire_q2["reported"], fire_q2["missing"]) == (1, 1)  # 4 in; 3 is a draft
    council = client.get(url(scenario.plan, scenario.council)).context["record_rows"]
    council_q2 = {row["round"].name: row for row in council}["Q2"]
    assert (council_q2["reported"], council_q2["missing"]) == (0, 2)
    assert client.get(url(scenario.plan, scenario.fire)).context["total"].missing == 1
