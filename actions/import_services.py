"""Write a spreadsheet import into a plan: all of it in one transaction, or nothing."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from actions.imports import (
    NewPartner,
    NewRound,
    NewTheme,
    Problem,
    import_preview,
    parse_rows,
)
from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound
from actions.services import PublicTextUnchecked, update_make_public
from portal.upsert import RecordError, Upserter
from themes.models import Partner, Theme


class ImportRefused(Exception):
    """The import was not saved; `problems` says why."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


@dataclass
class ImportOutcome:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    partners: list = field(default_factory=list)  # names of partners created
    themes: list = field(default_factory=list)  # themes created, as "3. Title"
    rounds: list = field(default_factory=list)  # names of rounds created
    held: list = field(default_factory=list)  # "action 3, Q1 2025–26": flagged, for review

    def as_dict(self):
        return dict(self.__dict__)


def change_reason(source):
    """The history change reason of an import, naming its file."""
    if not source:
        return _("Imported from a spreadsheet")
    return (_("Imported from %(file)s") % {"file": source})[:100]


def unique_partner_slug(name):
    """A partner slug made from `name` that no partner has yet (one query per try)."""
    base = slugify(name)[:190] or "partner"
    slug, n = base, 1
    while Partner.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def unresolved_problems(preview):
    """A problem for each unknown partner or theme that has no choice yet."""
    return [
        Problem(
            _("Choose what to do with the %(kind)s “%(name)s”: %(reason)s")
            % {
                "kind": _("lead partner") if item.kind == "partner" else _("theme"),
                "name": item.name,
                "reason": item.reason,
            },
            row=item.rows[0],
        )
        for item in preview.unresolved
    ]


@transaction.atomic
def plan_import_apply(
    *, plan, rows, user, partner_mapping, theme_mapping=None, source="", publish_flagged=False
):
    """Import the actions in `rows` (a Table read from a file) into `plan`.

    Everything is checked again first; any problem, or an unknown partner or theme without a
    choice in the mappings ({key: "create" or a pk}), raises ImportRefused and saves nothing.
    Actions are matched by number; only what differs is saved, with `user` in its history, so
    importing the same file again writes nothing. Progress is stored as published updates, the
    plan's own record, and each action's public status follows them; a public summary the
    identifying-words check flags is stored submitted, for an officer's review, unless
    `publish_flagged` says the officer checked the flagged words in the preview.
    """
    preview = import_preview(
        plan=plan,
        parsed=parse_rows(rows),
        partner_mapping=partner_mapping,
        theme_mapping=theme_mapping or {},
    )
    if not preview.can_confirm:
        raise ImportRefused(preview.problems + unresolved_problems(preview))
    writer = Upserter(reason=change_reason(source), user=user)
    outcome = ImportOutcome(
        created=len(preview.creates),
        changed=len(preview.changes),
        unchanged=len(preview.unchanged),
    )
    try:
        saved = _create_new_objects(preview, plan, writer, outcome)
        for planned in preview.actions:
            _apply_action(planned, plan, writer, saved, user, outcome, publish_flagged)
    except RecordError as error:
        raise ImportRefused([Problem(str(error))]) from None
    return outcome


def _create_new_objects(preview, plan, writer, outcome):
    """Create the partners, themes and rounds the import needs; {placeholder: saved object}."""
    saved = {}
    for item in preview.unknown_partners:
        if isinstance(item.choice, NewPartner):
            partner = Partner(name=item.choice.name, slug=unique_partner_slug(item.choice.name))
            saved[item.choice] = writer.save(partner, _("Partner “%s”") % item.name, "created")
            outcome.partners.append(partner.name)
    for item in preview.unknown_themes:
        if isinstance(item.choice, NewTheme):
            theme = Theme(plan=plan, number=item.choice.number, title=item.choice.title)
            saved[item.choice] = writer.save(theme, _("Theme “%s”") % item.name, "created")
            outcome.themes.append(str(item.choice))
    for new_round in preview.new_rounds:
        round_ = ReportingRound(plan=plan, name=new_round.name, state=ReportingRound.State.CLOSED)
        saved[new_round] = writer.save(round_, _("Round “%s”") % new_round.name, "created")
        outcome.rounds.append(new_round.name)
    return saved


def _saved(obj, saved):
    return saved[obj] if isinstance(obj, NewPartner | NewTheme | NewRound) else obj


def _apply_action(planned, plan, writer, saved, user, outcome, publish_flagged):
    where = _("Row %(row)s, action %(number)s") % {
        "row": planned.parsed.row,
        "number": planned.parsed.number,
    }
    theme = _saved(planned.theme, saved)
    action = writer.upsert_existing(
        Action,
        planned.existing,
        {"plan": plan, "number": planned.parsed.number},
        {"theme_id": theme.pk, **planned.values},
        where,
    )
    if planned.leads is not None:
        leads = [_saved(partner, saved) for partner in planned.leads]
        writer.sync_leads(ActionLead, "action", action, leads, where)
    updates_changed = False
    for update in planned.updates:
        if not update.changed:
            continue
        round_ = _saved(update.round, saved)
        _apply_update(update, action, round_, writer, where, outcome, publish_flagged)
        updates_changed = True
    if updates_changed:
        if user is not None:
            action._history_user = user
        action.refresh_public_status()


def _apply_update(update, action, round_, writer, where, outcome, publish_flagged):
    """Publish one imported update through the one path to public text, or hold it for
    review when its public summary is flagged and the officer did not confirm the flags."""
    # A summary already public as it is stays public: nothing new is published.
    confirmed = publish_flagged or not update.public_summary_changes
    obj = update.existing or ProgressUpdate(action=action, round=round_, partner=None)
    for name, value in update.values.items():
        setattr(obj, name, value)
    where = _("%(where)s, progress for %(round)s") % {"where": where, "round": round_.name}
    writer.validate(obj, where)
    try:
        update_make_public(
            update=obj,
            user=writer.user,
            reason=writer.reason[:100],
            confirmed=confirmed,
        )
    except PublicTextUnchecked:
        obj.state = ProgressUpdate.State.SUBMITTED
        obj.submitted_at = timezone.now()
        writer.save(obj, where, "changed" if obj.pk else "created")
        outcome.held.append(
            _("action %(number)s, %(round)s") % {"number": action.number, "round": round_.name}
        )
