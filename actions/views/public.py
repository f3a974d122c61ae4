"""The public site: what the partnership promised and how it is going. No sign-in."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from actions.filters import PublicActionFilter
from actions.models import Action, ActionLead, ProgressUpdate, StatusCounts
from themes.models import Commitment, Partner, Plan, ResidentStatement

ACTIONS_PER_PAGE = 25


def _public_plan(slug):
    return get_object_or_404(Plan.objects.public(), slug=slug)


def _themes_with_counts(plan):
    """The plan's themes with their leads and public status counts (3 queries)."""
    themes = list(plan.themes.with_leads())
    counts = Action.objects.filter(plan=plan).status_counts_by("theme_id")
    for theme in themes:
        theme.status_counts = counts.get(theme.pk, StatusCounts())
    return themes


def _latest_round_coverage(plan, actions):
    """(latest round, how many of `actions` have a published update in it): 2 queries."""
    latest_round = plan.rounds.order_by("-starts_on", "-pk").first()
    if latest_round is None:
        return None, 0
    updated = (
        ProgressUpdate.objects.published()
        .filter(round=latest_round, action__in=actions)
        .values("action")
        .distinct()
        .count()
    )
    return latest_round, updated


@login_not_required
def home(request):
    plan = Plan.objects.current()
    context = {
        "plan": plan,
        "executive": Partner.objects.executive().select_related("parent"),
        "earlier_plans": Plan.objects.public().exclude(state=Plan.State.CURRENT).newest_first(),
        "themes": _themes_with_counts(plan) if plan else [],
    }
    return render(request, "actions/home.html", context)


@login_not_required
def plan_list(request):
    plans = Plan.objects.public().newest_first()
    return render(request, "actions/plan_list.html", {"plans": plans})


@login_not_required
def plan_detail(request, slug):
    plan = _public_plan(slug)
    themes = _themes_with_counts(plan)
    actions = Action.objects.filter(plan=plan)
    latest_round, updated_count = _latest_round_coverage(plan, actions)
    context = {
        "plan": plan,
        "themes": themes,
        "priorities": plan.priorities.order_by("number"),
        "action_count": sum(theme.status_counts.total for theme in themes),
        "latest_round": latest_round,
        "updated_count": updated_count,
    }
    return render(request, "actions/plan_detail.html", context)


@login_not_required
def theme_detail(request, slug, number):
    plan = _public_plan(slug)
    theme = get_object_or_404(plan.themes.with_leads(), number=number)
    actions = list(Action.objects.filter(theme=theme).for_public_list())
    latest_round, updated_count = _latest_round_coverage(plan, actions)
    context = {
        "plan": plan,
        "theme": theme,
        "actions": actions,
        "status_counts": StatusCounts.of(actions),
        "priorities": plan.priorities.filter(actions__theme=theme).distinct().order_by("number"),
        "latest_round": latest_round,
        "updated_count": updated_count,
    }
    return render(request, "actions/theme_detail.html", context)


@login_not_required
def statement_list(request, slug):
    """ "You said, we're doing": each statement, its commitments and how their actions go."""
    plan = _public_plan(slug)
    public_actions = Action.objects.only(
        "pk", "plan_id", "number", "text", "public_status", "last_published_at"
    ).order_by("number")
    statements = list(
        ResidentStatement.objects.filter(plan=plan)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "commitments",
                Commitment.objects.order_by("position").prefetch_related(
                    Prefetch("themes", plan.themes.order_by("number")),
                    Prefetch("actions", public_actions.select_related("plan")),
                ),
            )
        )
    )
    for statement in statements:
        for commitment in statement.commitments.all():
            actions = commitment.actions.all()
            commitment.status_counts = StatusCounts.of(actions)
            commitment.last_updated_at = max(
                (a.last_published_at for a in actions if a.last_published_at), default=None
            )
    return render(request, "actions/statement_list.html", {"plan": plan, "statements": statements})


@login_not_required
def action_list(request, slug):
    plan = _public_plan(slug)
    filterset = PublicActionFilter(
        request.GET, queryset=Action.objects.filter(plan=plan).for_public_list(), plan=plan
    )
    page = Paginator(filterset.qs, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"plan": plan, "filterset": filterset, "page": page}
    return render(request, "actions/action_list.html", context)


@login_not_required
def action_detail(request, slug, number):
    plan = _public_plan(slug)
    action = get_object_or_404(
        Action.objects.select_related("plan", "theme").prefetch_related(
            Prefetch("lead_links", ActionLead.objects.select_related("partner__parent")),
            "documents",
            "priorities",
        ),
        plan=plan,
        number=number,
    )
    updates = (
        ProgressUpdate.objects.published()
        .filter(action=action)
        .select_related("round", "partner__parent")
        .newest_first()
    )
    context = {"plan": plan, "action": action, "updates": updates}
    return render(request, "actions/action_detail.html", context)
