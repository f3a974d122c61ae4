"""Performance on a page: one printable page per plan or theme for a round, and its PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.roles import CHANGE_ROUNDS, VIEW_INTERNAL_PAGES
from actions.models import ReportingRound, Status
from reports import charts
from reports.figures import EXCEPTION_STATUSES, commentary_of, statuses_shown, total_of
from reports.forms import RoundCommentaryForm
from reports.models import RoundCommentary
from reports.pdf import pdf_from_html
from reports.views.common import plan_or_404, round_context, select
from reports.views.dashboards import figures_of

# The board page lists this many exceptions by number and short title, worst first; the
# print stylesheet (static/css/print.css) has room for them beside 8 themes and the longest
# commentary on one A4 landscape sheet. Any more are named by number only.
EXCEPTIONS_LISTED = 54
COMPLETIONS_SHOWN = 5

# Why an action is an exception, worst first: a board reads off track before at risk, at
# risk before a missing update, and a missing update before a due date that has passed.
OFF_TRACK, AT_RISK, NO_UPDATE, OVERDUE = range(4)
SEVERITY = Case(
    When(status=Status.OFF_TRACK, then=Value(OFF_TRACK)),
    When(status=Status.AT_RISK, then=Value(AT_RISK)),
    When(is_missing=True, then=Value(NO_UPDATE)),
    default=Value(OVERDUE),
    output_field=IntegerField(),
)


def _listed(selection, rows, limit):
    """(how many, the first `limit` as ActionRows): three queries live, two frozen."""
    source = selection.source
    count = rows.count()
    shown = source.display_rows(source.for_display(rows, with_updates=False)[:limit])
    return count, shown


def number_ranges(numbers):
    """ "3, 5–8, 12" of action numbers (sorted, runs of three or more joined by a dash)."""
    runs = []
    for number in sorted(numbers):
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    parts = []
    for first, last in runs:
        if last - first >= 2:
            parts.append(f"{first}–{last}")
        else:
            parts += [str(n) for n in range(first, last + 1)]
    return ", ".join(parts)


def _exceptions(selection, rows):
    """The exceptions worst first, in groups by severity, the first EXCEPTIONS_LISTED of
    them listed and the rest named by number (two queries live, one frozen).

    Within a group the action due longest ago comes first (it has been late longest),
    then those with no due date, in number order.
    """
    source = selection.source
    ranked = (
        source.for_display(
            rows.filter(Q(status__in=EXCEPTION_STATUSES) | Q(is_overdue=True) | Q(is_missing=True)),
            with_updates=False,
        )
        .annotate(severity=SEVERITY)
        .order_by("severity", F("due_on").asc(nulls_last=True), "number")
    )
    ranked = list(ranked)
    labels = {
        OFF_TRACK: Status.OFF_TRACK.label,
        AT_RISK: Status.AT_RISK.label,
        NO_UPDATE: _("No update"),
        OVERDUE: _("Overdue"),
    }
    groups = []
    for severity, label in labels.items():
        members = [row for row in ranked if row.severity == severity]
        if members:
            groups.append({"severity": severity, "label": label, "count": len(members)})
    listed = source.display_rows(ranked[:EXCEPTIONS_LISTED])
    for row, action in zip(listed, ranked, strict=False):
        row.severity = action.severity
    for group in groups:
        group["rows"] = [row for row in listed if row.severity == group["severity"]]
        left_out = [a.number for a in ranked[EXCEPTIONS_LISTED:] if a.severity == group["severity"]]
        group["left_out"] = len(left_out)
        group["left_out_numbers"] = number_ranges(left_out)
    return {
        "exception_count": len(ranked),
        "exception_groups": groups,
        "exception_rows": listed,
        "exceptions_hidden": len(ranked) - len(listed),
    }


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
        **_exceptions(selection, rows),
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


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
def performance_page(request, slug, number=None):
    context = _performance_context(request, slug, number)
    return render(request, "reports/performance_page.html", context)


@permission_required(VIEW_INTERNAL_PAGES, raise_exception=True)
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
