import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from actions.models import Action, ProgressUpdate, Status
from themes.forms import GovukForm
from themes.models import Partner, Priority, Theme


class PublicActionFilter(django_filters.FilterSet):
    """Search and filters of the public action list; every choice is public data."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.none(), empty_label=_("All themes")
    )
    lead = django_filters.ModelChoiceFilter(
        label=_("Lead partner"),
        queryset=Partner.objects.none(),
        method="led_by",
        empty_label=_("All lead partners"),
    )
    priority = django_filters.ModelChoiceFilter(
        label=_("Priority"),
        queryset=Priority.objects.none(),
        field_name="priorities",
        empty_label=_("All priorities"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), field_name="public_status", choices=Status, empty_label=_("Any status")
    )

    class Meta:
        model = Action
        fields = []
        form = GovukForm

    def __init__(self, data=None, queryset=None, *, plan, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["theme"].queryset = plan.themes.order_by("number")
        self.filters["lead"].queryset = (
            Partner.objects.filter(action_lead_links__action__plan=plan)
            .distinct()
            .select_related("parent")
        )
        self.filters["priority"].queryset = plan.priorities.order_by("number")

    def search(self, queryset, name, value):
        words = value.split()[:10]
        for word in words:
            in_updates = ProgressUpdate.objects.published().filter(
                action=OuterRef("pk"), public_summary__icontains=word
            )
            queryset = queryset.filter(Q(text__icontains=word) | Exists(in_updates))
        return queryset

    def led_by(self, queryset, name, partner):
        return queryset.filter(lead_links__partner=partner)
