"""The generated progress updates, and the published status they give their actions."""

import datetime

from simple_history.utils import bulk_update_with_history

from actions.models import Action, ProgressUpdate, Status
from demo.bulk import BATCH_SIZE, history_create, history_snapshot, moment, weighted
from demo.words import NEXT_STEPS, RETURN_COMMENTS
from themes.models import Plan

# How a status tends to change from one round to the next.
TRANSITIONS = {
    Status.NOT_STARTED: [(Status.NOT_STARTED, 3), (Status.ON_TRACK, 6), (Status.AT_RISK, 1)],
    Status.ON_TRACK: [
        (Status.ON_TRACK, 80),
        (Status.AT_RISK, 9),
        (Status.COMPLETE, 4),
        (Status.OFF_TRACK, 2),
    ],
    Status.AT_RISK: [
        (Status.AT_RISK, 45),
        (Status.ON_TRACK, 35),
        (Status.OFF_TRACK, 15),
        (Status.COMPLETE, 5),
    ],
    Status.OFF_TRACK: [(Status.OFF_TRACK, 50), (Status.AT_RISK, 35), (Status.ON_TRACK, 15)],
    Status.COMPLETE: [(Status.COMPLETE, 1)],
}
# The state of updates in the current plan's open round; None: not written yet.
OPEN_ROUND_STATES = [
    (ProgressUpdate.State.PUBLISHED, 30),
    (ProgressUpdate.State.SUBMITTED, 20),
    (ProgressUpdate.State.DRAFT, 15),
    (ProgressUpdate.State.RETURNED, 5),
    (None, 30),
]


def open_round_state(rng):
    return weighted(rng, OPEN_ROUND_STATES)


def updates_create(rng, writer, parts, actions, lead_partners, people, result):
    """One update per action per round, and on shared actions one per lead partner too.

    Closed rounds hold published updates; the open round a mix of published, submitted,
    draft and sent-back updates, and actions nobody has reported on yet.
    """
    updates = []
    for action in actions:
        status = Status.NOT_STARTED
        start_round = rng.randint(0, min(2, len(parts.rounds) - 1))
        partners = lead_partners[action.pk]
        for k, round in enumerate(parts.rounds):
            if k > start_round:
                status = weighted(rng, TRANSITIONS[status])
            if round.is_open:
                state = open_round_state(rng)
            else:
                state = ProgressUpdate.State.PUBLISHED
            if state is None:
                continue
            final_status = status
            if (
                parts.plan.state == Plan.State.ARCHIVED
                and k == len(parts.rounds) - 1
                and status != Status.COMPLETE
                and rng.random() < 0.35
            ):
                final_status = Status.CARRIED_FORWARD
            due = moment(round.due_on - datetime.timedelta(days=rng.randint(0, 25)), rng)
            # Contributions come first, the lead partner's summary last.
            contributors = [None] if len(partners) == 1 else [*partners[1:], None]
            for offset, partner in enumerate(contributors):
                author_partner = partner or partners[0]
                authors = people.leads_by_partner.get(author_partner.pk) or [people.officer]
                submitted_at = due + datetime.timedelta(hours=offset)
                published = state == ProgressUpdate.State.PUBLISHED
                published_at = submitted_at + datetime.timedelta(days=rng.randint(1, 12))
                update = ProgressUpdate(
                    action=action,
                    round=round,
                    partner=partner,
                    narrative=writer.narrative(),
                    public_summary=writer.summary(),
                    next_steps=rng.choice(NEXT_STEPS) if rng.random() < 0.4 else "",
                    status=final_status,
                    state=state,
                    review_comment=(
                        rng.choice(RETURN_COMMENTS)
                        if state == ProgressUpdate.State.RETURNED
                        else ""
                    ),
                    author=rng.choice(authors),
                    submitted_at=None if state == ProgressUpdate.State.DRAFT else submitted_at,
                    published_at=published_at if published else None,
                )
                update._history_date = published_at if published else submitted_at
                update._history_user = people.officer if published else update.author
                update._change_reason = {
                    ProgressUpdate.State.PUBLISHED: "Published",
                    ProgressUpdate.State.SUBMITTED: "Submitted",
                    ProgressUpdate.State.DRAFT: "Saved as draft",
                    ProgressUpdate.State.RETURNED: "Sent back",
                }[state]
                updates.append(update)
    history_create(ProgressUpdate, updates, result, people.officer, None)
    return updates


def public_status_refresh(actions, result, user):
    """Set each action's published status, round and date, and the officer's status, from
    its published updates, as `Action.refresh_public_status()` and publishing do, and record
    the change in history as publishing does. One query reads the updates in the order
    `newest_first()` gives them; one bulk UPDATE writes the actions."""
    latest, latest_summary = {}, {}
    published = (
        ProgressUpdate.objects.published()
        .filter(action_id__in=[action.pk for action in actions])
        .newest_first()
        .values_list("action_id", "partner_id", "status", "published_at", "round_id")
    )
    for action_id, partner_id, status, published_at, round_id in published:
        latest.setdefault(action_id, (status, published_at, round_id))
        if partner_id is None:
            latest_summary.setdefault(action_id, status)
    changed = []
    for action in actions:
        if action.pk not in latest:
            continue
        action.public_status, action.last_published_at, action.last_published_round_id = latest[
            action.pk
        ]
        action.status = latest_summary.get(action.pk, action.status)
        action._history_date = action.last_published_at
        action._change_reason = "Published progress changed"
        changed.append(action)
    bulk_update_with_history(
        changed,
        Action,
        ["public_status", "last_published_at", "last_published_round", "status"],
        batch_size=BATCH_SIZE,
        default_user=user,
    )
    result.add(Action.history.model, len(changed))
    pks = {action.pk for action in changed}
    history_snapshot(Action, "priorities", pks, result)
    history_snapshot(Action, "commitments", pks, result)
