"""What an import would do to a plan: actions to create, to change and unchanged, unknown
partners and themes, and every problem that stops it. Reads the plan, writes nothing."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from actions.imports.columns import COLUMNS_BY_KEY, Problem, normalise
from actions.imports.names import (
    ROLE,
    NewPartner,
    NewTheme,
    match_partners,
    match_themes,
    resolve_choice,
)
from actions.imports.rows import ParsedAction, ParsedImport, ParsedUpdate
from actions.models import (
    Action,
    ActionLead,
    LinkedDocument,
    ProgressUpdate,
    ReportingRound,
    Status,
)
from actions.privacy import identifying_flags, known_names
from themes.models import Partner, Theme


@dataclass(eq=False)
class NewRound:
    name: str

    def __str__(self):
        return self.name


@dataclass(eq=False)
class PlannedUpdate:
    parsed: ParsedUpdate
    round: object  # ReportingRound or NewRound
    existing: object  # the action's own ProgressUpdate in that round, or None
    values: dict
    changed: bool
    # What the identifying-words check flags in a public summary the import would change.
    flags: list = field(default_factory=list)

    @property
    def public_summary_changes(self):
        summary = self.values.get("public_summary")
        if summary is None:
            return False
        return self.existing is None or self.existing.public_text != summary


@dataclass(eq=False)
class PlannedAction:
    parsed: ParsedAction
    existing: object  # Action or None
    theme: object  # Theme, NewTheme or None (unresolved)
    leads: list | None  # Partner or NewPartner; None: keep the leads
    values: dict
    updates: list
    changes: list  # labels of what changes
    differences: list = field(default_factory=list)  # (label, from, to) of what changes

    action: object = None  # the saved Action, once imported

    @property
    def lead_role(self):
        return self.values.get("lead_role", "")

    @property
    def starts_on(self):
        return self.values.get("starts_on")

    @property
    def due_on(self):
        return self.values.get("due_on")

    @property
    def status_label(self):
        status = self.values.get("status")
        return Status(status).label if status else Status.NOT_RECORDED.label

    @property
    def kind(self):
        if self.existing is None:
            return "create"
        return "change" if self.changes else "unchanged"


@dataclass
class ImportPreview:
    plan: object
    parsed: ParsedImport
    actions: list
    unknown_partners: list
    unknown_themes: list
    new_rounds: list
    problems: list
    not_in_file: int = 0
    partners: list = field(default_factory=list)  # every partner, for mapping unknown names
    themes: list = field(default_factory=list)  # the plan's themes, for the same

    def _of_kind(self, kind):
        return [action for action in self.actions if action.kind == kind]

    @property
    def creates(self):
        return self._of_kind("create")

    @property
    def changes(self):
        return self._of_kind("change")

    @property
    def unchanged(self):
        return self._of_kind("unchanged")

    @property
    def unresolved(self):
        return [u for u in self.unknown_partners + self.unknown_themes if u.choice is None]

    @property
    def publishes(self):
        """(action, update) for each imported update that would change what residents read."""
        return [
            (a, u)
            for a in self.actions
            for u in a.updates
            if u.changed and u.public_summary_changes
        ]

    @property
    def flagged(self):
        """(action, update) for each imported update whose public summary is flagged."""
        return [(a, u) for a in self.actions for u in a.updates if u.flags]

    @property
    def can_confirm(self):
        return not self.problems and not self.unresolved

    @property
    def empty_rows(self):
        return self.parsed.table.empty_rows


def _plan_state(plan):
    """Everything a preview compares with, in 7 queries whatever the size of the plan."""
    partners = list(Partner.objects.select_related("parent").order_by("name", "pk"))
    themes = list(Theme.objects.filter(plan=plan).order_by("number"))
    rounds = list(ReportingRound.objects.filter(plan=plan).order_by("pk"))
    actions = list(
        Action.objects.filter(plan=plan).prefetch_related(
            Prefetch("lead_links", ActionLead.objects.order_by("position")),
            Prefetch(
                "updates",
                ProgressUpdate.objects.filter(partner=None).order_by("pk"),
                to_attr="own_updates",
            ),
            Prefetch("documents", LinkedDocument.objects.order_by("position")),
        )
    )
    return partners, themes, rounds, actions


def _update_plan(update, round_, existing, problems, number):
    summary = update.public_summary
    if existing is None:
        values = {
            "narrative": update.narrative,
            "public_summary": summary or update.narrative,
            "status": update.status or Status.NOT_RECORDED.value,
        }
        return PlannedUpdate(update, round_, None, values, True)
    values = {"narrative": update.narrative}
    if update.status is not None:
        values["status"] = update.status
    if summary is not None:
        values["public_summary"] = summary or update.narrative
    changed = any(getattr(existing, name) != value for name, value in values.items())
    # An update held for review by an earlier import of the same text is left to the review.
    if existing.state != ProgressUpdate.State.PUBLISHED and changed:
        problems.append(
            Problem(
                _(
                    "action %(number)s already has an update for the round “%(round)s” that is "
                    "not published (%(state)s): publish it or send it back in the portal "
                    "first, or leave this round's progress out of the file."
                )
                % {
                    "number": number,
                    "round": round_.name,
                    "state": existing.get_state_display(),
                },
                row=update.row,
                column="round",
            )
        )
    return PlannedUpdate(update, round_, existing, values, changed)


def _field_label(name):
    if name == "contact_name":
        return _("Named contact")
    return COLUMNS_BY_KEY[name].heading


_UPDATE_LABELS = {
    "narrative": _lazy("narrative"),
    "public_summary": _lazy("public summary"),
    "status": _lazy("status"),
}


def _shown(obj, name, value):
    """A field's value as the preview shows it: a status by its label, a date as 31/03/2026."""
    if value is None or value == "":
        return ""
    if name == "status":
        return str(Status(value).label)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def _same_object(planned, existing_pk):
    return not isinstance(planned, NewPartner | NewTheme) and getattr(planned, "pk", None) == (
        existing_pk
    )


