"""The Executive's view: dashboards of every plan, for Executive members and officers."""

from django.contrib.auth.decorators import permission_required
from django.shortcuts import render

from themes.models import Plan


@permission_required("themes.view_internal_pages", raise_exception=True)
def dashboard_index(request):
    plans = Plan.objects.newest_first()
    return render(request, "reports/dashboard_index.html", {"plans": plans})
