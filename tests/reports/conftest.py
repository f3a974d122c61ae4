"""A plan in its second reporting round, for the dashboards' tests.

Three themes, four partners (one a team inside another), seven actions, a closed and frozen
round (Q1) and an open one (Q2). What each action's status was when Q1 closed, and is now:

    no. theme leads            Q1 (frozen)      now              due    Q1 update    Q2 update
    1   T1    police           on track         complete         later  published    published
    2   T1    police           at risk          off track        past   submitted    submitted
    3   T1    fire             on track         on track         later  published    draft
    4   T2    council, fire    not started      on track         -      2 (council,  sent back
                                                                        fire)
    5   T2    health (council) off track        at risk          past   draft        -
    6   T3    health           complete         complete         past   published    -
    7   T3    -                carried forward  carried forward  -      -            -

So, live in Q2 compared with Q1: 7 actions; complete 2 (+1), on track 2 (0), at risk 1 (0),
off track 1 (0), not started 0 (−1), carried forward 1 (0); 2 overdue (2, 5); 3 with no
update for Q2 (3, 4, 5); 4 changed status (1, 2, 4, 5).
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from accounts.roles import PARTNER_LEADS
from actions.models import ProgressUpdate, Status
from reports.services import round_close

State = ProgressUpdate.State


@pytest.fixture
def scenario(plan, make_partner, make_theme, make_action, make_round, make_update, make_user):
    today = timezone.localdate()
    past = today - datetime.timedelta(days=30)
    later = today + datetime.timedelta(days=300)
    police = make_partner("Luton Police")
    council = make_partner("Luton Council")
    health = make_partner("Public Health", parent=council)
    fire = make_partner("Fire Service")
    t1 = make_theme(leads=[police])
    t2 = make_theme(leads=[council, fire])
    t3 = make_theme(leads=[health])
    police_lead = make_user(role=PARTNER_LEADS, partners=[police])
    council_lead = make_user(role=PARTNER_LEADS, partners=[council])
    fire_lead = make_user(role=PARTNER_LEADS, partners=[fire])

    q1 = make_round("Q1", starts_on=today - datetime.timedelta(days=200), due_on=past)
    actions = {
        1: make_action(1, theme=t1, leads=[police], status=Status.ON_TRACK, due_on=later),
        2: make_action(2, theme=t1, leads=[police], status=Status.AT_RISK, due_on=past),
        3: make_action(3, theme=t1, leads=[fire], status=Status.ON_TRACK, due_on=later),
        4: make_action(4, theme=t2, leads=[council, fire], status=Status.NOT_STARTED),
        5: make_action(5, theme=t2, leads=[health], status=Status.OFF_TRACK, due_on=past),
        6: make_action(6, theme=t3, leads=[health], status=Status.COMPLETE, due_on=past),
        7: make_action(7, theme=t3, status=Status.CARRIED_FORWARD),
    }
    q1_updates = {
        1: make_update(actions[1], round=q1, state=State.PUBLISHED, author=police_lead),
        2: make_update(
            actions[2], round=q1, state=State.SUBMITTED, status=Status.AT_RISK, author=police_lead
        ),
        3: make_update(actions[3], round=q1, state=State.PUBLISHED, author=fire_lead),
        # The first-named lead reports for the whole action, the other lead its part.
        4: make_update(actions[4], round=q1, state=State.SUBMITTED, author=council_lead),
        "4-fire": make_update(
            actions[4], round=q1, state=State.SUBMITTED, partner=fire, author=fire_lead
        ),
        5: make_update(actions[5], round=q1, state=State.DRAFT),
        6: make_update(
            actions[6],
            round=q1,
            state=State.PUBLISHED,
            status=Status.COMPLETE,
            narrative="Refuge places opened.",
        ),
    }
    officer = make_user(username="closing-officer")
    q1_snapshot = round_close(round=q1, user=officer)

    q2 = make_round("Q2", starts_on=today - datetime.timedelta(days=20), due_on=later)
    for number, status in [
        (1, Status.COMPLETE),
        (2, Status.OFF_TRACK),
        (4, Status.ON_TRACK),
        (5, Status.AT_RISK),
    ]:
        actions[number].status = status
        actions[number].save(update_fields=["status"])
    q2_updates = {
        1: make_update(
            actions[1], round=q2, state=State.PUBLISHED, status=Status.COMPLETE, author=police_lead
        ),
        2: make_update(
            actions[2],
            round=q2,
            state=State.SUBMITTED,
            status=Status.OFF_TRACK,
            narrative='=HYPERLINK("http://evil.example")',
            author=police_lead,
        ),
        3: make_update(actions[3], round=q2, state=State.DRAFT),
        4: make_update(actions[4], round=q2, state=State.RETURNED),
    }
    return SimpleNamespace(
        plan=plan,
        today=today,
        police=police,
        council=council,
        health=health,
        fire=fire,
        themes=[t1, t2, t3],
        actions=actions,
        q1=q1,
        q1_snapshot=q1_snapshot,
        q1_updates=q1_updates,
        q2=q2,
        q2_updates=q2_updates,
    )


@pytest.fixture(params=[0, 3])
def extra_actions(request, scenario, make_action, make_update, make_partner, make_user):
    """0, then 3, more at-risk actions in theme 1, each led by a new team of Luton Council
    whose member has submitted its Q2 update, so that they count on every dashboard: a
    query-count test that asks for them runs once with each, and is given how many."""
    for _ in range(request.param):
        team = make_partner(parent=scenario.council)
        action = make_action(theme=scenario.themes[0], leads=[team], status=Status.AT_RISK)
        author = make_user(partners=[team])
        make_update(
            action,
            round=scenario.q2,
            state=State.SUBMITTED,
            status=Status.AT_RISK,
            author=author,
        )
    return request.param


def counts(tally):
    """A Tally's non-zero status counts as a plain dict, for readable assertions."""
    return {status: n for status, n in tally.by_status.items() if n}