def import_preview(*, plan, parsed, partner_mapping=None, theme_mapping=None, default=None):
    """What importing `parsed` into `plan` would do, and every problem that stops it (6 queries,
    and 2 more for the identifying-words check when the file changes public summaries).

    Unknown partners and themes resolve through the mappings ({key: "create" or a pk}); those
    not in a mapping follow `default`: None leaves them unresolved, "create" creates what can
    be created, "suggest" picks the closest existing one (or creates it when none is close).
    """
    partners, themes, rounds, existing_actions = _plan_state(plan)
    problems = list(parsed.problems)
    partners_by_pk = {partner.pk: partner for partner in partners}

    known_themes, unknown_themes = match_themes(parsed, themes)
    themes_by_pk = {theme.pk: theme for theme in themes}
    for item in unknown_themes:
        item.choice = resolve_choice(item, theme_mapping, default, themes_by_pk, problems)
        known_themes[item.key] = item.choice

    known_partners, unknown_partners = match_partners(parsed, partners)
    for item in unknown_partners:
        item.choice = resolve_choice(item, partner_mapping, default, partners_by_pk, problems)
        known_partners[item.key] = item.choice

    rounds_by_name = {normalise(r.name): r for r in rounds}
    new_rounds = []
    actions_by_number = {action.number: action for action in existing_actions}
    planned = []
    for action in parsed.actions:
        existing = actions_by_number.get(action.number)
        theme = known_themes.get(normalise(action.theme))
        leads = None
        values = {"text": action.text, **action.fields}
        if action.leads is not None:
            leads = []
            roles = []
            for name in action.leads:
                partner = known_partners.get(normalise(name))
                if partner == ROLE:
                    roles.append(name)
                # Two names mapped to the same partner make one lead.
                elif partner is None or partner not in leads:
                    leads.append(partner)
            if roles and not values.get("lead_role"):
                values["lead_role"] = "; ".join(roles)[:200]
        if action.contact:
            # A person named with a lead: the action's named contact, private unless an
            # officer marks it publishable.
            values["contact_name"] = action.contact[:200]
        changes = []
        differences = []
        own_updates = {}
        if existing is not None:
            own_updates = {u.round_id: u for u in existing.own_updates}
            if not _same_object(theme, existing.theme_id):
                label = COLUMNS_BY_KEY["theme"].heading
                changes.append(label)
                differences.append((label, str(themes_by_pk.get(existing.theme_id, "")), theme))
            for name, value in values.items():
                if getattr(existing, name) != value:
                    label = _field_label(name)
                    changes.append(label)
                    differences.append(
                        (
                            label,
                            _shown(existing, name, getattr(existing, name)),
                            _shown(existing, name, value),
                        )
                    )
            if leads is not None:
                links = list(existing.lead_links.all())
                current = [link.partner_id for link in links]
                if len(current) != len(leads) or not all(
                    _same_object(p, pk) for p, pk in zip(leads, current, strict=False)
                ):
                    label = COLUMNS_BY_KEY["leads"].heading
                    changes.append(label)
                    differences.append(
                        (
                            label,
                            "; ".join(str(partners_by_pk.get(pk, "")) for pk in current),
                            "; ".join(str(p or _("(to choose)")) for p in leads),
                        )
                    )
            if action.documents is not None:
                titles = [d.title for d in existing.documents.all()]
                if titles != action.documents:
                    label = COLUMNS_BY_KEY["documents"].heading
                    changes.append(label)
                    differences.append((label, "; ".join(titles), "; ".join(action.documents)))
        updates = []
        for update in action.updates:
            key = normalise(update.round)
            if key not in rounds_by_name:
                rounds_by_name[key] = NewRound(update.round)
                new_rounds.append(rounds_by_name[key])
            round_ = rounds_by_name[key]
            current = own_updates.get(round_.pk) if isinstance(round_, ReportingRound) else None
            update_plan = _update_plan(update, round_, current, problems, action.number)
            updates.append(update_plan)
            if existing is not None and update_plan.changed:
                if current is None:
                    label = _("Progress for %(round)s (new)") % {"round": round_.name}
                    changes.append(label)
                    differences.append((label, "", update_plan.values["narrative"]))
                else:
                    label = _("Progress for %(round)s") % {"round": round_.name}
                    changes.append(label)
                    for name, value in update_plan.values.items():
                        if getattr(current, name) != value:
                            differences.append(
                                (
                                    f"{label}: {_UPDATE_LABELS[name]}",
                                    _shown(current, name, getattr(current, name)),
                                    _shown(current, name, value),
                                )
                            )
        planned.append(
            PlannedAction(action, existing, theme, leads, values, updates, changes, differences)
        )

    names = None
    for planned_action in planned:
        for update_plan in planned_action.updates:
            if update_plan.changed and update_plan.public_summary_changes:
                names = known_names() if names is None else names
                update_plan.flags = identifying_flags(update_plan.values["public_summary"], names)

    numbers = {action.number for action in parsed.actions}
    problems.sort(key=lambda problem: problem.row or 0)
    return ImportPreview(
        plan=plan,
        parsed=parsed,
        actions=planned,
        unknown_partners=unknown_partners,
        unknown_themes=unknown_themes,
        new_rounds=new_rounds,
        problems=problems,
        not_in_file=sum(1 for action in existing_actions if action.number not in numbers),
        partners=partners,
        themes=themes,
    )
