import django_filters
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from actions.models import Action, ActionLead, ProgressUpdate, Status
from portal.forms import GovukForm, ListedModelChoiceField
from themes.models import Partner, Priority, Theme


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A model choice filter whose choices are read with one ordinary query."""

    field_class = ListedModelChoiceField


class PublicActionFilter(django_filters.FilterSet):
    """Search and filters of the public action list; every choice is public data."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Words in what an action will do or in its published progress."),
    )
    theme = ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        empty_label=_("All themes"),
        error_messages={"invalid_choice": _("Choose a theme from the list.")},
    )
    lead = ModelChoiceFilter(
        label=_("Lead partner"),
        queryset=Partner.objects.none(),
        method="led_by",
        empty_label=_("All lead partners"),
        error_messages={"invalid_choice": _("Choose a lead partner from the list.")},
    )
    priority = ModelChoiceFilter(
        label=_("Priority"),
        queryset=Priority.objects.none(),
        field_name="priorities",
        empty_label=_("All priorities"),
        error_messages={"invalid_choice": _("Choose a priority from the list.")},
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        field_name="public_status",
        choices=Status,
        empty_label=_("Any status"),
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )

    class Meta:
        model = Action
        fields = []
        form = GovukForm

    def __init__(self, data=None, queryset=None, *, plan, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["theme"].queryset = plan.themes.order_by("number")
        # Partners that lead an action of the plan, and the organisations of those teams.
        # Two IN subqueries rather than joins: OR across joins to every lead link made
        # PostgreSQL read and sort all the lead links of every plan.
        leading = ActionLead.objects.filter(action__plan=plan).values("partner_id")
        self.filters["lead"].queryset = (
            Partner.objects.filter(
                Q(pk__in=leading)
                | Q(pk__in=Partner.objects.filter(pk__in=leading).values("parent_id"))
            )
            .select_related("parent")
            # Each organisation followed by its teams, as their full names sort.
            .order_by(Coalesce("parent__name", "name"), F("parent").asc(nulls_first=True), "name")
        )
        self.filters["priority"].queryset = plan.priorities.order_by("number")

    def search(self, queryset, name, value):
        """Actions with every word in their text, easy-read summary or the public summary
        of one of their published updates (never in anything unpublished or internal)."""
        for word in value.split()[:10]:
            in_updates = ProgressUpdate.objects.published().filter(
                action=OuterRef("pk"), public_summary__icontains=word
            )
            queryset = queryset.filter(
                Q(text__icontains=word) | Q(easy_read_summary__icontains=word) | Exists(in_updates)
            )
        return queryset

    def led_by(self, queryset, name, partner):
        """Actions led by the partner or by a team inside it."""
        leads = ActionLead.objects.filter(action=OuterRef("pk")).filter(
            Q(partner=partner) | Q(partner__parent=partner)
        )
        return queryset.filter(Exists(leads))
