"""The public site: what the partnership promised and how it is going. No sign-in.

Every view starts from an explicitly public queryset: plans from `Plan.objects.public()`
(drafts answer 404) and progress from `ProgressUpdate.objects.published()`. Actions are
public through their plan. Only an update's public summary is ever shown, never its
internal narrative, review comment or author.
"""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, render

from actions.filters import PublicActionFilter
from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound, StatusCounts
from indicators.models import Indicator
from portal.page_cache import public_page_cache
from themes.models import Commitment, Partner, Plan, ResidentStatement

ACTIONS_PER_PAGE = 25
HOME_EARLIER_PLANS = 10


def public_plan(slug):
    """The public plan with this slug; drafts and unknown slugs answer 404 (one query)."""
    return get_object_or_404(Plan.objects.public(), slug=slug)


def latest_round(plan):
    """The newest round of `plan` in which any update was published, or None (one query).

    Rounds are ordered as `ProgressUpdateQuerySet.newest_first()` orders them, so an action
    updated in this round has it as its `last_published_round`.
    """
    # Each of the plan's rounds, newest first, until one has a published update (through the
    # round-and-state index), rather than every published update of the plan.
    published = ProgressUpdate.objects.published().filter(round=OuterRef("pk"))
    return (
        ReportingRound.objects.filter(plan=plan)
        .filter(Exists(published))
        .order_by(F("starts_on").desc(nulls_last=True), "-pk")
        .first()
    )


def _themes_with_counts(plan, newest):
    """The plan's themes with their leads, public status counts and how many of their
    actions were updated in `newest` (4 queries, 3 without a round)."""
    themes = list(plan.themes.with_leads())
    actions = Action.objects.filter(plan=plan)
    counts = actions.status_counts_by("theme_id")
    updated = {}
    if newest is not None:
        updated = dict(
            actions.filter(last_published_round=newest)
            .order_by()
            .values("theme_id")
            .annotate(n=Count("pk"))
            .values_list("theme_id", "n")
        )
    for theme in themes:
        theme.status_counts = counts.get(theme.pk, StatusCounts())
        theme.action_total = theme.status_counts.total
        theme.updated_count = updated.get(theme.pk, 0)
    return themes


def _freshness(themes, newest):
    """Totals for the "updated in the latest round" line of the plan and home pages."""
    return {
        "latest_round": newest,
        "action_count": sum(theme.status_counts.total for theme in themes),
        "updated_count": sum(theme.updated_count for theme in themes),
    }


@login_not_required
@public_page_cache
def home(request):
    plan = Plan.objects.public().current()
    themes, freshness = [], {"latest_round": None, "action_count": 0, "updated_count": 0}
    if plan is not None:
        newest = latest_round(plan)
        themes = _themes_with_counts(plan, newest)
        freshness = _freshness(themes, newest)
    context = {
        "plan": plan,
        "themes": themes,
        **freshness,
        "executive": list(Partner.objects.executive().select_related("parent")),
        # The newest few; "All plans" lists the rest, however many years the portal holds.
        "earlier_plans": list(
            Plan.objects.public()
            .exclude(state=Plan.State.CURRENT)
            .newest_first()[:HOME_EARLIER_PLANS]
        ),
    }
    return render(request, "public/home.html", context)


@login_not_required
@public_page_cache
def plan_list(request):
    plans = list(Plan.objects.public().newest_first())
    context = {
        "current_plans": [plan for plan in plans if plan.state == Plan.State.CURRENT],
        "earlier_plans": [plan for plan in plans if plan.state != Plan.State.CURRENT],
    }
    return render(request, "public/plan_list.html", context)


@login_not_required
@public_page_cache
def plan_detail(request, slug):
    plan = public_plan(slug)
    newest = latest_round(plan)
    themes = _themes_with_counts(plan, newest)
    context = {
        "plan": plan,
        "themes": themes,
        **_freshness(themes, newest),
        "priorities": list(plan.priorities.order_by("number")),
    }
    return render(request, "public/plan_detail.html", context)


