from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import ProgressUpdate, ReportingRound, Status
from reports.models import RoundSnapshot
from reports.services import round_close
from tests.reports.conftest import counts
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def test_it_freezes_rounds_closed_before_figures_were_kept_once(
    make_round, make_action, make_update
):
    closed = make_round("2018–19 year end", state=ReportingRound.State.CLOSED)
    open_round = make_round("Now")
    action = make_action(status=Status.COMPLETE)
    make_update(action, round=closed, state=ProgressUpdate.State.PUBLISHED, status=Status.COMPLETE)
    out = StringIO()
    call_command("freeze_closed_rounds", stdout=out)
    assert "1 round(s) frozen." in out.getvalue()
    snapshot = RoundSnapshot.objects.get(round=closed)
    assert snapshot.is_after_the_fact
    copy = snapshot.actions.get()
    assert copy.status == Status.COMPLETE and not copy.is_missing
    assert copy.updates.count() == 1
    assert not RoundSnapshot.objects.filter(round=open_round).exists()
    call_command("freeze_closed_rounds", stdout=(again := StringIO()))
    assert "0 round(s) frozen." in again.getvalue()
    assert RoundSnapshot.objects.count() == 1


def test_a_dry_run_freezes_nothing(make_round):
    make_round("Old", state=ReportingRound.State.CLOSED)
    out = StringIO()
    call_command("freeze_closed_rounds", "--dry-run", stdout=out)
    assert "Would freeze Old" in out.getvalue()
    assert not RoundSnapshot.objects.exists()


def test_a_round_frozen_afterwards_takes_each_status_from_the_records_of_that_round(
    make_round, make_action, make_update
):
    # Today every action is complete; the records tell another story round by round.
    first = make_round("2018–19 Q1", starts_on=date(2018, 4, 1), state=ReportingRound.State.CLOSED)
    second = make_round("2018–19 Q2", starts_on=date(2018, 7, 1), state=ReportingRound.State.CLOSED)
    reported_each_time = make_action(1, status=Status.COMPLETE, due_on=date(2018, 9, 1))
    reported_once = make_action(2, status=Status.COMPLETE, due_on=date(2018, 9, 1))
    make_action(3, status=Status.COMPLETE)  # never reported
    published, submitted = ProgressUpdate.State.PUBLISHED, ProgressUpdate.State.SUBMITTED
    make_update(reported_each_time, round=first, state=published, status=Status.AT_RISK)
    make_update(reported_each_time, round=second, state=submitted, status=Status.OFF_TRACK)
    make_update(reported_once, round=first, state=published, status=Status.ON_TRACK)
    make_update(reported_once, round=second, state=ProgressUpdate.State.DRAFT)
    call_command("freeze_closed_rounds", stdout=StringIO())

    def frozen(round):
        copies = RoundSnapshot.objects.get(round=round).actions.order_by("number")
        return [(c.number, c.status, c.is_missing) for c in copies]

    assert frozen(first) == [
        (1, Status.AT_RISK, False),
        (2, Status.ON_TRACK, False),
        (3, Status.NOT_RECORDED, True),
    ]
    # The draft does not count: the status of the latest reported update before it stands.
    assert frozen(second) == [
        (1, Status.OFF_TRACK, False),
        (2, Status.ON_TRACK, True),
        (3, Status.NOT_RECORDED, True),
    ]
    overdue = RoundSnapshot.objects.get(round=second).actions.filter(is_overdue=False)
    assert sorted(overdue.values_list("number", flat=True)) == [3]


def test_the_dashboard_says_the_figures_were_frozen_from_the_records(
    client, executive, plan, make_round, make_action, make_update
):
    round = make_round("2018–19 year end", state=ReportingRound.State.CLOSED)
    make_update(make_action(), round=round, state=ProgressUpdate.State.PUBLISHED)
    call_command("freeze_closed_rounds", stdout=StringIO())
    verified_login(client, executive)
    today = date.today().strftime("%-d %B %Y")
    for name in ["reports:plan_dashboard", "reports:performance_page"]:
        response = client.get(reverse(name, args=[plan.slug]))
        assertContains(response, f"frozen from the records on {today}")
        assertNotContains(response, "closed on")


