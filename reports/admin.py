"""Admin registrations of the reports app; indicators have their own module."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from reports.models import RoundCommentary, RoundSnapshot


@admin.register(RoundCommentary)
class RoundCommentaryAdmin(SimpleHistoryAdmin):
    list_display = ["round", "updated_at"]
    list_select_related = ["round__plan"]
    raw_id_fields = ["round"]


@admin.register(RoundSnapshot)
class RoundSnapshotAdmin(admin.ModelAdmin):
    """Frozen figures are read, never edited: closing a round writes them."""

    list_display = ["round", "closed_at", "closed_by", "is_after_the_fact"]
    list_select_related = ["round__plan", "closed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
