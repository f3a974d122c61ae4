"""The Django admin for indicators: where officers define them, link them and map police
crime types; figures are entered on the portal's own pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from indicators.models import Indicator, IndicatorTarget, IndicatorValue


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    fields = ["target_on", "figure"]
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "owner", "direction", "frequency", "is_public"]
    list_filter = ["is_public", "direction", "frequency"]
    list_select_related = ["owner__parent"]
    search_fields = ["name", "counts", "source"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["themes", "priorities", "commitments", "actions"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "slug",
                    "counts",
                    "source",
                    "unit",
                    "direction",
                    "frequency",
                    "owner",
                    "is_public",
                ]
            },
        ),
        (_("What it evidences"), {"fields": ["themes", "priorities", "commitments", "actions"]}),
        (
            _("Police recorded crime"),
            {
                "description": _(
                    "What the police crime import counts into this indicator, remembered for "
                    "every import."
                ),
                "fields": [
                    "police_crime_types",
                    "police_lsoa_codes",
                    "police_lsoa_prefix",
                    "police_by_lsoa",
                ],
            },
        ),
    ]
    inlines = [IndicatorTargetInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "period_start", "breakdown", "figure"]
    list_filter = ["indicator"]
    list_select_related = ["indicator"]
    search_fields = ["indicator__name", "breakdown"]
    date_hierarchy = "period_start"


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "target_on", "figure"]
    list_select_related = ["indicator"]
