import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import ProgressUpdate, Status
from tests.actions.public_rows import LATEST_ROUND
from themes.models import Commitment, Plan, ResidentStatement

pytestmark = pytest.mark.django_db


def url(plan):
    return reverse("public:statement_list", args=[plan.slug])


def test_it_needs_no_sign_in(client, plan):
    assert client.get(url(plan)).status_code == 200


def test_a_draft_plan_is_not_found(client, make_plan):
    assert client.get(url(make_plan(state=Plan.State.DRAFT))).status_code == 404


def test_it_closes_the_loop_from_statement_to_themes_actions_and_progress(
    client, plan, make_theme, make_action, make_update, make_round
):
    statement = ResidentStatement.objects.create(
        plan=plan, position=1, text="We want to feel safe in Luton"
    )
    commitment = Commitment.objects.create(
        statement=statement, position=1, text="Reducing serious injuries."
    )
    theme = make_theme()
    commitment.themes.add(theme)
    on_track, at_risk, silent = (make_action(theme=theme) for _ in range(3))
    commitment.actions.add(on_track, at_risk, silent)
    round = make_round("Q2 2025–26", starts_on=datetime.date(2025, 7, 1))
    published = ProgressUpdate.State.PUBLISHED
    make_update(on_track, round=round, state=published, status=Status.ON_TRACK)
    make_update(
        at_risk,
        round=round,
        state=published,
        status=Status.AT_RISK,
        published_at=timezone.make_aware(datetime.datetime(2025, 9, 3, 12)),
    )
    make_update(silent, round=round, state=ProgressUpdate.State.DRAFT, status=Status.COMPLETE)

    response = client.get(url(plan))
    assertContains(response, "“We want to feel safe in Luton”")
    assertContains(response, "Reducing serious injuries.")
    assertContains(response, f'href="{theme.get_absolute_url()}"')
    for action in (on_track, at_risk, silent):
        assertContains(response, f'href="{action.get_absolute_url()}"')
    # As a browser reads it: any run of white space is one space.
    counts = " ".join(response.content.decode().split("How they are going:")[1].split())
    assert "On track</strong> 1" in counts
    assert "At risk</strong> 1" in counts
    assert "Not recorded</strong> 1" in counts
    assert "Complete" not in counts  # the draft's status is not public
    assertContains(response, "Last updated in Q2 2025–26, on 3 September 2025.")


def test_a_commitment_with_no_actions_says_so(client, plan):
    statement = ResidentStatement.objects.create(plan=plan, position=1, text="We want")
    Commitment.objects.create(statement=statement, position=1, text="Doing")
    assertContains(client.get(url(plan)), "No actions are linked to this yet.")


def test_it_shows_only_this_plans_actions(client, plan, make_plan, make_theme, make_action):
    statement = ResidentStatement.objects.create(plan=plan, position=1, text="We want")
    commitment = Commitment.objects.create(statement=statement, position=1, text="Doing")
    other = make_action(
        theme=make_theme(plan=make_plan(state=Plan.State.DRAFT)), text="Draft plan action."
    )
    commitment.actions.add(other)
    assertNotContains(client.get(url(plan)), "Draft plan action.")


def test_its_query_count_does_not_grow_with_rows(
    client, plan, public_rows, django_assert_num_queries
):
    # plan, statements, commitments, their themes, their actions (+ plan, last round),
    # public indicator links (none, so no indicators are fetched)
    with django_assert_num_queries(7):
        response = client.get(url(plan))
    assertContains(response, f"Residents said {len(public_rows)}")
    assertContains(response, f"Last updated in {LATEST_ROUND}")
