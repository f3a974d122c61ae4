"""Indicator pages: the list, each indicator's page, entering figures and targets, uploading a
file of figures, and downloads of the public figures."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Max, Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.roles import VIEW_INTERNAL_PAGES
from actions.models import Action
from indicators.charts import line_chart
from indicators.forms import IndicatorTargetForm, IndicatorValueForm, ValueUploadForm
from indicators.imports import indicator_values_import, values_csv_check
from indicators.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    format_figure,
    period_label,
)
from indicators.views.police import POLICE_PERMISSIONS
from portal.held_uploads import UploadChanged, UploadGone, upload_held, upload_hold, upload_release
from portal.page_cache import public_page_cache
from portal.spreadsheets import csv_safe
from themes.models import Commitment, Plan, Priority, Theme

INDICATORS_PER_PAGE = 25
UPLOAD_PREFIX = "indicator-uploads/"


def _get_indicator_for_user(request, slug):
    """The indicator if the user may see it (404 otherwise), and whether they may enter its
    figures: one query for the indicator, one more for a partner member."""
    indicator = get_object_or_404(
        Indicator.objects.visible_to(request.user).select_related("owner__parent"), slug=slug
    )
    return indicator, indicator.can_enter_values(request.user)


def _get_indicator_to_edit(request, slug):
    indicator, can_enter = _get_indicator_for_user(request, slug)
    if not can_enter:
        raise PermissionDenied
    return indicator


def _sees_internal(user):
    return user.has_perm(VIEW_INTERNAL_PAGES)


@login_not_required
@public_page_cache
def indicator_list(request):
    indicators = Indicator.objects.visible_to(request.user).for_list()
    page = Paginator(indicators, INDICATORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "sees_internal": _sees_internal(request.user),
        "can_import_police": request.user.has_perms(POLICE_PERMISSIONS),
    }
    return render(request, "indicators/list.html", context)


def _linked(indicator, user):
    """What the indicator evidences, limited to public plans for those who see only the public
    site (four queries)."""
    themes = Theme.objects.select_related("plan").order_by("plan__start_year", "number")
    priorities = Priority.objects.select_related("plan").order_by("plan__start_year", "number")
    commitments = Commitment.objects.select_related("statement__plan").order_by(
        "statement__plan__start_year", "statement__position", "position"
    )
    actions = Action.objects.select_related("plan").order_by("plan__start_year", "number")
    if not _sees_internal(user):
        themes = themes.filter(plan__in=_public_plans())
        priorities = priorities.filter(plan__in=_public_plans())
        commitments = commitments.filter(statement__plan__in=_public_plans())
        actions = actions.filter(plan__in=_public_plans())
    return {
        "themes": themes.filter(indicators=indicator),
        "priorities": priorities.filter(indicators=indicator),
        "commitments": commitments.filter(indicators=indicator),
        "actions": actions.filter(indicators=indicator),
    }


def _public_plans():
    return Plan.objects.public()


@login_not_required
@public_page_cache
def indicator_detail(request, slug):
    indicator, can_enter = _get_indicator_for_user(request, slug)
    totals = list(indicator.values.totals().order_by("period_start"))
    targets = list(indicator.targets.order_by("target_on"))
    indicator.totals, indicator.ordered_targets = totals, targets
    trend = indicator.direction_of_travel()
    against_target = indicator.against_target()
    latest_breakdown_period = indicator.values.exclude(breakdown="").aggregate(
        latest=Max("period_start")
    )["latest"]
    breakdowns = []
    if latest_breakdown_period:
        breakdowns = (
            indicator.values.filter(period_start=latest_breakdown_period)
            .exclude(breakdown="")
            .order_by("breakdown")
        )
    target_by_period = {}
    for value in totals:
        target_by_period[value.pk] = next(
            (t for t in targets if t.target_on >= value.period_start), None
        )
    rows = [{"value": value, "target": target_by_period[value.pk]} for value in reversed(totals)]
    context = {
        "indicator": indicator,
        "can_enter": can_enter,
        "sees_internal": _sees_internal(request.user),
        "rows": rows,
        "targets": targets,
        "trend": trend,
        "against_target": against_target,
        "chart": line_chart(indicator, totals, against_target.target),
        "breakdowns": breakdowns,
        "breakdown_period": (
            period_label(latest_breakdown_period, indicator.frequency)
            if latest_breakdown_period
            else ""
        ),
        **_linked(indicator, request.user),
    }
    return render(request, "indicators/detail.html", context)


def value_create(request, slug):
    indicator = _get_indicator_to_edit(request, slug)
    form = IndicatorValueForm(request.POST or None, indicator=indicator)
    return _value_form(request, indicator, form, _("Saved %(figure)s for %(period)s."))


def _value_form(request, indicator, form, message, **context):
    """Save a valid figure, say so with `message` (given its figure and period) and go back
    to the indicator's figures; otherwise show the form again."""
    if request.method == "POST" and form.is_valid():
        value = form.save()
        figure = format_figure(value.figure, indicator.unit)
        messages.success(request, message % {"figure": figure, "period": value.period_label})
        return redirect("indicators:value_list", indicator.slug)
    context = {"indicator": indicator, "form": form, **context}
    return render(request, "indicators/value_form.html", context)


