"""Reporting rounds: officers open them; everyone internal sees who has not reported."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import ADD_ROUNDS, VIEW_INTERNAL_PAGES
from actions.forms import RoundForm
from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound, Status
from themes.models import Plan

REPORTED = [ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.PUBLISHED]


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
def round_list(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    active = Action.objects.filter(plan=plan).active().count()
    # Like with like: the actions active now that reported, out of the actions active now,
    # as the round's page counts them; a frozen round, its own figures as frozen.
    done = [Status.COMPLETE, Status.CARRIED_FORWARD]
    rounds = list(
        plan.rounds.annotate(
            reported=Count(
                "updates__action",
                filter=Q(updates__state__in=REPORTED) & ~Q(updates__action__status__in=done),
                distinct=True,
            )
        ).order_by("-starts_on", "-pk")
    )
    frozen = {
        row["pk"]: row
        for row in plan.rounds.filter(snapshot__isnull=False)
        .values("pk")
        .annotate(
            active=Count("snapshot__actions", filter=~Q(snapshot__actions__status__in=done)),
            missing=Count("snapshot__actions", filter=Q(snapshot__actions__is_missing=True)),
        )
    }
    for round in rounds:
        round.expected = active
        if round.pk in frozen:
            round.expected = frozen[round.pk]["active"]
            round.reported = round.expected - frozen[round.pk]["missing"]
    context = {"plan": plan, "rounds": rounds}
    return render(request, "actions/reportinground_list.html", context)


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
def round_index(request):
    """The header's way to the rounds: those of the current plan, else of the latest plan."""
    plan = Plan.objects.order_by(
        Case(When(state=Plan.State.CURRENT, then=0), default=1), "-start_year", "-pk"
    ).first()
    if plan is None:
        messages.info(request, _("There is no plan yet, so no reporting rounds."))
        return redirect("actions:my_actions")
    return redirect("actions:round_list", plan.slug)


@permission_required(ADD_ROUNDS, raise_exception=True)
def round_create(request, slug):
    plan = get_object_or_404(Plan, slug=slug)
    form = RoundForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        round = form.save()
        messages.success(request, _("The round “%(name)s” is open.") % {"name": round.name})
        return redirect(round)
    return render(request, "actions/reportinground_form.html", {"form": form, "plan": plan})


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
def round_detail(request, pk):
    round = get_object_or_404(ReportingRound.objects.select_related("plan"), pk=pk)
    own_update = ProgressUpdate.objects.filter(action=OuterRef("pk"), round=round, partner=None)
    owing = ActionLead.objects.owing_in(round).select_related("partner__parent")
    missing = (
        Action.objects.missing_update_in(round)
        .annotate(has_draft=Exists(own_update))
        .select_related("theme")
        .prefetch_related(
            Prefetch("lead_links", ActionLead.objects.select_related("partner__parent")),
            Prefetch("lead_links", owing, to_attr="owing_leads"),
        )
        .order_by("number")
    )
    context = {"round": round, "missing": missing, "is_overdue": round.is_overdue}
    return render(request, "actions/reportinground_detail.html", context)
