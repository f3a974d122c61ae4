"""Writes that touch more than one object: the progress update workflow and restoring versions."""

from collections import defaultdict
from functools import partial

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import ADD_UPDATES
from actions.models import (
    Action,
    ActionLead,
    ProgressUpdate,
    ReminderSent,
    ReportingRound,
    Status,
)
from actions.privacy import identifying_flags, known_names


class PublicTextUnchecked(Exception):
    """Text would become public, or change or disappear from the public pages, without a
    person confirming they read it; `flags` are the words that may identify someone."""

    def __init__(self, flags):
        super().__init__("The public text needs a person's confirmation.")
        self.flags = flags


class EditConflict(Exception):
    """Someone else saved the object after the user opened it."""

    def __init__(self, current):
        super().__init__("The object was changed by someone else.")
        self.current = current


def lock_unchanged(model, pk, version):
    """Lock the row and check nobody saved it since `version` (its updated_at, ISO format,
    as the form the user opened carried it); raise EditConflict if someone did. The one
    stale-form rule of the portal's pages and of the Django admin. Call it in a transaction."""
    current = model.objects.select_for_update().get(pk=pk)
    if version and current.updated_at.isoformat() != version:
        raise EditConflict(current)
    return current


def public_text_flags(update, names=None):
    """What in the public summary of `update` may identify someone (two queries unless
    `names` is given). Whoever makes the summary public must confirm these were read."""
    return identifying_flags(update.public_summary, names)


def _check_public_text(update, confirmed, names=None):
    flags = public_text_flags(update, names)
    if flags and not confirmed:
        raise PublicTextUnchecked(flags)


def _email(name, context, to):
    """Send templates/actions/<name>_subject.txt and _email.txt to the addresses `to`."""
    subject = render_to_string(f"actions/{name}_subject.txt", context)
    body = render_to_string(f"actions/{name}_email.txt", context)
    send_mail(" ".join(subject.split()), body, None, to)


def _email_on_commit(name, context, to):
    """Email once the transaction commits: nothing is sent for a change rolled back."""
    if to:
        transaction.on_commit(partial(_email, name, context, to))


def _officer_addresses():
    """The addresses of the active officers: those who may publish updates (one query)."""
    officers = get_user_model().objects.with_perm(
        "actions.publish_progressupdate", include_superusers=False
    )
    return sorted(officers.filter(is_active=True).exclude(email="").values_list("email", flat=True))


def _author_address(update, user):
    """The author's address, unless the author made the change themselves."""
    author = update.author
    if author is None or author == user or not author.is_active or not author.email:
        return []
    return [author.email]


@transaction.atomic
def update_make_public(*, update, user, reason, confirmed=False, published_at=None, names=None):
    """Save `update` as published: the one way an update's public summary reaches residents.

    Every path that publishes comes here (review, an officer's edit of a published update,
    plans whose partners publish directly, imports, restored versions, the admin). When the
    identifying-words check flags the summary and `confirmed` is false, raises
    PublicTextUnchecked and saves nothing. `published_at`, when given, becomes the date of
    publication; otherwise the update keeps the date it has. The action's public status
    follows.
    """
    _check_public_text(update, confirmed, names)
    update.state = ProgressUpdate.State.PUBLISHED
    if published_at is not None:
        update.published_at = published_at
    update._change_reason = reason
    if user is not None:
        update._history_user = user
    update.save()
    update.action.refresh_public_status()
    return update


@transaction.atomic
def updates_make_public(*, updates, user, reason, confirmed=False, names=None):
    """Save many updates as published, as `update_make_public` does one, in a fixed number of
    queries (for imports): every public summary is checked first, and PublicTextUnchecked
    saves none when one is flagged and `confirmed` is false. New updates are created, the
    others saved, each with its history; their actions' public status follows."""
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history

    names = known_names() if names is None else names
    for update in updates:
        _check_public_text(update, confirmed, names)
    now = timezone.now()
    new, old = [], []
    for update in updates:
        update.state = ProgressUpdate.State.PUBLISHED
        update.updated_at = now
        (old if update.pk else new).append(update)
    history = {"default_user": user, "default_change_reason": reason}
    if new:
        for update in new:
            update.created_at = now
        bulk_create_with_history(new, ProgressUpdate, batch_size=500, **history)
    if old:
        fields = ["narrative", "public_summary", "status", "state", "updated_at"]
        bulk_update_with_history(old, ProgressUpdate, fields, batch_size=500, **history)
    actions_refresh_public_status(
        actions=list({update.action_id: update.action for update in updates}.values()), user=user
    )
    return updates


