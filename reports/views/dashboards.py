"""The Executive's dashboards: a plan, a theme, a lead partner, and the actions behind a figure."""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Case, When, prefetch_related_objects
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.roles import CHANGE_ROUNDS, VIEW_INTERNAL_PAGES
from actions.models import Action, ReportingRound, Status
from indicators.models import theme_directions
from portal.page_cache import Permission, shared_content
from reports import charts
from reports.figures import (
    LiveSource,
    frozen_rows_of_plan,
    reporting_by_round,
    statuses_shown,
    tally_by,
    tally_by_lead,
    total_of,
)
from reports.filters import led_by_any
from reports.views.common import plan_or_404, round_context, select
from themes.models import Partner, Plan, leads_prefetch

ACTIONS_PER_PAGE = 25
ROWS_PER_PAGE = 50
TREND_COLUMNS = 6


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
def dashboard_index(request):
    # The current plan first, then drafts being prepared, then the archive.
    rank = Case(
        When(state=Plan.State.CURRENT, then=0), When(state=Plan.State.DRAFT, then=1), default=2
    )
    plans = Plan.objects.order_by(rank, "-start_year", "title")
    page = Paginator(plans, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "reports/dashboard_index.html", {"page": page})


def _theme_rows(themes, tallies, compare_tallies, statuses):
    rows = []
    for theme in themes:
        tally = tallies.get(theme.pk) or total_of({})
        previous = None
        if compare_tallies is not None:
            previous = compare_tallies.get(theme.pk) or total_of({})
        rows.append(
            {
                "theme": theme,
                "tally": tally,
                "cells": tally.cells(previous, statuses),
                "total_change": None if previous is None else tally.total - previous.total,
            }
        )
    return rows


def figures_of(selection):
    """Counts by theme of the chosen and compared rounds, and their totals (two queries)."""
    tallies = tally_by(selection.rows, "theme_id")
    compare_tallies = None
    if selection.compare_rows is not None:
        compare_tallies = tally_by(selection.compare_rows, "theme_id")
    total = total_of(tallies)
    compare_total = total_of(compare_tallies) if compare_tallies is not None else None
    return tallies, compare_tallies, total, compare_total


def _trend_context(selection, title):
    trend = selection.trend()
    chart = charts.stacked_bars(
        [(round.name, tally) for round, tally in trend], title=title, label_width=170
    )
    statuses = statuses_shown(*(tally for round, tally in trend))
    rows = [
        {"round": round, "tally": tally, "cells": tally.cells(None, statuses)}
        for round, tally in trend
    ]
    return {"trend_chart": chart, "trend_rows": rows, "trend_statuses": statuses}


def _headline(total, compare_total, title):
    return {
        "total": total,
        "compare_total": compare_total,
        "total_change": None if compare_total is None else total.total - compare_total.total,
        "status_cells": total.cells(compare_total),
        "status_chart": charts.status_bars(total, title=title),
    }


def _dashboard(request, name, build_context, *, scope, **objects):
    """reports/<name>.html around its content, reports/<name>_content.html, which is shared
    within `scope` (portal/page_cache.py shared_content)."""
    content = shared_content(request, f"reports/{name}_content.html", build_context, scope=scope)
    return render(request, f"reports/{name}.html", {**objects, "content": content})


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
def plan_dashboard(request, slug):
    plan = plan_or_404(slug)
    can_close_round = request.user.has_perm(CHANGE_ROUNDS)
    return _dashboard(
        request,
        "plan_dashboard",
        lambda: _plan_dashboard_context(request, plan, can_close_round),
        scope=Permission(VIEW_INTERNAL_PAGES, CHANGE_ROUNDS),
        plan=plan,
    )


def _plan_dashboard_context(request, plan, can_close_round):
    selection = select(request, plan)
    tallies, compare_tallies, total, compare_total = figures_of(selection)
    themes = plan.themes.with_leads()
    chosen_theme = selection.filterset.choice("theme")
    if chosen_theme is not None:
        themes = themes.filter(pk=chosen_theme.pk)
    themes = list(themes)
    statuses = statuses_shown(total, compare_total)
    theme_rows = _theme_rows(themes, tallies, compare_tallies, statuses)
    directions = theme_directions(plan)
    for row in theme_rows:
        row["directions"] = directions.get(row["theme"].pk)
    return {
        **round_context(selection),
        **_headline(total, compare_total, _("All actions by status")),
        **_trend_context(selection, _("Actions by status in each round")),
        "statuses": statuses,
        "theme_rows": theme_rows,
        "theme_chart": charts.stacked_bars(
            [
                (_("Theme %(number)s") % {"number": row["theme"].number}, row["tally"])
                for row in theme_rows
            ],
            title=_("Actions by status in each theme"),
        ),
        "lead_rows": tally_by_lead(
            selection.rows, selection.source.missing_by_lead(selection.rows)
        ),
        "can_close_round": (
            can_close_round
            and selection.choice.selected is not None
            and selection.choice.selected.state == ReportingRound.State.OPEN
        ),
    }


