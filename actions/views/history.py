"""Versions of actions and progress updates: who changed what and when, compared field by
field, and restored by an officer. Nothing here deletes history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.forms import OfficerActionForm, RestoreForm, VersionCompareForm
from actions.models import ProgressUpdate
from actions.services import PublicTextUnchecked, version_restore
from actions.views.access import action_for_user

VERSIONS_PER_PAGE = 25
# What an officer edits of an action, but for its many-to-many links, and what residents see.
ACTION_FIELDS = [
    name for name in OfficerActionForm.Meta.fields if name not in ("priorities", "commitments")
] + ["public_status"]
UPDATE_FIELDS = [
    "round",
    "partner",
    "status",
    "state",
    "narrative",
    "public_summary",
    "next_steps",
    "review_comment",
    "published_at",
]


class _Displayer:
    """Shows historical field values as people read them, looking up each foreign key's
    objects in one query per field."""

    def __init__(self, model, field_names, records):
        self.fields = [model._meta.get_field(name) for name in field_names]
        self.names = {}
        for field in self.fields:
            if field.is_relation:
                ids = {getattr(r, field.attname) for r in records} - {None}
                related = field.related_model.objects.filter(pk__in=ids)
                self.names[field.name] = {obj.pk: str(obj) for obj in related}

    def value(self, record, field):
        if field.is_relation:
            return self.names[field.name].get(getattr(record, field.attname), "")
        if field.choices:
            return dict(field.flatchoices).get(getattr(record, field.attname), "")
        value = getattr(record, field.attname)
        if value is True:
            return _("Yes")
        if value is False:
            return _("No")
        return "" if value is None else value

    def changes(self, older, newer):
        """The fields `newer` changed since `older` (all of them for the first version)."""
        changes = []
        for field in self.fields:
            old = self.value(older, field) if older is not None else ""
            new = self.value(newer, field)
            if older is None or old != new:
                changes.append({"label": field.verbose_name, "old": old, "new": new})
        return changes

    def comparison(self, first, second):
        return [
            {
                "label": field.verbose_name,
                "first": self.value(first, field),
                "second": self.value(second, field),
                "changed": self.value(first, field) != self.value(second, field),
            }
            for field in self.fields
        ]


def _history(request, obj, field_names, template, context):
    records = obj.history.select_related("history_user").order_by("-history_date", "-history_id")
    page = Paginator(records, VERSIONS_PER_PAGE).get_page(request.GET.get("page"))
    # The page's versions plus one more: the version the page's oldest one changed.
    on_page = page.end_index() - page.start_index() + 1 if page.paginator.count else 0
    start = max(page.start_index() - 1, 0)
    window = list(records[start : start + on_page + 1])
    compared = []
    compare_error = None
    if "first" in request.GET or "second" in request.GET:
        chosen = VersionCompareForm(request.GET)
        if chosen.is_valid():
            ids = [chosen.cleaned_data["first"], chosen.cleaned_data["second"]]
            compared = list(records.filter(history_id__in=ids))
        else:
            compare_error = _("Choose a first and a second version to compare.")
    displayer = _Displayer(type(obj), field_names, window + compared)
    versions = [
        {
            "record": record,
            "changes": displayer.changes(window[i + 1] if i + 1 < len(window) else None, record),
        }
        for i, record in enumerate(window[:on_page])
    ]
    comparison = None
    if len(compared) == 2:
        older, newer = sorted(compared, key=lambda r: r.history_date)
        comparison = {
            "first": older,
            "second": newer,
            "rows": displayer.comparison(older, newer),
        }
    context.update(page=page, versions=versions, comparison=comparison, compare_error=compare_error)
    return render(request, template, context)


def action_history(request, pk):
    action, access = action_for_user(request, pk)
    if not access.can_view:
        raise PermissionDenied
    context = {"action": action, "object": action, "access": access}
    return _history(request, action, ACTION_FIELDS, "actions/action_history.html", context)


def update_history(request, pk):
    update = get_object_or_404(ProgressUpdate.objects.select_related("round"), pk=pk)
    action, access = action_for_user(request, update.action_id)
    if not access.can_view:
        raise PermissionDenied
    context = {"action": action, "update": update, "object": update, "access": access}
    return _history(request, update, UPDATE_FIELDS, "actions/progressupdate_history.html", context)


def _restore(request, obj, history_id, action):
    record = get_object_or_404(obj.history.all(), history_id=history_id)
    form = RestoreForm(request.POST)
    form.is_valid()
    try:
        version_restore(record=record, user=request.user, confirmed=form.flags_confirmed)
    except PublicTextUnchecked as unchecked:
        form.ask_to_restore(unchecked.flags)
        context = {
            "action": action,
            "current": obj,
            "record": record,
            "restored": record.instance,
            "form": form,
        }
        return render(request, "actions/version_confirm_restore.html", context)
    messages.success(request, _("The earlier version is restored, as a new version."))
    return redirect("actions:action_manage", action.pk)


@require_POST
def action_restore(request, pk, history_id):
    action, access = action_for_user(request, pk)
    if not access.is_officer:
        raise PermissionDenied
    return _restore(request, action, history_id, action)


@require_POST
def update_restore(request, pk, history_id):
    update = get_object_or_404(ProgressUpdate, pk=pk)
    action, access = action_for_user(request, update.action_id)
    if not access.is_officer:
        raise PermissionDenied
    return _restore(request, update, history_id, action)
