"""sitemap.xml: every public page, built from the public querysets only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from actions.models import Action
from indicators.models import Indicator
from themes.models import Plan, Theme


class PageSitemap(Sitemap):
    """Pages that are not about one plan."""

    def items(self):
        return [
            "public:home",
            "public:plan_list",
            "public:open_data",
            "public:status_list",
            "public:accessibility",
            "public:privacy",
            "public:cookies",
            "public:contact",
            "indicators:indicator_list",
        ]

    def location(self, item):
        return reverse(item)


class PlanSitemap(Sitemap):
    """Each public plan's page, its "You said, we're doing" page and its action list."""

    def items(self):
        plans = Plan.objects.public().newest_first()
        return [(plan, page) for plan in plans for page in ("plan", "statements", "actions")]

    def location(self, item):
        plan, page = item
        if page == "statements":
            return reverse("public:statement_list", args=[plan.slug])
        if page == "actions":
            return reverse("public:action_list", args=[plan.slug])
        return plan.get_absolute_url()


class ThemeSitemap(Sitemap):
    def items(self):
        return (
            Theme.objects.filter(plan__in=Plan.objects.public())
            .select_related("plan")
            .order_by("plan__start_year", "plan_id", "number")
        )


class ActionSitemap(Sitemap):
    def items(self):
        return Action.objects.public().select_related("plan").in_plan_order()

    def lastmod(self, action):
        return action.last_published_at


class IndicatorSitemap(Sitemap):
    def items(self):
        return Indicator.objects.public().order_by("slug")


SITEMAPS = {
    "pages": PageSitemap,
    "plans": PlanSitemap,
    "themes": ThemeSitemap,
    "actions": ActionSitemap,
    "indicators": IndicatorSitemap,
}