def value_list(request, slug):
    """Every figure of an indicator, with links to correct them, for those who enter them."""
    indicator = _get_indicator_to_edit(request, slug)
    values = indicator.values.order_by("-period_start", "breakdown")
    page = Paginator(values, 50).get_page(request.GET.get("page"))
    targets = indicator.targets.order_by("target_on")
    return render(
        request,
        "indicators/value_list.html",
        {"indicator": indicator, "page": page, "targets": targets},
    )


def _value_to_edit(request, slug, pk):
    """(indicator, one of its figures) for someone who may correct them; 403 or 404."""
    indicator = _get_indicator_to_edit(request, slug)
    return indicator, get_object_or_404(IndicatorValue, indicator=indicator, pk=pk)


def value_edit(request, slug, pk):
    indicator, value = _value_to_edit(request, slug, pk)
    form = IndicatorValueForm(request.POST or None, indicator=indicator, instance=value)
    message = _("Corrected the figure for %(period)s to %(figure)s.")
    return _value_form(request, indicator, form, message, value=value)


def value_delete(request, slug, pk):
    indicator, value = _value_to_edit(request, slug, pk)
    if request.method == "POST":
        value.delete()
        messages.success(
            request, _("Deleted the figure for %(period)s.") % {"period": value.period_label}
        )
        return redirect("indicators:value_list", indicator.slug)
    return render(
        request, "indicators/value_confirm_delete.html", {"indicator": indicator, "value": value}
    )


def target_create(request, slug):
    indicator = _get_indicator_to_edit(request, slug)
    form = IndicatorTargetForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        target = form.save()
        messages.success(request, _("Saved the target: %(target)s.") % {"target": target})
        return redirect("indicators:value_list", indicator.slug)
    return render(request, "indicators/target_form.html", {"indicator": indicator, "form": form})


def target_edit(request, slug, pk):
    indicator = _get_indicator_to_edit(request, slug)
    target = get_object_or_404(indicator.targets, pk=pk)
    form = IndicatorTargetForm(request.POST or None, indicator=indicator, instance=target)
    if request.method == "POST" and form.is_valid():
        target = form.save()
        messages.success(request, _("Saved the target: %(target)s.") % {"target": target})
        return redirect("indicators:value_list", indicator.slug)
    return render(
        request,
        "indicators/target_form.html",
        {"indicator": indicator, "form": form, "target": target},
    )


# CSV upload: the file is held between the check and the confirmation (portal.held_uploads).


def _upload_session_key(indicator):
    return f"indicator-upload-{indicator.pk}"


def _discard_upload(request, indicator):
    upload_release(request, _upload_session_key(indicator), folder=UPLOAD_PREFIX)


def _read_upload(request, indicator):
    try:
        return upload_held(request, _upload_session_key(indicator), indicator=indicator.pk)
    except (UploadGone, UploadChanged):
        return None, None


def _extension(name):
    return ".xlsx" if name.lower().endswith(".xlsx") else ".csv"


def value_upload(request, slug):
    indicator = _get_indicator_to_edit(request, slug)
    form = ValueUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        upload_hold(
            request,
            _upload_session_key(indicator),
            upload.read(),
            folder=UPLOAD_PREFIX,
            extension=_extension(upload.name),
            filename=upload.name,
            indicator=indicator.pk,
        )
        return redirect("indicators:value_upload_check", indicator.slug)
    return render(request, "indicators/value_upload.html", {"indicator": indicator, "form": form})