def actions_refresh_public_status(*, actions, user=None):
    """`Action.refresh_public_status` for many actions: a query and an UPDATE per distinct
    outcome for each 500 actions, and their history."""
    latest = {}
    pks = [action.pk for action in actions]
    for start in range(0, len(pks), 500):
        published = ProgressUpdate.objects.published().filter(action__in=pks[start : start + 500])
        for update in published.newest_first().only(
            "action_id", "status", "published_at", "round_id"
        ):
            latest.setdefault(update.action_id, update)
    changed = []
    for action in actions:
        update = latest.get(action.pk)
        new = (
            update.status if update else Status.NOT_RECORDED,
            update.published_at if update else None,
            update.round_id if update else None,
        )
        if (action.public_status, action.last_published_at, action.last_published_round_id) != (
            new
        ):
            action.public_status, action.last_published_at, action.last_published_round_id = new
            changed.append(action)
    # One UPDATE per distinct status, date and round (an import has few): a bulk_update of
    # thousands of rows builds a CASE per row and column.
    groups = defaultdict(list)
    for action in changed:
        key = (action.public_status, action.last_published_at, action.last_published_round_id)
        groups[key].append(action.pk)
    for (status, published_at, round_id), pks in groups.items():
        for start in range(0, len(pks), 500):
            Action.objects.filter(pk__in=pks[start : start + 500]).update(
                public_status=status,
                last_published_at=published_at,
                last_published_round_id=round_id,
            )
    if changed:
        Action.history.bulk_history_create(
            changed,
            batch_size=500,
            update=True,
            default_user=user,
            default_change_reason="Published progress changed",
        )
    return changed


@transaction.atomic
def update_save(*, update, user, submit, version="", confirmed=False, site_url=""):
    """Save a progress update as a draft or submit it for review.

    Submitting for review emails the officers a link to review it (built on `site_url`, the
    portal's address) once the transaction commits.

    A plan whose partners publish directly publishes a submitted update at once, and an
    officer's edit of a published update saved as a draft stays published: both need `confirmed`
    when the public summary is flagged (PublicTextUnchecked otherwise, saving nothing).
    Raises EditConflict when someone else saved the update after `version`.
    """
    if update.pk:
        lock_unchanged(ProgressUpdate, update.pk, version)
    if update.state == ProgressUpdate.State.PUBLISHED and not submit:
        return update_make_public(
            update=update, user=user, reason=_("Edited while published"), confirmed=confirmed
        )
    publishes = submit and update.action.plan.partners_publish_directly
    if publishes:
        _check_public_text(update, confirmed)
    was_published = update.state == ProgressUpdate.State.PUBLISHED
    if not update.pk:
        update.author = user
    if submit:
        update.state = ProgressUpdate.State.SUBMITTED
        update.submitted_at = timezone.now()
        update._change_reason = _("Submitted")
    else:
        update.state = ProgressUpdate.State.DRAFT
        update._change_reason = _("Saved as draft")
    update.save()
    if publishes:
        update_publish(update=update, user=user, confirmed=confirmed)
    elif was_published:
        update.action.refresh_public_status()
    if submit and not publishes:
        context = {
            "update": update,
            "action": update.action,
            "user": user,
            "link": site_url + reverse("actions:update_review", args=[update.pk]),
        }
        _email_on_commit("update_submitted", context, _officer_addresses())
    return update


@transaction.atomic
def update_publish(*, update, user, action_status=None, confirmed=False, site_url=""):
    """Publish an update; its public summary becomes visible to residents, and its author
    (when someone else publishes it) is emailed a link to the public page once the
    transaction commits.

    For the action's own update (not one partner's contribution) the officer's status for the
    action is set too: `action_status`, or the status the update proposes. "Not recorded"
    says nothing about the action, so it never replaces the action's status. A flagged
    summary needs `confirmed` (see update_make_public).
    """
    update.review_comment = ""
    update_make_public(
        update=update,
        user=user,
        reason=_("Published"),
        confirmed=confirmed,
        published_at=timezone.now(),
    )
    action = Action.objects.select_for_update().get(pk=update.action_id)
    if update.partner_id is None:
        new_status = action_status or update.status
        if new_status != Status.NOT_RECORDED and action.status != new_status:
            action.status = new_status
            action._change_reason = _("Status set when publishing an update")
            action.save(update_fields=["status", "updated_at"])
    context = {
        "update": update,
        "action": action,
        "link": site_url + action.get_absolute_url(),
    }
    _email_on_commit("update_published", context, _author_address(update, user))
    return update


# What the history keeps of a reason: simple_history's change reason holds 100 characters.
CORRECTION_PREFIX = "Corrected: "
CORRECTION_REASON_LENGTH = 100 - len(CORRECTION_PREFIX)


