from io import StringIO

import pytest
from django.core.management import call_command

from actions.models import ProgressUpdate, ReportingRound, Status
from reports.models import RoundSnapshot

pytestmark = pytest.mark.django_db


def test_it_freezes_rounds_closed_before_figures_were_kept_once(
    make_round, make_action, make_update
):
    closed = make_round("2018–19 year end", state=ReportingRound.State.CLOSED)
    open_round = make_round("Now")
    action = make_action(status=Status.COMPLETE)
    make_update(action, round=closed, state=ProgressUpdate.State.PUBLISHED)
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