@login_not_required
@public_page_cache
def theme_detail(request, slug, number):
    plan = public_plan(slug)
    theme = get_object_or_404(plan.themes.with_leads(), number=number)
    actions = list(Action.objects.filter(theme=theme).for_public_list())
    newest = latest_round(plan)
    commitments = (
        Commitment.objects.filter(themes=theme, statement__plan=plan)
        .select_related("statement")
        .order_by("statement__position", "position")
    )
    context = {
        "plan": plan,
        "theme": theme,
        "actions": actions,
        "status_counts": StatusCounts.of(actions),
        "priorities": list(
            plan.priorities.filter(actions__theme=theme).distinct().order_by("number")
        ),
        "commitments": list(commitments),
        "indicators": Indicator.objects.public_for_theme(theme),
        "latest_round": newest,
        "action_count": len(actions),
        "updated_count": sum(1 for action in actions if action.is_updated_in(newest)),
    }
    return render(request, "public/theme_detail.html", context)


def _newest_update(actions):
    """The action among `actions` whose last published update is newest, or None, using
    the order of `ProgressUpdateQuerySet.newest_first()`; reads `last_published_round`."""

    def key(action):
        last_round = action.last_published_round
        return (
            last_round.starts_on is not None,
            last_round.starts_on or datetime.date.min,
            last_round.pk,
            action.last_published_at is not None,
            action.last_published_at or datetime.datetime.min.replace(tzinfo=datetime.UTC),
        )

    updated = [action for action in actions if action.last_published_round_id]
    return max(updated, key=key, default=None)


@login_not_required
@public_page_cache
def statement_list(request, slug):
    """ "You said, we're doing": each statement, its commitments and how their actions go."""
    plan = public_plan(slug)
    actions = (
        Action.objects.filter(plan=plan)
        .select_related("plan", "last_published_round")
        .only(
            "pk",
            "plan__slug",
            "plan__state",
            "number",
            "due_on",
            "text",
            "public_status",
            "last_published_at",
            "last_published_round",
        )
        .order_by("number")
    )
    statements = list(
        ResidentStatement.objects.filter(plan=plan)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "commitments",
                Commitment.objects.order_by("position").prefetch_related(
                    Prefetch("themes", plan.themes.order_by("number")),
                    Prefetch("actions", actions),
                ),
            )
        )
    )
    for statement in statements:
        for commitment in statement.commitments.all():
            commitment_actions = commitment.actions.all()
            commitment.status_counts = StatusCounts.of(commitment_actions)
            commitment.newest_update = _newest_update(commitment_actions)
    context = {
        "plan": plan,
        "statements": statements,
        "indicators_by_commitment": Indicator.objects.public_by_commitment(plan),
    }
    return render(request, "public/statement_list.html", context)


def filtered_actions(request, plan, queryset):
    """The public action filter over `queryset` (actions of `plan`) with the request's
    search and filters."""
    return PublicActionFilter(request.GET, queryset=queryset, plan=plan)


@login_not_required
@public_page_cache
def action_list(request, slug):
    plan = public_plan(slug)
    filterset = filtered_actions(request, plan, Action.objects.filter(plan=plan).for_public_list())
    page = Paginator(filterset.qs, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "filterset": filterset,
        "form": filterset.form,
        "page": page,
        "latest_round": latest_round(plan),
        "is_filtered": any(filterset.form.cleaned_data.values()),
    }
    return render(request, "public/action_list.html", context)


@login_not_required
@public_page_cache
def action_detail(request, slug, number):
    plan = public_plan(slug)
    action = get_object_or_404(
        Action.objects.filter(plan=plan)
        .select_related("plan", "theme", "last_published_round")
        .prefetch_related(
            Prefetch("lead_links", ActionLead.objects.select_related("partner__parent")),
            "documents",
            Prefetch("priorities", plan.priorities.order_by("number")),
            Prefetch(
                "commitments",
                Commitment.objects.filter(statement__plan=plan)
                .select_related("statement")
                .order_by("statement__position", "position"),
            ),
        ),
        number=number,
    )
    updates = list(
        ProgressUpdate.objects.published()
        .filter(action=action)
        .select_related("round", "partner__parent")
        .prefetch_related("snapshots")
        .newest_first()
    )
    context = {
        "plan": plan,
        "action": action,
        "updates": updates,
        "latest_round": latest_round(plan),
    }
    return render(request, "public/action_detail.html", context)
