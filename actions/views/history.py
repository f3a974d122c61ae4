"""Versions of actions and progress updates: who changed what and when, compared field by
field, and restored by an officer. Nothing here deletes history."""

from collections import defaultdict

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.forms import OfficerActionForm, RestoreForm, VersionCompareForm
from actions.models import Action, ActionLead, ProgressUpdate
from actions.services import PublicTextUnchecked, version_restore
from actions.views.access import action_for_user

VERSIONS_PER_PAGE = 25
# What an officer edits of an action, but for its many-to-many links, and what residents see.
# Many-to-many fields whose choices simple_history copies with each version of an action.
ACTION_MANY_FIELDS = ["priorities", "commitments"]
ACTION_FIELDS = [
    name for name in OfficerActionForm.Meta.fields if name not in ACTION_MANY_FIELDS
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
    objects in one query per field. For an action, also its lead partners, priorities and
    commitments (many-to-many: three queries more, and one for the action's versions)."""

    def __init__(self, model, field_names, records, obj=None):
        self.fields = [model._meta.get_field(name) for name in field_names]
        self.names = {}
        for field in self.fields:
            if field.is_relation:
                ids = {getattr(r, field.attname) for r in records} - {None}
                related = field.related_model.objects.filter(pk__in=ids)
                self.names[field.name] = {obj.pk: str(obj) for obj in related}
        self.many = []
        if isinstance(obj, Action):
            self.many.append((_("lead partners"), _LeadsAsOf(obj)))
            for name in ACTION_MANY_FIELDS:
                self.many.append(
                    (Action._meta.get_field(name).verbose_name, _Chosen(name, records))
                )

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

    def _values(self, record):
        """(label, value) of every field shown, many-to-many ones last."""
        for field in self.fields:
            yield field.verbose_name, self.value(record, field)
        for label, many in self.many:
            yield label, many.value(record)

    def changes(self, older, newer):
        """The fields `newer` changed since `older` (all of them for the first version)."""
        old_values = dict(self._values(older)) if older is not None else {}
        changes = []
        for label, new in self._values(newer):
            old = old_values.get(label, "")
            if older is None or old != new:
                changes.append({"label": label, "old": old, "new": new})
        return changes

    def comparison(self, first, second):
        first_values = dict(self._values(first))
        return [
            {
                "label": label,
                "first": first_values[label],
                "second": value,
                "changed": first_values[label] != value,
            }
            for label, value in self._values(second)
        ]


class _Chosen:
    """What a version of an action had chosen in a many-to-many field, as simple_history
    copied it with each version (one query)."""

    def __init__(self, name, records):
        copies = apps.get_model("actions", f"HistoricalAction_{name}")
        related = Action._meta.get_field(name).m2m_reverse_field_name()
        rows = copies.objects.filter(history_id__in=[r.history_id for r in records])
        self.chosen = defaultdict(list)
        for row in rows.select_related(related).order_by(f"{related}_id"):
            self.chosen[row.history_id].append(str(getattr(row, related)))

    def value(self, record):
        return "; ".join(self.chosen.get(record.history_id, []))


class _LeadsAsOf:
    """The lead partners of a version of an action, in order (two queries). Leads have their
    own history: a version shows them as they stood until the action's next version, since
    the admin and imports save the action first and its leads just after."""

    def __init__(self, action):
        self.dates = sorted(action.history.values_list("history_date", flat=True))
        self.lead_records = list(
            ActionLead.history.filter(action_id=action.pk)
            .select_related("partner__parent")
            .order_by("history_date", "history_id")
        )

    def value(self, record):
        later = [date for date in self.dates if date > record.history_date]
        until = later[0] if later else None
        current = {}
        for lead in self.lead_records:
            if until is None or lead.history_date < until:
                current[lead.id] = lead
        present = sorted(
            (lead for lead in current.values() if lead.history_type != "-"),
            key=lambda lead: lead.position,
        )
        return "; ".join(lead.partner.full_name for lead in present)


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
    displayer = _Displayer(type(obj), field_names, window + compared, obj)
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
