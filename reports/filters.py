"""The dashboards' filters: one FilterSet for every dashboard, list and export."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actions.filters import ModelChoiceFilter
from actions.models import Action, ReportingRound, Status
from portal.forms import GovukForm, ListedModelChoiceField
from reports.models import ActionSnapshot
from themes.models import Partner


class RoundChoiceField(ListedModelChoiceField):
    def label_from_instance(self, round):
        if round.state == ReportingRound.State.OPEN:
            return _("%(round)s (open)") % {"round": round.name}
        return _("%(round)s (closed)") % {"round": round.name}


class RoundFilter(ModelChoiceFilter):
    field_class = RoundChoiceField


class DashboardFilterForm(GovukForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("round") and cleaned.get("round") == cleaned.get("compare"):
            self.add_error("compare", _("Choose a different round to compare with."))
        return cleaned


def led_by_any(rows, partner):
    """`rows` (live actions or frozen ones) led by `partner` or by a team inside it."""
    model = rows.model
    led = model.objects.filter(Q(leads=partner) | Q(leads__parent=partner)).values("pk")
    return rows.filter(pk__in=led)


class ActionRowFilter(django_filters.FilterSet):
    """Filters a round's actions, live (Action) or frozen (ActionSnapshot): both have the
    fields used here and the flags `is_overdue`, `is_missing` and `is_changed`.

    `round` and `compare` filter nothing themselves: the view reads them to choose the
    rows (live or frozen) before filtering.
    """

    theme = ModelChoiceFilter(label=_("Theme"), queryset=None, empty_label=_("All themes"))
    lead = ModelChoiceFilter(
        label=_("Lead partner"),
        queryset=None,
        method="filter_lead",
        empty_label=_("All lead partners"),
    )
    priority = ModelChoiceFilter(
        label=_("Priority"),
        queryset=None,
        field_name="priorities",
        empty_label=_("All priorities"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status, empty_label=_("Any status")
    )
    round = RoundFilter(
        label=_("Round"), queryset=None, method="filter_nothing", empty_label=_("Latest round")
    )
    compare = RoundFilter(
        label=_("Compare with"),
        queryset=None,
        method="filter_nothing",
        empty_label=_("The closed round before"),
    )
    overdue = django_filters.BooleanFilter(
        label=_("Only overdue actions"), widget=forms.CheckboxInput, method="filter_flag"
    )
    missing = django_filters.BooleanFilter(
        label=_("Only actions with no update for the round"),
        widget=forms.CheckboxInput,
        method="filter_flag",
    )
    changed = django_filters.BooleanFilter(
        label=_("Only actions whose status changed"),
        widget=forms.CheckboxInput,
        method="filter_flag",
    )

    class Meta:
        model = Action
        fields = []
        form = DashboardFilterForm

    def __init__(self, data=None, *, plan, theme=None, partner=None, **kwargs):
        super().__init__(data, queryset=Action.objects.none(), **kwargs)
        if theme is not None:
            del self.filters["theme"]
        else:
            self.filters["theme"].queryset = plan.themes.order_by("number")
        if partner is not None:
            del self.filters["lead"]
        else:
            live_leads = Action.objects.filter(plan=plan).values("leads")
            frozen_leads = ActionSnapshot.objects.in_plan(plan).values("leads")
            self.filters["lead"].queryset = (
                Partner.objects.filter(Q(pk__in=live_leads) | Q(pk__in=frozen_leads))
                .select_related("parent")
                .order_by("parent__name", "name")
            )
        self.filters["priority"].queryset = plan.priorities.order_by("number")
        rounds = plan.rounds.order_by("-starts_on", "-pk")
        self.filters["round"].queryset = rounds.filter(
            Q(state=ReportingRound.State.OPEN) | Q(snapshot__isnull=False)
        )
        self.filters["compare"].queryset = rounds.filter(snapshot__isnull=False)

    def filter_nothing(self, rows, name, value):
        return rows

    def filter_lead(self, rows, name, partner):
        return led_by_any(rows, partner)

    def filter_flag(self, rows, name, value):
        if not value:
            return rows
        return rows.filter(**{f"is_{name}": True})

    def filter_rows(self, rows, *, skip=()):
        """`rows` filtered by the valid choices, leaving out the filters named in `skip`.
        Call `is_valid()` first."""
        for name, value in self.form.cleaned_data.items():
            if name not in skip:
                rows = self.filters[name].filter(rows, value)
        return rows

    def choice(self, name):
        """The valid value of filter `name`, or None."""
        if name not in self.filters:
            return None
        return self.form.cleaned_data.get(name)
