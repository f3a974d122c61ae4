"""Pages for signed-in partners: their actions, progress updates and action details."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import (
    Case,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import PUBLISH_UPDATES, VIEW_INTERNAL_PAGES, is_officer
from actions.forms import OfficerActionForm, PartnerActionForm, ProgressUpdateForm
from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound, Status
from actions.services import EditConflict, PublicTextUnchecked, lock_unchanged, update_save
from actions.views.access import action_for_user
from portal.page_cache import PerUser, shared_content
from themes.models import Plan

ACTIONS_PER_PAGE = 50
# Updates the whole-round page shows but does not change: they are with the officers, or out.
BULK_READ_ONLY = {ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.PUBLISHED}


def _with_open_round_update(actions, partners):
    """Annotate each action with the state of the update `partners` owe in its plan's open
    round: the action's own update when one of them is the first-named lead, else their
    part (ActionLeadQuerySet.with_owed_update)."""
    open_round = ReportingRound.objects.open().filter(plan=OuterRef("plan")).order_by("-pk")
    mine = ActionLead.objects.filter(
        Q(partner__in=partners) | Q(partner__parent__in=partners), action=OuterRef("pk")
    ).order_by("position")
    earlier = ActionLead.objects.filter(
        action=OuterRef("pk"), position__lt=OuterRef("my_lead_position")
    )
    in_open_round = ProgressUpdate.objects.filter(
        action=OuterRef("pk"), round__state=ReportingRound.State.OPEN
    ).order_by("-round_id")
    whole = in_open_round.filter(partner=None)
    part = in_open_round.filter(partner=OuterRef("my_lead_partner_id"))
    return actions.annotate(
        open_round_id=Subquery(open_round.values("pk")[:1]),
        open_round_name=Subquery(open_round.values("name")[:1]),
        open_round_due_on=Subquery(open_round.values("due_on")[:1]),
        my_lead_position=Subquery(mine.values("position")[:1]),
        my_lead_partner_id=Subquery(mine.values("partner_id")[:1]),
    ).annotate(
        open_update_state=Case(
            When(Exists(earlier), then=Subquery(part.values("state")[:1])),
            default=Subquery(whole.values("state")[:1]),
        ),
        open_update_id=Case(
            When(Exists(earlier), then=Subquery(part.values("pk")[:1])),
            default=Subquery(whole.values("pk")[:1]),
        ),
    )


def start_page(request):
    """Where signing in leads: the Executive, who reports on nothing, to the dashboards;
    everyone else to their actions."""
    user = request.user
    if user.has_perm("themes.view_internal_pages") and not user.has_perm("actions.change_action"):
        return redirect("reports:dashboard_index")
    return redirect("actions:my_actions")


def my_actions(request):
    """The signed-in user's actions, what needs attention first."""
    user = request.user
    may_review = is_officer(user)
    sees_rounds = user.has_perm(VIEW_INTERNAL_PAGES)
    content = shared_content(
        request,
        "actions/my_actions_content.html",
        lambda: _my_actions_context(request, may_review, sees_rounds),
        scope=PerUser(user, PUBLISH_UPDATES, VIEW_INTERNAL_PAGES),
    )
    return render(request, "actions/my_actions.html", {"content": content})


