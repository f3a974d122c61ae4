"""Writes of the reports app: closing a round freezes its figures and texts."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import ActionLead, ProgressUpdate, ReportingRound, Status
from reports.figures import DONE, REPORTED, LiveSource, reporting_partner_name
from reports.models import ActionSnapshot, RoundSnapshot, UpdateSnapshot
from themes.models import Partner


def statuses_from_records(round):
    """{action id: status} as the records of `round` tell it: the status of each action's
    reported update in the round, or else in the latest round before it (two queries).

    Rounds are in the order the dashboards show them (start date, rounds without one
    first, then creation). An action with no reported update by then is "not recorded".
    """
    rounds = list(
        ReportingRound.objects.filter(plan_id=round.plan_id)
        .order_by(F("starts_on").asc(nulls_first=True), "pk")
        .values_list("pk", flat=True)
    )
    position = {pk: index for index, pk in enumerate(rounds[: rounds.index(round.pk) + 1])}
    latest = {}
    for action_id, round_id, status, updated_at in ProgressUpdate.objects.filter(
        round__in=list(position), state__in=REPORTED
    ).values_list("action_id", "round_id", "status", "updated_at"):
        key = (position[round_id], updated_at)
        if action_id not in latest or key > latest[action_id][0]:
            latest[action_id] = (key, status)
    return {action_id: status for action_id, (key, status) in latest.items()}


def _snapshot_write(*, round, user, closed_at, as_of, after_the_fact):
    """Copy every action of the round's plan, and the round's reported updates, into a new
    RoundSnapshot; actions due before `as_of` and not done count as overdue. A fixed number
    of queries, however many actions the plan has.

    A round frozen after the fact takes each action's status from the round's records
    (`statuses_from_records`), not from the action as it stands today, and judges overdue
    and no update by that status.
    """
    source = LiveSource(round.plan, round, today=as_of)
    actions = list(
        source.rows()
        .select_related("theme")
        .prefetch_related(
            Prefetch("lead_links", ActionLead.objects.select_related("partner__parent")),
            "priorities",
            Prefetch(
                "updates",
                ProgressUpdate.objects.filter(round=round, state__in=REPORTED)
                .select_related("partner__parent", "author")
                .prefetch_related(
                    Prefetch("author__partners", Partner.objects.select_related("parent"))
                )
                .order_by("pk"),
                to_attr="round_updates",
            ),
        )
        .order_by("number")
    )
    if after_the_fact:
        recorded = statuses_from_records(round)
        for action in actions:
            action.status = recorded.get(action.pk, Status.NOT_RECORDED)
            is_active = action.status not in DONE
            action.is_overdue = bool(is_active and action.due_on and action.due_on < as_of)
            action.is_missing = is_active and not action.round_updates
    snapshot = RoundSnapshot.objects.create(
        round=round, closed_at=closed_at, closed_by=user, is_after_the_fact=after_the_fact
    )
    copies = ActionSnapshot.objects.bulk_create(
        ActionSnapshot(
            snapshot=snapshot,
            action=action,
            number=action.number,
            text=action.text,
            theme=action.theme,
            theme_number=action.theme.number,
            theme_title=action.theme.title,
            lead_names="; ".join(link.partner.full_name for link in action.lead_links.all()),
            lead_role=action.lead_role,
            status=action.status,
            due_on=action.due_on,
            is_overdue=action.is_overdue,
            is_missing=action.is_missing,
        )
        for action in actions
    )
    leads, priorities, updates = [], [], []
    for action, copy in zip(actions, copies, strict=True):
        leads += [
            ActionSnapshot.leads.through(actionsnapshot=copy, partner_id=link.partner_id)
            for link in action.lead_links.all()
        ]
        priorities += [
            ActionSnapshot.priorities.through(actionsnapshot=copy, priority=priority)
            for priority in action.priorities.all()
        ]
        updates += [
            UpdateSnapshot(
                action_snapshot=copy,
                update=update,
                partner_name=reporting_partner_name(update),
                status=update.status,
                state=update.state,
                narrative=update.narrative,
                public_summary=update.public_summary,
                updated_at=update.updated_at,
            )
            for update in action.round_updates
        ]
    ActionSnapshot.leads.through.objects.bulk_create(leads)
    ActionSnapshot.priorities.through.objects.bulk_create(priorities)
    UpdateSnapshot.objects.bulk_create(updates)
    return snapshot


@transaction.atomic
def round_close(*, round, user):
    """Close an open reporting round and freeze its figures and texts.

    Every action of the plan is copied with its status, leads, theme and whether it was
    overdue or had no update; every submitted or published update of the round is copied
    with its words. Raises ValidationError when the round is not open.
    """
    # Lock the round so that two officers closing it at once cannot both freeze it.
    round = ReportingRound.objects.select_for_update().select_related("plan").get(pk=round.pk)
    if round.state != ReportingRound.State.OPEN:
        raise ValidationError(_("“%(round)s” is already closed.") % {"round": round.name})
    closed_at = timezone.now()
    snapshot = _snapshot_write(
        round=round,
        user=user,
        closed_at=closed_at,
        as_of=timezone.localdate(closed_at),
        after_the_fact=False,
    )
    round.state = ReportingRound.State.CLOSED
    round._change_reason = "Round closed and its figures frozen"
    round._history_user = user
    round.save(update_fields=["state"])
    return snapshot


@transaction.atomic
def round_freeze_after_closing(*, round, user=None):
    """Freeze a round that was closed before snapshots were kept, from its records: each
    action's status is the one its update in the round (or the latest before it) gave.

    Overdue is judged on the round's due date when it has one. Returns the snapshot, or None
    when the round is open or already frozen.
    """
    round = ReportingRound.objects.select_for_update().select_related("plan").get(pk=round.pk)
    if (
        round.state != ReportingRound.State.CLOSED
        or RoundSnapshot.objects.filter(round=round).exists()
    ):
        return None
    now = timezone.now()
    as_of = round.due_on or timezone.localdate(now)
    return _snapshot_write(round=round, user=user, closed_at=now, as_of=as_of, after_the_fact=True)


@transaction.atomic
def round_refreeze_from_records(*, round, user=None):
    """Freeze again, from its records, a round that was frozen after it had closed (figures
    frozen that way before they were taken from the round's records held today's statuses).
    A round frozen when it closed is never touched. Returns the new snapshot, or None."""
    round = ReportingRound.objects.select_for_update().select_related("plan").get(pk=round.pk)
    old = RoundSnapshot.objects.filter(round=round, is_after_the_fact=True).first()
    if old is None:
        return None
    old.delete()
    return round_freeze_after_closing(round=round, user=user)
