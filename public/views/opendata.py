"""Open data for everyone, no sign-in: the action list as CSV and JSON, the page that
describes them, sitemap.xml and robots.txt. Atom feeds are in public/feeds.py."""

from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import views as sitemap_views
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from portal.downloads import in_blocks
from portal.page_cache import public_page_cache, shared_download
from public import opendata
from public.sitemaps import SITEMAPS
from public.views.info import status_meanings
from public.views.pages import filtered_actions, latest_round, public_plan
from themes.context_processors import current_partnership
from themes.models import Plan

# Actions read (with their leads and priorities) per round trip while streaming. Measured on
# a plan of 20,000 actions: 500 grew the worker by 44 MB in 4.9 s, 100 by 16 MB in 5.4 s.
CSV_CHUNK_SIZE = 100


def _records(request, slug):
    """(plan, filterset, records) of the plan's actions with the request's filters."""
    plan = public_plan(slug)
    filterset = filtered_actions(request, plan, Action.objects.filter(plan=plan).for_open_data())
    if not filterset.is_valid():
        return plan, filterset, None
    newest = latest_round(plan)
    records = [
        opendata.action_record(action, request=request, latest_round=newest)
        for action in filterset.qs
    ]
    return plan, filterset, records


def _filters(filterset):
    return {name: filterset.data.get(name, "") for name in filterset.filters}


@login_not_required
@shared_download
def action_list_csv(request, slug):
    """The plan's actions as CSV, streamed: the first line leaves at once, and memory holds
    one chunk of actions at a time however large the plan."""
    plan = public_plan(slug)
    actions = Action.objects.filter(plan=plan).for_open_data(every_update=False)
    filterset = filtered_actions(request, plan, actions)
    if not filterset.is_valid():
        return HttpResponseBadRequest(
            _("These filters are not valid: %(errors)s") % {"errors": filterset.errors.as_text()},
            content_type="text/plain; charset=utf-8",
        )
    newest = latest_round(plan)
    records = (
        opendata.action_record(action, request=request, latest_round=newest)
        for action in filterset.qs.iterator(chunk_size=CSV_CHUNK_SIZE)
    )
    response = StreamingHttpResponse(
        in_blocks(opendata.csv_lines(records)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}-actions.csv"'
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response


@login_not_required
def action_list_json(request, slug):
    plan, filterset, records = _records(request, slug)
    if records is None:
        return JsonResponse({"errors": filterset.errors.get_json_data()}, status=400)
    data = {
        "plan": {
            "slug": plan.slug,
            "title": plan.title,
            "period": plan.period,
            "state": plan.state,
            "url": request.build_absolute_uri(plan.get_absolute_url()),
        },
        "licence": {"name": opendata.LICENCE_NAME, "url": opendata.LICENCE_URL},
        "publisher": current_partnership().name,
        "filters": _filters(filterset),
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
        "count": len(records),
        "actions": records,
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="{plan.slug}-actions.json"'
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response


@login_not_required
@public_page_cache
def open_data(request):
    """What can be downloaded, under which licence, and what each column and status code
    means."""
    context = {
        "plans": list(Plan.objects.public().newest_first()),
        "columns": opendata.COLUMNS,
        "update_fields": opendata.UPDATE_FIELDS,
        "statuses": status_meanings(with_overdue=False),
        "licence_name": opendata.LICENCE_NAME,
        "licence_url": opendata.LICENCE_URL,
    }
    return render(request, "public/open_data.html", context)


@login_not_required
def sitemap(request):
    return sitemap_views.sitemap(request, sitemaps=SITEMAPS)


@login_not_required
def robots_txt(request):
    lines = [
        "User-agent: *",
        # Sign-in and the partners' and officers' pages are not for search engines.
        *(f"Disallow: {path}" for path in _private_paths()),
        f"Sitemap: {request.build_absolute_uri(reverse('public:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _private_paths():
    return [
        reverse("login"),
        reverse("admin:index"),
        reverse("reports:dashboard_index"),
        reverse("actions:my_actions"),
    ]