def test_the_across_rounds_table_agrees_with_the_public_action_page(
    client, executive, plan, make_round, make_action, make_update
):
    first = make_round("Q1", starts_on=date(2018, 4, 1), state=ReportingRound.State.CLOSED)
    second = make_round("Q2", starts_on=date(2018, 7, 1), state=ReportingRound.State.CLOSED)
    action = make_action(1, status=Status.COMPLETE)
    published = ProgressUpdate.State.PUBLISHED
    make_update(action, round=first, state=published, status=Status.AT_RISK)
    make_update(action, round=second, state=published, status=Status.COMPLETE)
    call_command("freeze_closed_rounds", stdout=StringIO())
    verified_login(client, executive)
    public = client.get(action.get_absolute_url()).content.decode()
    assert "At risk" in public and "Complete" in public
    dashboard = client.get(reverse("reports:plan_dashboard", args=[plan.slug]))
    trend = {row["round"].name: counts(row["tally"]) for row in dashboard.context["trend_rows"]}
    assert trend == {"Q1": {Status.AT_RISK: 1}, "Q2": {Status.COMPLETE: 1}}
    theme = client.get(reverse("reports:theme_dashboard", args=[plan.slug, 1]))
    row = theme.context["page"].rows[0]
    assert [step["status"] for step in row.trend] == [
        Status.AT_RISK,
        Status.COMPLETE,
        Status.COMPLETE,
    ]


def test_the_rounds_list_compares_reported_actions_with_the_same_actions(
    client, officer, plan, make_round, make_action, make_update
):
    old = make_round("Q1", starts_on=date(2018, 4, 1), state=ReportingRound.State.CLOSED)
    now = make_round("Q2", starts_on=date(2018, 7, 1))
    published = ProgressUpdate.State.PUBLISHED
    for number in range(1, 4):
        action = make_action(number, status=Status.COMPLETE if number < 3 else Status.ON_TRACK)
        make_update(action, round=old, state=published, status=Status.ON_TRACK)
    make_update(action, round=now, state=published)
    done_since = plan.actions.get(number=1)
    make_update(done_since, round=now, state=published, status=Status.COMPLETE)
    verified_login(client, officer)
    # Before freezing: of the one action active now, one reported in each round.
    response = client.get(reverse("actions:round_list", args=[plan.slug]))
    assertContains(response, "1 of 1", count=2)
    assertNotContains(response, "3 of 1")
    call_command("freeze_closed_rounds", stdout=StringIO())
    response = client.get(reverse("actions:round_list", args=[plan.slug]))
    # Frozen from its records, Q1 had three actions on track, all reported.
    assertContains(response, "3 of 3")
    assertContains(response, "1 of 1")
    assertNotContains(response, "3 of 1")


def test_refresh_freezes_again_from_the_records_only_rounds_frozen_after_closing(
    make_round, make_action, make_update, make_user
):
    old = make_round("Q1", starts_on=date(2018, 4, 1), state=ReportingRound.State.CLOSED)
    action = make_action(1, status=Status.COMPLETE)
    make_update(action, round=old, state=ProgressUpdate.State.PUBLISHED, status=Status.AT_RISK)
    # Frozen the old way, with today's status.
    stale = RoundSnapshot.objects.create(
        round=old, closed_at=timezone.now(), is_after_the_fact=True
    )
    stale.actions.create(
        action=action, number=1, text="x", theme_number=1, theme_title="T", status=Status.COMPLETE
    )
    live = make_round("Q2", starts_on=date(2018, 7, 1))
    make_update(action, round=live, state=ProgressUpdate.State.PUBLISHED, status=Status.COMPLETE)
    round_close(round=live, user=make_user())
    call_command("freeze_closed_rounds", stdout=(plain := StringIO()))
    assert "0 round(s) frozen." in plain.getvalue()
    call_command("freeze_closed_rounds", "--refresh", "--dry-run", stdout=(dry := StringIO()))
    assert "Would freeze Q1" in dry.getvalue() and "Q2" not in dry.getvalue()
    call_command("freeze_closed_rounds", "--refresh", stdout=(out := StringIO()))
    assert "1 round(s) frozen." in out.getvalue()
    assert RoundSnapshot.objects.get(round=old).actions.get().status == Status.AT_RISK
    assert RoundSnapshot.objects.get(round=live).actions.get().status == Status.COMPLETE