def _my_actions_context(request, may_review, sees_rounds):
    # The user's partners read first: given their ids, PostgreSQL looks their lead links up
    # by partner; given a subquery, it guessed hundreds of partners and read every lead link
    # of every plan, which grew with the archive.
    partners = list(request.user.partners.values_list("pk", flat=True))
    actions = _with_open_round_update(
        Action.objects.led_by_any(partners).exclude(plan__state=Plan.State.ARCHIVED), partners
    )
    attention = Case(
        When(open_update_state=ProgressUpdate.State.RETURNED, then=Value(0)),
        When(open_round_id__isnull=False, open_update_state__isnull=True, then=Value(1)),
        When(open_update_state=ProgressUpdate.State.DRAFT, then=Value(2)),
        When(status=Status.OFF_TRACK, then=Value(3)),
        When(status=Status.AT_RISK, then=Value(4)),
        default=Value(5),
        output_field=IntegerField(),
    )
    actions = (
        actions.annotate(attention=attention)
        .select_related("plan", "theme", "last_published_round")
        .prefetch_related(
            Prefetch("lead_links", ActionLead.objects.select_related("partner__parent"))
        )
        .order_by("attention", "due_on", "plan__start_year", "number")
    )
    page = Paginator(actions, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    plans = Plan.objects.filter(state=Plan.State.CURRENT)
    return {
        "page": page,
        "plans": plans,
        "has_partners": bool(partners),
        "may_review": may_review,
        "sees_rounds": sees_rounds,
    }


def action_manage(request, pk):
    """An action as partners and the Executive see it: every update, whatever its state."""
    action, access = action_for_user(request, pk)
    if not access.can_view:
        raise PermissionDenied
    updates = (
        action.updates.select_related("round", "partner__parent", "author")
        .prefetch_related("snapshots")
        .newest_first()
    )
    context = {"action": action, "access": access, "updates": access.mark_updates(updates)}
    return render(request, "actions/action_manage.html", context)


def action_edit(request, pk):
    action, access = action_for_user(request, pk)
    if not access.can_edit:
        raise PermissionDenied
    form_class = OfficerActionForm if access.is_officer else PartnerActionForm
    form = form_class(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                lock_unchanged(Action, action.pk, form.cleaned_data["version"])
                form.save()
        except EditConflict as conflict:
            return edit_conflict(request, form, conflict.current, action=action)
        messages.success(request, _("Saved the details of action %(n)s.") % {"n": action.number})
        return redirect("actions:action_manage", action.pk)
    return render(request, "actions/action_form.html", {"form": form, "action": action})


def update_create(request, pk):
    action, access = action_for_user(request, pk)
    if not access.can_report:
        raise PermissionDenied
    if not action.plan.rounds.open().exists():
        messages.error(request, _("There is no open reporting round for this plan."))
        return redirect("actions:action_manage", action.pk)
    if not access.is_officer:
        # A lead writes one update a round: once started, it is edited, never written twice.
        written = (
            action.updates.filter(
                round__state=ReportingRound.State.OPEN, partner=access.owed_partner
            )
            .order_by("-round_id")
            .first()
        )
        if written is not None:
            if access.may_write(written):
                return redirect("actions:update_edit", written.pk)
            messages.info(request, _("Your update for this round is already published."))
            return redirect("actions:action_manage", action.pk)
    return _update_form(request, action, access, ProgressUpdate(action=action))


def update_edit(request, pk):
    update = get_object_or_404(ProgressUpdate.objects.select_related("round"), pk=pk)
    action, access = action_for_user(request, update.action_id)
    if not access.can_report:
        raise PermissionDenied
    if not access.may_write(update):
        if request.method == "POST" and _opened_while_writable(request, access, update):
            return _refused(request, action, access, update)
        raise PermissionDenied
    if update.is_changed_only_by_correction:
        return redirect("actions:update_correct", update.pk)
    return _update_form(request, action, access, update)


def _opened_while_writable(request, access, update):
    """Whether the form was opened on a version of `update` this user could still change
    (one query): then a refusal must keep what they typed."""
    opened_at = parse_datetime(request.POST.get("version", ""))
    opened = opened_at and update.history.filter(updated_at=opened_at).first()
    return bool(opened) and access.may_write(opened.instance)


def _refused(request, action, access, update):
    """Someone changed the update so that this user may no longer save it (an officer
    published it): show what they typed, to copy, and why it was not saved."""
    form = ProgressUpdateForm(
        request.POST,
        instance=update,
        action=action,
        lead_partners=access.lead_partners,
        is_officer=access.is_officer,
    )
    form.is_valid()
    reason = _(
        "The update was published after you opened this page, so your changes are not saved: "
        "once published, only a CSP officer may change it. Copy what you typed below and send "
        "it to your CSP officer."
    )
    return edit_conflict(request, form, update, action=action, refusal=reason)


def _update_form(request, action, access, update):
    submit = "submit" in request.POST
    form = ProgressUpdateForm(
        request.POST or None,
        instance=update,
        action=action,
        lead_partners=access.lead_partners,
        is_officer=access.is_officer,
        submit=submit,
    )
    if request.method == "POST" and form.is_valid():
        update = form.save(commit=False)
        try:
            update_save(
                update=update,
                user=request.user,
                submit=submit,
                version=form.cleaned_data["version"],
                confirmed=form.flags_confirmed,
                site_url=site_url_of(request),
            )
        except EditConflict as conflict:
            return edit_conflict(request, form, conflict.current, action=action)
        except PublicTextUnchecked as unchecked:
            form.ask_to_confirm(unchecked.flags)
            context = {"form": form, "action": action, "update": update}
            return render(request, "actions/progressupdate_form.html", context)
        if update.state == ProgressUpdate.State.PUBLISHED:
            message = _("Your update on action %(n)s is published.")
        elif submit:
            message = _("Your update on action %(n)s is submitted for review.")
        else:
            message = _("Your draft update on action %(n)s is saved.")
        messages.success(request, message % {"n": action.number})
        if submit:
            # Submitting is the last step of a round's work on the action: back to the list.
            return redirect("actions:my_actions")
        return redirect("actions:action_manage", action.pk)
    context = {"form": form, "action": action, "update": update}
    return render(request, "actions/progressupdate_form.html", context)


def site_url_of(request):
    """The portal's address as the request reached it, for links in emails."""
    return f"{request.scheme}://{request.get_host()}"


def edit_conflict(request, form, current, *, action, refusal=""):
    """The second of two simultaneous edits: show what changed, keep what the user typed.

    With a `refusal` (why the user may not save any more) the page only keeps the text."""
    changes = []
    for name, field in form.fields.items():
        if name in ("version", "contribution") or not hasattr(current, name):
            continue
        theirs = getattr(current, name)
        typed = form.cleaned_data.get(name)
        if hasattr(theirs, "all"):
            theirs, typed = list(theirs.all()), list(typed or [])
        if theirs != typed:
            changes.append({"label": field.label, "theirs": theirs, "typed": typed})
    # The resubmitted form overwrites the current version deliberately.
    data = request.POST.copy()
    data["version"] = current.updated_at.isoformat()
    form.data = data
    last = current.history.select_related("history_user").first()
    who = last.history_user if last else None
    context = {
        "form": form,
        "action": action,
        "changes": changes,
        "changed_by": (who.get_full_name() or who.username) if who else _("Someone"),
        "changed_at": current.updated_at,
        "refusal": refusal,
    }
    return render(request, "actions/edit_conflict.html", context, status=409)


def update_bulk(request, slug):
    """Write this round's updates for all of one's actions in a plan on one page.

    Each action's form is saved on its own: a mistake in one loses nothing in the others.
    Rows left empty are ignored, and updates already submitted or published are shown, not
    offered for editing: this page never takes an update back out of review.
    """
    plan = get_object_or_404(Plan, slug=slug)
    round = plan.rounds.open().order_by("-pk").first()
    if round is None:
        messages.error(request, _("There is no open reporting round for this plan."))
        return redirect("actions:my_actions")
    actions = list(
        Action.objects.editable_by(request.user)
        .filter(plan=plan)
        .active()
        .select_related("plan")
        .prefetch_related(
            Prefetch("lead_links", ActionLead.objects.select_related("partner__parent")),
            Prefetch(
                "updates",
                ProgressUpdate.objects.filter(round=round),
                to_attr="round_updates",
            ),
        )
        .order_by("number")
    )
    if not actions:
        raise PermissionDenied
    officer = is_officer(request.user)
    user_partners = set(request.user.partners.all())
    data = request.POST if request.method == "POST" else None
    submit = "submit" in request.POST
    rows, saved, failed = [], 0, 0
    data = request.POST if request.method == "POST" else None
    for action in actions:
        lead_partners = [
            link.partner
            for link in action.lead_links.all()
            if link.partner in user_partners or link.partner.parent in user_partners
        ]
        # Officers write the whole action's update; a lead writes the one it owes.
        owed = None if officer else action.owed_partner(lead_partners)
        owed_id = owed.pk if owed else None
        update = next((u for u in action.round_updates if u.partner_id == owed_id), None)
        prefix = f"action-{action.pk}"
        typed = data is not None and any(
            data.get(f"{prefix}-{name}", "").strip()
            for name in ("narrative", "public_summary", "next_steps")
        )
        read_only = update is not None and update.state in BULK_READ_ONLY
        if read_only and not typed:
            rows.append({"action": action, "update": update, "form": None})
            continue
        form_kwargs = {
            "prefix": prefix,
            "action": action,
            "lead_partners": lead_partners,
            "is_officer": officer,
            "partner": owed,
            "submit": submit,
            "round": round,
        }
        form = ProgressUpdateForm(
            data if typed else None,
            instance=update or ProgressUpdate(action=action, round=round),
            **form_kwargs,
        )
        if read_only:
            # Submitted or published while the page was open: keep what was typed, unsaved.
            form.is_valid()
            form.add_error(
                None,
                _("This update was %(state)s meanwhile: what you typed is not saved.")
                % {"state": update.get_state_display().lower()},
            )
            failed += 1
            rows.append({"action": action, "update": update, "form": form})
            continue
        # A draft posted back as it was shown is left alone: nothing to save, nothing to count.
        changed = typed and set(form.changed_data) - {"version"}
        if changed or (typed and submit):
            if form.is_valid():
                try:
                    update = update_save(
                        update=form.save(commit=False),
                        user=request.user,
                        submit=submit,
                        version=form.cleaned_data["version"],
                        confirmed=form.flags_confirmed,
                        site_url=site_url_of(request),
                    )
                except EditConflict:
                    form.add_error(None, _("Someone else saved this update meanwhile."))
                except PublicTextUnchecked as unchecked:
                    form.ask_to_confirm(unchecked.flags)
                else:
                    saved += 1
                    read_only = update.state in BULK_READ_ONLY
                    form = None if read_only else ProgressUpdateForm(instance=update, **form_kwargs)
            if form is not None and form.errors:
                failed += 1
        rows.append({"action": action, "update": update, "form": form})
    if request.method == "POST":
        if saved:
            messages.success(
                request,
                ngettext("Saved %(n)s update.", "Saved %(n)s updates.", saved) % {"n": saved},
            )
        if not failed:
            return redirect("actions:my_actions")
        messages.error(
            request,
            ngettext(
                "%(n)s update needs correcting: see below.",
                "%(n)s updates need correcting: see below.",
                failed,
            )
            % {"n": failed},
        )
    context = {"plan": plan, "round": round, "rows": rows}
    return render(request, "actions/progressupdate_bulk.html", context)
