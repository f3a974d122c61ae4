"""Closing a reporting round, which freezes its figures (CSP officers)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import CHANGE_ROUNDS
from actions.models import ReportingRound
from reports.figures import LiveSource, tally_by, total_of
from reports.services import round_close as close_round


def _round_or_404(pk):
    return get_object_or_404(ReportingRound.objects.select_related("plan"), pk=pk)


def _dashboard_url(round):
    url = reverse("reports:plan_dashboard", args=[round.plan.slug])
    return f"{url}?{urlencode({'round': round.pk})}"


@require_GET
@permission_required(CHANGE_ROUNDS, raise_exception=True)
def round_close_confirm(request, pk):
    round = _round_or_404(pk)
    is_open = round.state == ReportingRound.State.OPEN
    total = None
    if is_open:
        total = total_of(tally_by(LiveSource(round.plan, round).rows(), "plan_id"))
    context = {"round": round, "plan": round.plan, "is_open": is_open, "total": total}
    return render(request, "reports/round_confirm_close.html", context)


@require_POST
@permission_required(CHANGE_ROUNDS, raise_exception=True)
def round_close(request, pk):
    round = _round_or_404(pk)
    try:
        snapshot = close_round(round=round, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_dashboard_url(round))
    frozen = snapshot.actions.count()
    messages.success(
        request,
        _("Closed %(round)s and froze the figures of its %(count)s actions.")
        % {"round": round.name, "count": frozen},
    )
    return redirect(_dashboard_url(round))