def _choose_a_file(request, indicator):
    messages.info(request, _("Choose a file to upload."))
    return redirect("indicators:value_upload", indicator.slug)


def value_upload_check(request, slug):
    indicator = _get_indicator_to_edit(request, slug)
    stored, content = _read_upload(request, indicator)
    if stored is None:
        return _choose_a_file(request, indicator)
    check = values_csv_check(indicator=indicator, content=content)
    context = {"indicator": indicator, "check": check, "file_name": stored["filename"]}
    return render(request, "indicators/value_upload_check.html", context)


@require_POST
def value_upload_confirm(request, slug):
    indicator = _get_indicator_to_edit(request, slug)
    stored, content = _read_upload(request, indicator)
    if stored is None:
        return _choose_a_file(request, indicator)
    check = values_csv_check(indicator=indicator, content=content)
    if not check.is_valid:
        return redirect("indicators:value_upload_check", indicator.slug)
    try:
        outcomes = indicator_values_import(
            indicator=indicator,
            rows=check.rows,
            reason=_("Uploaded from %(file)s") % {"file": stored["filename"]},
        )
    except IntegrityError:
        messages.error(
            request,
            _(
                "Someone changed these figures while you were checking the file. Nothing was "
                "saved: check it again."
            ),
        )
        return redirect("indicators:value_upload_check", indicator.slug)
    _discard_upload(request, indicator)
    messages.success(
        request,
        _("Uploaded %(file)s: %(new)s new figures, %(changed)s corrected, %(unchanged)s unchanged.")
        % {
            "file": stored["filename"],
            "new": outcomes["new"],
            "changed": outcomes["changed"],
            "unchanged": outcomes["unchanged"],
        },
    )
    return redirect(indicator)


@require_POST
def value_upload_cancel(request, slug):
    indicator = _get_indicator_to_edit(request, slug)
    _discard_upload(request, indicator)
    messages.success(request, _("The file was discarded; nothing was saved."))
    return redirect("indicators:value_list", indicator.slug)


# Downloads of public figures -----------------------------------------------------------------

DOWNLOAD_COLUMNS = [
    "indicator",
    "indicator_name",
    "unit",
    "direction",
    "frequency",
    "period_start",
    "period",
    "breakdown",
    "value",
]


def _download_values(request):
    values = IndicatorValue.objects.for_download()
    if slug := request.GET.get("indicator"):
        values = values.filter(indicator__slug=slug)
    return values


@login_not_required
def values_download_csv(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="indicator-values.csv"'
    writer = csv.writer(response)
    writer.writerow(DOWNLOAD_COLUMNS)
    for value in _download_values(request).iterator(chunk_size=2000):
        indicator = value.indicator
        writer.writerow(
            [
                csv_safe(indicator.slug),
                csv_safe(indicator.name),
                csv_safe(indicator.unit),
                indicator.direction,
                indicator.frequency,
                value.period_start.isoformat(),
                csv_safe(value.period_label),
                csv_safe(value.breakdown),
                f"{value.figure:f}",
            ]
        )
    return response


@login_not_required
def values_download_json(request):
    indicators = (
        Indicator.objects.public()
        .select_related("owner__parent")
        .prefetch_related(
            Prefetch("values", IndicatorValue.objects.order_by("period_start", "breakdown")),
            Prefetch("targets", IndicatorTarget.objects.order_by("target_on")),
        )
        .order_by("name")
    )
    if slug := request.GET.get("indicator"):
        indicators = indicators.filter(slug=slug)
    data = {
        "indicators": [
            {
                "slug": indicator.slug,
                "name": indicator.name,
                "counts": indicator.counts,
                "source": indicator.source,
                "unit": indicator.unit,
                "direction": indicator.direction,
                "frequency": indicator.frequency,
                "owner": indicator.owner.full_name if indicator.owner else None,
                "url": request.build_absolute_uri(indicator.get_absolute_url()),
                "values": [
                    {
                        "period_start": value.period_start.isoformat(),
                        "period": value.period_label,
                        "breakdown": value.breakdown,
                        "value": float(value.figure),
                    }
                    for value in indicator.values.all()
                ],
                "targets": [
                    {"target_on": target.target_on.isoformat(), "value": float(target.figure)}
                    for target in indicator.targets.all()
                ],
            }
            for indicator in indicators
        ]
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = 'inline; filename="indicator-values.json"'
    return response
