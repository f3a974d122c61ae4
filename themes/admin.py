from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from themes.models import (
    Commitment,
    Partner,
    Partnership,
    Plan,
    Priority,
    PublicPage,
    ResidentStatement,
    Theme,
    ThemeLead,
)


class CheckedInitialAdmin(SimpleHistoryAdmin):
    """An admin whose add form takes from the query string only the values its fields accept.

    Django's admin prefills an add form from `?field=value` unchecked, and a related-object
    widget (autocomplete, raw id) then looks the value up: "abc" or a number too large for
    the column failed as a server error."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        fields = self.get_form(request).base_fields
        accepted = {}
        for name, value in initial.items():
            if name not in fields:
                continue
            try:
                fields[name].clean(value)
            except (ValidationError, ValueError, TypeError, OverflowError):
                continue
            accepted[name] = value
        return accepted


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "parent", "is_statutory", "is_on_executive"]
    list_filter = ["is_statutory", "is_on_executive"]
    list_select_related = ["parent"]
    search_fields = ["name", "parent__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    filter_horizontal = ["members"]


class ThemeInline(admin.TabularInline):
    model = Theme
    fields = ["number", "title"]
    extra = 0
    show_change_link = True


class PriorityInline(admin.TabularInline):
    model = Priority
    fields = ["number", "title"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "period", "state"]
    list_filter = ["state"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ThemeInline, PriorityInline]


class ThemeLeadInline(admin.TabularInline):
    model = ThemeLead
    extra = 0
    autocomplete_fields = ["partner"]


class PlanPartAdmin(SimpleHistoryAdmin):
    """A part of a plan, listed and filtered by its plan."""

    list_display = ["__str__", "plan"]
    list_filter = ["plan"]
    list_select_related = ["plan"]


@admin.register(Theme)
class ThemeAdmin(PlanPartAdmin):
    search_fields = ["title"]
    inlines = [ThemeLeadInline]


@admin.register(Priority)
class PriorityAdmin(PlanPartAdmin):
    pass


class CommitmentInline(admin.StackedInline):
    model = Commitment
    extra = 0
    filter_horizontal = ["themes"]


@admin.register(ResidentStatement)
class ResidentStatementAdmin(SimpleHistoryAdmin):
    list_display = ["text", "plan", "position"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    inlines = [CommitmentInline]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area", "contact_email", "updated_at"]


@admin.register(PublicPage)
class PublicPageAdmin(SimpleHistoryAdmin):
    list_display = ["kind", "updated_at"]