@transaction.atomic
def update_correct(*, update, user, reason, version="", confirmed=False):
    """Save an officer's correction of a published update of a closed round.

    The reason is kept in the update's history. The text stays public, so it goes through
    update_make_public (a flagged summary needs `confirmed`). When the update is the action's
    latest published update of its own, the action's status follows the corrected status, as
    it does when an update is published; what residents see follows too. Raises EditConflict
    when someone else saved the update after `version`.
    """
    lock_unchanged(ProgressUpdate, update.pk, version)
    update_make_public(
        update=update, user=user, reason=CORRECTION_PREFIX + reason, confirmed=confirmed
    )
    action = Action.objects.select_for_update().get(pk=update.action_id)
    latest = action.updates.published().filter(partner=None).newest_first().first()
    is_latest = latest is not None and latest.pk == update.pk
    if is_latest and update.status != Status.NOT_RECORDED and action.status != update.status:
        action.status = update.status
        action._change_reason = _("Status follows a corrected update")
        action.save(update_fields=["status", "updated_at"])
    action.refresh_public_status()
    return update


@transaction.atomic
def update_return(*, update, user, comment, site_url=""):
    """Send a submitted update back to its author with the officer's comment, emailed to
    them with a link to correct it once the transaction commits."""
    update.state = ProgressUpdate.State.RETURNED
    update.review_comment = comment
    update._change_reason = _("Sent back")
    update.save()
    update.action.refresh_public_status()
    context = {
        "update": update,
        "action": update.action,
        "user": user,
        "link": site_url + reverse("actions:update_edit", args=[update.pk]),
    }
    _email_on_commit("update_returned", context, _author_address(update, user))
    return update


@transaction.atomic
def version_restore(*, record, user, confirmed=False):
    """Make an earlier version current again; the restore is itself a new version.

    `record` is a historical record of an Action or a ProgressUpdate. Many-to-many fields and
    history itself are left as they are: nothing is deleted. A restore that changes or
    withdraws what residents read, or publishes a flagged summary, needs `confirmed`
    (PublicTextUnchecked otherwise, saving nothing).
    """
    instance = record.instance
    model = type(instance)
    current = model.objects.select_for_update().get(pk=instance.pk)
    public_before = current.public_text
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in ("created_at",):
            continue
        setattr(current, field.attname, getattr(instance, field.attname))
    reason = _("Restored the version of %(date)s") % {
        "date": timezone.localtime(record.history_date).strftime("%d/%m/%Y %H:%M")
    }
    is_update = isinstance(current, ProgressUpdate)
    if current.public_text != public_before and not confirmed:
        flags = public_text_flags(current) if is_update and current.public_text else []
        raise PublicTextUnchecked(flags)
    if is_update:
        if current.state == ProgressUpdate.State.PUBLISHED:
            return update_make_public(update=current, user=user, reason=reason, confirmed=confirmed)
    current._change_reason = reason
    current.save()
    action = current if isinstance(current, Action) else current.action
    action.refresh_public_status()
    return current


def reminders_due(*, today):
    """{user: [(round, action), ...]} for leads still owing an update in an open round (the
    action's own, or their part of a shared action: ActionLeadQuerySet.with_owed_update),
    leaving out anyone already reminded today. A fixed number of queries."""
    already = ReminderSent.objects.filter(sent_on=today).values("recipient")
    members = (
        get_user_model().objects.filter(is_active=True).exclude(email="").exclude(pk__in=already)
    )
    due = defaultdict(list)
    for round in ReportingRound.objects.open().select_related("plan").order_by("plan_id", "pk"):
        owing = (
            ActionLead.objects.filter(action__in=Action.objects.missing_update_in(round))
            .owing_in(round)
            .select_related("action", "partner__parent")
            .prefetch_related(
                Prefetch("partner__members", members, to_attr="reminder_members"),
                Prefetch("partner__parent__members", members, to_attr="reminder_members"),
            )
            .order_by("action__number", "position")
        )
        for link in owing:
            people = set(link.partner.reminder_members)
            if link.partner.parent:
                people.update(link.partner.parent.reminder_members)
            for person in people:
                item = (round, link.action)
                if person.has_perm(ADD_UPDATES) and item not in due[person]:
                    due[person].append(item)
    return dict(due)


@transaction.atomic
def reminder_send(*, recipient, items, today, site_url):
    """Email one person the list of their actions that need an update, once a day, with a
    link to each plan's page for the whole round (built on `site_url`)."""
    ReminderSent.objects.create(recipient=recipient, sent_on=today, action_count=len(items))
    rounds = {}
    for round, action in items:
        rounds.setdefault(round, []).append(action)
    context = {
        "recipient": recipient,
        "count": len(items),
        "rounds": [
            {
                "round": round,
                "actions": actions,
                "link": site_url + reverse("actions:update_bulk", args=[round.plan.slug]),
            }
            for round, actions in rounds.items()
        ],
    }
    _email_on_commit("update_reminder", context, [recipient.email])
