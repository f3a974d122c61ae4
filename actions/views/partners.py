"""Pages for signed-in partners: their own actions and progress."""

from django.db.models import Prefetch
from django.shortcuts import render

from actions.models import Action, ActionLead


def my_actions(request):
    """The actions led by the signed-in user's partners (or teams inside them)."""
    partners = request.user.partners.all()
    actions = (
        Action.objects.led_by_any(partners)
        .exclude(plan__state="archived")
        .select_related("plan", "theme")
        .prefetch_related(
            Prefetch("lead_links", ActionLead.objects.select_related("partner__parent"))
        )
        .order_by("plan__start_year", "plan_id", "number")
    )
    return render(request, "actions/my_actions.html", {"actions": actions})
