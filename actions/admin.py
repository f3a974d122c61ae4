from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from actions.forms import VersionedMixin
from actions.models import Action, ActionLead, LinkedDocument, ProgressUpdate, ReportingRound
from actions.services import public_text_flags, update_make_public
from portal.uploads import checked_upload
from themes.admin import CheckedInitialAdmin

User = get_user_model()


class AdminVersionedForm(VersionedMixin, forms.ModelForm):
    """An admin form refused when someone saved the object after it was opened, by the
    portal's own rule."""

    # Declared so that the admin lays the field out; VersionedMixin fills it.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def opened_version(self):
        # Reverting to a version from the history opens the form on that old version; what
        # matters is the object as it was saved when the page was opened.
        current = type(self.instance).objects.filter(pk=self.instance.pk)
        return current.values_list("updated_at", flat=True).get().isoformat()

    def clean(self):
        cleaned = super().clean()
        self.refuse_if_stale()
        return cleaned


class ActionAdminForm(AdminVersionedForm):
    pass


class ProgressUpdateAdminForm(AdminVersionedForm):
    """Publishing here skips the review, so text the identifying-words check flags is refused:
    officers publish it from the portal's review page, where the flags are confirmed."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("state") == ProgressUpdate.State.PUBLISHED:
            summary = ProgressUpdate(public_summary=cleaned.get("public_summary") or "")
            flags = public_text_flags(summary)
            if flags:
                words = "; ".join(f"“{flag.text}” ({flag.kind})" for flag in flags)
                self.add_error(
                    "public_summary",
                    _(
                        "The public summary may identify someone: %(words)s. It cannot be "
                        "published from here: submit it and publish it from the portal's review "
                        "page (%(url)s), where the flagged words are checked."
                    )
                    % {"words": words, "url": reverse("actions:review_list")},
                )
        return cleaned


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
    form = ActionAdminForm
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
    form = ProgressUpdateAdminForm
    list_display = ["action", "round", "partner", "status", "state", "updated_at"]
    list_filter = ["state", "status", "round__plan"]
    list_select_related = ["action", "round__plan", "partner__parent"]
    raw_id_fields = ["action", "author"]
    search_fields = ["narrative", "public_summary"]

    def save_model(self, request, obj, form, change):
        if obj.state == ProgressUpdate.State.PUBLISHED:
            # The form refused flagged text, so nothing here needs confirming.
            update_make_public(update=obj, user=request.user, reason=_("Changed in the admin"))
        else:
            super().save_model(request, obj, form, change)
            obj.action.refresh_public_status()


def _holds_no_more_than(account, user):
    """True when `account` has no privilege that `user` lacks (reads both's permissions)."""
    if user.is_superuser:
        return True
    return not account.is_superuser and account.get_all_permissions() <= (
        user.get_all_permissions()
    )


def _groups_within(user):
    """The groups whose every permission `user` holds (three queries: the groups, their
    permissions and those permissions' content types)."""
    held = user.get_all_permissions()
    groups = Group.objects.prefetch_related("permissions__content_type").order_by("name")
    within = [
        group.pk
        for group in groups
        if all(f"{p.content_type.app_label}.{p.codename}" in held for p in group.permissions.all())
    ]
    return Group.objects.filter(pk__in=within).order_by("name")


class GuardedUserAdmin(UserAdmin):
    """Django's user admin, in which only superusers add accounts, grant privileges or set
    passwords. Officers manage accounts on the portal's own pages and hold no account
    permission; a staff account given one anyway can change only accounts that hold no more
    than it does, cannot touch their staff, superuser or permission fields, and can give only
    groups whose every permission it holds itself."""

    PRIVILEGE_FIELDS = ("is_staff", "is_superuser", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *self.PRIVILEGE_FIELDS)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = _groups_within(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or _holds_no_more_than(obj, request.user))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or _holds_no_more_than(obj, request.user))

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


class SuperuserGroupAdmin(GroupAdmin):
    """Groups are the roles and carry their permissions: only superusers see or change them."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


admin.site.unregister(User)
admin.site.register(User, GuardedUserAdmin)
admin.site.unregister(Group)
admin.site.register(Group, SuperuserGroupAdmin)
