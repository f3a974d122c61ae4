"""Atom feeds of newly published progress, for a whole plan and for each theme.

An entry is a published update with a publication date: only its public summary, status,
round and lead partner are shown. Updates transcribed from documents that give no
publication date are left out, since a feed orders entries by when they were published.
"""

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from actions.models import ProgressUpdate
from portal.templatetags.portal import narrative
from public.views.pages import public_plan
from themes.context_processors import current_partnership
from themes.models import Plan, Theme

FEED_LENGTH = 50


class PlanUpdatesFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        plan = public_plan(slug)
        plan.partnership = current_partnership()
        return plan

    def title(self, plan):
        return _("Progress on the %(plan)s") % {"plan": plan.title}

    def subtitle(self, plan):
        return _("Progress updates as the %(partnership)s publishes them.") % {
            "partnership": plan.partnership.name
        }

    def link(self, plan):
        return plan.get_absolute_url()

    def feed_url(self, plan):
        return reverse("public:plan_feed", args=[plan.slug])

    def author_name(self, plan):
        # RFC 4287 asks every entry for an author: the partnership, where no partner is named.
        return plan.partnership.name

    def items(self, plan):
        return ProgressUpdate.objects.published().filter(action__plan=plan).for_feed()[:FEED_LENGTH]

    def item_title(self, update):
        return _("%(action)s – %(status)s (%(round)s)") % {
            "action": update.action.heading,
            "status": update.get_status_display(),
            "round": update.round.name,
        }

    def item_description(self, update):
        summary = narrative(update.public_summary)
        return summary or _("A status was published without a written summary.")

    def item_link(self, update):
        return f"{update.action.get_absolute_url()}#update-{update.pk}"

    def item_pubdate(self, update):
        return update.published_at

    def item_updateddate(self, update):
        return update.published_at

    def item_author_name(self, update):
        # An organisation, never a person's account.
        return update.partner.full_name if update.partner else None

    def item_categories(self, update):
        return [str(update.action.theme)]


class ThemeUpdatesFeed(PlanUpdatesFeed):
    def get_object(self, request, slug, number):
        themes = Theme.objects.filter(plan__in=Plan.objects.public()).select_related("plan")
        theme = get_object_or_404(themes, plan__slug=slug, number=number)
        theme.partnership = current_partnership()
        return theme

    def title(self, theme):
        return _("Progress on theme %(number)s, %(theme)s (%(plan)s)") % {
            "number": theme.number,
            "theme": theme.title,
            "plan": theme.plan.title,
        }

    def link(self, theme):
        return theme.get_absolute_url()

    def feed_url(self, theme):
        return reverse("public:theme_feed", args=[theme.plan.slug, theme.number])

    def items(self, theme):
        return (
            ProgressUpdate.objects.published().filter(action__theme=theme).for_feed()[:FEED_LENGTH]
        )


plan_feed = login_not_required(PlanUpdatesFeed())
theme_feed = login_not_required(ThemeUpdatesFeed())
