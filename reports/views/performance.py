"""Performance on a page: one printable page per plan or theme for a round, and its PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from actions.models import ReportingRound, Status
from reports import charts
from reports.figures import EXCEPTION_STATUSES, commentary_of, statuses_shown, total_of
from reports.forms import RoundCommentaryForm
from reports.models import RoundCommentary
from reports.pdf import pdf_from_html
from reports.views.common import plan_or_404, round_context, select
from reports.views.dashboards import INTERNAL, figures_of

EXCEPTIONS_SHOWN = 8
COMPLETIONS_SHOWN = 5
CHANGE_ROUNDS = "actions.change_reportinground"


def _listed(selection, rows, limit):
    """(how many, the first `limit` as ActionRows): three queries live, two frozen."""
    source = selection.source
    count = rows.count()
    shown = source.display_rows(source.for_display(rows, with_updates=False)[:limit])
    return count, shown


def _performance_context(request, slug, number=None):
    plan = plan_or_404(slug)
    theme = None
    if number is not None:
        theme = get_object_or_404(plan.themes.with_leads(), number=number)
    selection = select(request, plan, theme=theme, use_filters=False)
    tallies, compare_tallies, total, compare_total = figures_of(selection)
    themes = [theme] if theme else list(plan.themes.with_leads())
    statuses = statuses_shown(total, compare_total)
    theme_rows = []
    for each in themes:
        tally = tallies.get(each.pk) or total_of({})
        previous = None
        if compare_tallies is not None:
            previous = compare_tallies.get(each.pk) or total_of({})
        label = _("Theme %(number)s") % {"number": each.number}
        theme_rows.append(
            {
                "theme": each,
                "tally": tally,
                "cells": tally.cells(previous, statuses),
                "chart": charts.mini_bar(tally, title=label),
            }
        )
    rows = selection.rows
    exceptions = rows.filter(
        Q(status__in=EXCEPTION_STATUSES) | Q(is_overdue=True) | Q(is_missing=True)
    )
    exception_count, exception_rows = _listed(selection, exceptions, EXCEPTIONS_SHOWN)
    completions = rows.filter(status=Status.COMPLETE)
    if selection.choice.compare is not None:
        completions = completions.filter(is_changed=True)
    completion_count, completion_rows = _listed(selection, completions, COMPLETIONS_SHOWN)
    round = selection.choice.selected
    return {
        **round_context(selection),
        "theme": theme,
        "commentary": commentary_of(round),
        "total": total,
        "compare_total": compare_total,
        "total_change": None if compare_total is None else total.total - compare_total.total,
        "status_cells": total.cells(compare_total, statuses),
        "statuses": statuses,
        "theme_rows": theme_rows,
        "status_chart": charts.status_bars(
            total, title=_("All actions by status"), width=400, label_width=150
        ),
        "exception_rows": exception_rows,
        "exceptions_hidden": exception_count - len(exception_rows),
        "completion_rows": completion_rows,
        "completions_hidden": completion_count - len(completion_rows),
        "can_edit_commentary": round is not None and request.user.has_perm(CHANGE_ROUNDS),
        "round_query": _round_query(selection),
        "now_date": timezone.localdate(),
    }


def _round_query(selection):
    """?round=…&compare=… for links that keep the page's rounds and nothing else."""
    params = {}
    if selection.choice.selected is not None:
        params["round"] = selection.choice.selected.pk
    if selection.choice.compare is not None:
        params["compare"] = selection.choice.compare.pk
    return f"?{urlencode(params)}" if params else ""


@permission_required(INTERNAL, raise_exception=True)
def performance_page(request, slug, number=None):
    context = _performance_context(request, slug, number)
    return render(request, "reports/performance_page.html", context)


@permission_required(INTERNAL, raise_exception=True)
def performance_pdf(request, slug, number=None):
    context = _performance_context(request, slug, number)
    context["print_fills"] = True
    html = render_to_string("reports/performance_print.html", context, request=request)
    pdf = pdf_from_html(html, base_url=request.build_absolute_uri("/"))
    parts = ["performance", context["plan"].slug]
    if context["theme"] is not None:
        parts.append(f"theme-{context['theme'].number}")
    parts.append(slugify(context["round"].name) if context["round"] else "live")
    return HttpResponse(
        pdf,
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{"-".join(parts)}.pdf"'},
    )


@permission_required(CHANGE_ROUNDS, raise_exception=True)
def commentary_edit(request, pk):
    round = get_object_or_404(ReportingRound.objects.select_related("plan"), pk=pk)
    commentary = RoundCommentary.objects.filter(round=round).first()
    form = RoundCommentaryForm(
        request.POST if request.method == "POST" else None, instance=commentary
    )
    if form.is_valid():
        with transaction.atomic():
            form.instance.round = round
            form.save()
        messages.success(request, _("Saved the commentary on %(round)s.") % {"round": round.name})
        url = reverse("reports:performance_page", args=[round.plan.slug])
        return redirect(f"{url}?{urlencode({'round': round.pk})}")
    versions = []
    if commentary is not None:
        versions = commentary.history.select_related("history_user").order_by("-history_date")[:10]
    context = {"round": round, "plan": round.plan, "form": form, "versions": versions}
    return render(request, "reports/roundcommentary_form.html", context)
