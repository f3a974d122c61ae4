from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actions.models import Action, ActionLead, LinkedDocument, ProgressUpdate, ReportingRound
from themes.admin import CheckedInitialAdmin
from themes.uploads import checked_upload


class ActionLeadInline(admin.TabularInline):
    model = ActionLead
    extra = 0
    autocomplete_fields = ["partner"]


class LinkedDocumentForm(forms.ModelForm):
    """Uploaded files are checked by content and size, and stored under a random name."""

    def clean_file(self):
        return checked_upload(self.cleaned_data.get("file"))


class LinkedDocumentInline(admin.TabularInline):
    model = LinkedDocument
    extra = 0
    form = LinkedDocumentForm


@admin.register(Action)
class ActionAdmin(CheckedInitialAdmin):
    list_display = ["number", "short_text", "plan", "theme", "status"]
    list_display_links = ["number", "short_text"]
    list_filter = ["plan", "status"]
    list_select_related = ["plan", "theme"]
    search_fields = ["text", "lead_role"]
    autocomplete_fields = ["theme"]
    filter_horizontal = ["priorities", "commitments"]
    inlines = [ActionLeadInline, LinkedDocumentInline]
    ordering = ["plan", "number"]

    @admin.display(description="Action")
    def short_text(self, action):
        return action.text[:100]


@admin.register(ReportingRound)
class ReportingRoundAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "due_on", "state"]
    list_filter = ["plan", "state"]
    list_select_related = ["plan"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(CheckedInitialAdmin):
    list_display = ["action", "round", "partner", "status", "state", "updated_at"]
    list_filter = ["state", "status", "round__plan"]
    list_select_related = ["action", "round__plan", "partner__parent"]
    raw_id_fields = ["action", "author"]
    search_fields = ["narrative", "public_summary"]