def _action_page(request, selection, per_page):
    """A page of the selection's actions as ActionRows (count, rows, leads, and the latest
    updates when any: up to 6 queries)."""
    rows = selection.source.for_display(selection.rows)
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    page.rows = selection.source.display_rows(page.object_list)
    return page


def _status_trends(selection, page):
    """Each action's status in the latest frozen rounds and now (one or two queries)."""
    frozen_rounds = [r for r in selection.choice.rounds if getattr(r, "snapshot", None)]
    frozen_rounds = frozen_rounds[-TREND_COLUMNS:]
    action_ids = [row.action_id for row in page.rows if row.action_id]
    statuses = {}
    for pk, round_id, status in (
        frozen_rows_of_plan(selection.plan)
        .filter(action__in=action_ids, snapshot__round__in=frozen_rounds)
        .values_list("action_id", "snapshot__round_id", "status")
    ):
        statuses[pk, round_id] = status
    now = dict(Action.objects.filter(pk__in=action_ids).values_list("pk", "status"))
    for row in page.rows:
        row.trend = [
            {"round": r, "status": statuses.get((row.action_id, r.pk))} for r in frozen_rounds
        ]
        row.trend.append({"round": None, "status": now.get(row.action_id)})
        for step in row.trend:
            step["label"] = Status(step["status"]).label if step["status"] else ""
    return frozen_rounds


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
def theme_dashboard(request, slug, number):
    plan = plan_or_404(slug)
    theme = get_object_or_404(plan.themes.all(), number=number)
    return _dashboard(
        request,
        "theme_dashboard",
        lambda: _theme_dashboard_context(request, plan, theme),
        scope=Permission(VIEW_INTERNAL_PAGES),
        plan=plan,
        theme=theme,
    )


def _theme_dashboard_context(request, plan, theme):
    prefetch_related_objects([theme], leads_prefetch())
    selection = select(request, plan, theme=theme)
    tallies, compare_tallies, total, compare_total = figures_of(selection)
    page = _action_page(request, selection, ACTIONS_PER_PAGE)
    return {
        **round_context(selection),
        **_headline(total, compare_total, _("Actions of the theme by status")),
        **_trend_context(selection, _("Actions of the theme by status in each round")),
        "theme": theme,
        "page": page,
        "trend_rounds": _status_trends(selection, page),
    }


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
def partner_dashboard(request, slug, partner_slug):
    plan = plan_or_404(slug)
    partner = get_object_or_404(Partner.objects.select_related("parent"), slug=partner_slug)
    return _dashboard(
        request,
        "partner_dashboard",
        lambda: _partner_dashboard_context(request, plan, partner),
        scope=Permission(VIEW_INTERNAL_PAGES),
        plan=plan,
        partner=partner,
    )


def _partner_dashboard_context(request, plan, partner):
    prefetch_related_objects([partner], "teams")
    selection = select(request, plan, partner=partner)
    tallies, compare_tallies, total, compare_total = figures_of(selection)
    themes = list(plan.themes.filter(pk__in=list(tallies)).order_by("number"))
    statuses = statuses_shown(total, compare_total)
    theme_rows = _theme_rows(themes, tallies, compare_tallies, statuses)
    page = _action_page(request, selection, ACTIONS_PER_PAGE)
    frozen = selection.filterset.filter_rows(
        led_by_any(frozen_rows_of_plan(plan), partner), skip=("changed", "missing")
    )
    record = reporting_by_round(frozen)
    open_round = selection.choice.open_round
    if open_round is not None:
        live = selection.filterset.filter_rows(
            led_by_any(LiveSource(plan, open_round, partner=partner).rows(), partner),
            skip=("changed", "missing"),
        )
        live_total = total_of(tally_by(live, "plan_id"))
        record[open_round.pk] = {
            "active": live_total.active,
            "missing": live_total.missing,
            "reported": live_total.active - live_total.missing,
        }
    record_rows = [
        {"round": round, **record[round.pk]}
        for round in selection.choice.rounds
        if round.pk in record
    ]
    return {
        **round_context(selection),
        **_headline(total, compare_total, _("Actions it leads by status")),
        "partner": partner,
        "statuses": statuses,
        "theme_rows": theme_rows,
        "page": page,
        "record_rows": record_rows,
    }


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
def action_list(request, slug):
    return render_action_list(request, select(request, plan_or_404(slug)))


def render_action_list(request, selection, *, status=200):
    page = _action_page(request, selection, ROWS_PER_PAGE)
    context = {**round_context(selection), "page": page}
    return render(request, "reports/action_list.html", context, status=status)
