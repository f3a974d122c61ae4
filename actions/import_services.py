"""Write a spreadsheet import into a plan: all of it in one transaction, or nothing."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actions.imports import (
    NewPartner,
    NewRound,
    NewTheme,
    Problem,
    import_preview,
    parse_rows,
)
from actions.models import Action, ActionLead, LinkedDocument, ProgressUpdate, ReportingRound
from actions.services import (
    PublicTextUnchecked,
    actions_refresh_public_status,
    updates_make_public,
)
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
    held: list = field(default_factory=list)  # "action 3, Q1 2025–26": submitted, for review
    flagged: list = field(default_factory=list)  # those held because words were flagged

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


def default_round(plan):
    """The round of progress in a file without a Round column: the plan's latest round, or
    one named for the plan's years (one query)."""
    latest = ReportingRound.objects.filter(plan=plan).order_by("-pk").first()
    if latest is not None:
        return latest.name
    return _("%(period)s progress") % {"period": plan.period}


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
    *,
    plan,
    rows,
    user,
    partner_mapping,
    theme_mapping=None,
    source="",
    publish=False,
    publish_flagged=False,
    default_round="",
):
    """Import the actions in `rows` (a Table read from a file) into `plan`.

    Everything is checked again first; any problem, or an unknown partner or theme without a
    choice in the mappings ({key: "create", "role" or a pk}), raises ImportRefused and saves
    nothing. Actions are matched by number; only what differs is saved, with `user` in its
    history, so importing the same file again writes nothing. Progress is stored as published
    updates only when `publish` says the officer read them in the preview, and each action's
    public status follows them; otherwise they are stored submitted, for review. A public
    summary the identifying-words check flags is published only when `publish_flagged` says
    the officer also checked the flagged words.
    Writes in bulk: the number of queries does not grow with the number of actions.
    """
    preview = import_preview(
        plan=plan,
        parsed=parse_rows(rows, default_round=default_round),
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
        with transaction.atomic():
            saved = _create_new_objects(preview, plan, writer, outcome)
            _apply_actions(preview, plan, writer, saved, user, outcome, (publish, publish_flagged))
    except RecordError as error:
        raise ImportRefused([Problem(str(error))]) from None
    except IntegrityError as error:
        raise ImportRefused([Problem(_("The import breaks a rule: %s") % error)]) from None
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


def _rule(model, name):
    """The message of one of the model's named constraints."""
    return next(c for c in model._meta.constraints if c.name == name).violation_error_message


def _broken_rules(obj):
    """The check constraints an import can break, judged in Python: checking each object in
    the database would cost a query per row. The database still enforces them all."""
    if isinstance(obj, Action):
        if obj.starts_on and obj.due_on and obj.starts_on > obj.due_on:
            yield _rule(Action, "actions_action_starts_before_due")
        if not obj.text:
            yield _rule(Action, "actions_action_text_not_empty")
    elif isinstance(obj, ProgressUpdate) and not obj.narrative:
        yield _rule(ProgressUpdate, "actions_progressupdate_narrative_not_empty")


def _check(obj, where):
    """The checks of full_clean that need no query; the database enforces the unique ones."""
    # Foreign keys are objects the import found or made itself: validating each would cost a
    # query per row.
    relations = [f.name for f in obj._meta.fields if f.is_relation]
    try:
        obj.clean_fields(exclude=relations)
        obj.clean()
        if broken := list(_broken_rules(obj)):
            raise ValidationError({"__all__": broken})
    except ValidationError as error:
        messages = "; ".join(
            f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
            for name, errors in error.message_dict.items()
        )
        raise RecordError(f"{where}: {messages}") from None


def _where(planned):
    return _("Row %(row)s, action %(number)s") % {
        "row": planned.parsed.row,
        "number": planned.parsed.number,
    }


def _apply_actions(preview, plan, writer, saved, user, outcome, publishing):
    """Create and change the actions, their leads, documents and progress, in bulk."""
    history = {"default_user": user, "default_change_reason": writer.reason[:100]}
    now = timezone.now()
    new_actions, changed_actions, fields = [], [], set()
    for planned in preview.actions:
        theme = _saved(planned.theme, saved)
        # The theme object, not its id: Action.clean reads it, and would query it for each.
        values = {"theme": theme, **planned.values}
        action = planned.existing
        if action is None:
            action = Action(plan=plan, number=planned.parsed.number, **values)
            _check(action, _where(planned))
            new_actions.append(action)
        else:
            differing = [
                name for name, value in planned.values.items() if getattr(action, name) != value
            ]
            if action.theme_id != theme.pk:
                differing.append("theme")
            if differing:
                for name in differing:
                    setattr(action, name, values[name])
                if action.theme_id == theme.pk:
                    action.theme = theme  # read by clean(), without a query
                _check(action, _where(planned))
                fields.update(differing)
                changed_actions.append(action)
        planned.action = action
    if new_actions:
        bulk_create_with_history(new_actions, Action, batch_size=500, **history)
    if changed_actions:
        for action in changed_actions:
            action.updated_at = now
        fields = sorted(fields | {"updated_at"})
        bulk_update_with_history(changed_actions, Action, fields, batch_size=500, **history)
    _apply_leads(preview, saved, history)
    _apply_documents(preview, history)
    _apply_updates(preview, saved, writer, user, outcome, publishing, history)


def _apply_leads(preview, saved, history):
    stale, links = [], []
    for planned in preview.actions:
        if planned.leads is None:
            continue
        leads = [_saved(partner, saved) for partner in planned.leads]
        current = (
            [link.partner_id for link in planned.existing.lead_links.all()]
            if (planned.existing)
            else []
        )
        if current == [partner.pk for partner in leads]:
            continue
        if planned.existing:
            stale.extend(planned.existing.lead_links.all())
        links.extend(
            ActionLead(action=planned.action, partner=partner, position=position)
            for position, partner in enumerate(leads, start=1)
        )
    for link in stale:
        link._change_reason = history["default_change_reason"]
        if history["default_user"] is not None:
            link._history_user = history["default_user"]
        link.delete()
    if links:
        bulk_create_with_history(links, ActionLead, batch_size=500, **history)


def _apply_documents(preview, history):
    documents = []
    for planned in preview.actions:
        titles = planned.parsed.documents
        if not titles:
            continue
        existing = [d.title for d in planned.existing.documents.all()] if planned.existing else []
        position = len(existing)
        for title in titles:
            if title in existing:
                continue
            position += 1
            documents.append(LinkedDocument(action=planned.action, position=position, title=title))
    if documents:
        bulk_create_with_history(documents, LinkedDocument, batch_size=500, **history)


def _apply_updates(preview, saved, writer, user, outcome, publishing, history):
    """Publish the imported progress through the one path to public text when the officer
    chose to, holding it for review otherwise, and holding each update whose public summary
    is flagged unless the officer confirmed the flags too."""
    publish, publish_flagged = publishing
    public, held = [], []
    for planned in preview.actions:
        for update in planned.updates:
            if not update.changed:
                continue
            round_ = _saved(update.round, saved)
            # Judged before the values below change the existing update.
            update.changes_public = update.public_summary_changes
            obj = update.existing or ProgressUpdate(
                action=planned.action, round=round_, partner=None
            )
            for name, value in update.values.items():
                setattr(obj, name, value)
            where = _("%(where)s, progress for %(round)s") % {
                "where": _where(planned),
                "round": round_.name,
            }
            _check(obj, where)
            if update.changes_public and (not publish or (update.flags and not publish_flagged)):
                held.append(obj)
                where = _("action %(number)s, %(round)s") % {
                    "number": planned.parsed.number,
                    "round": round_.name,
                }
                outcome.held.append(where)
                if update.flags:
                    outcome.flagged.append(where)
            else:
                public.append((obj, update))
    # A summary already public as it is stays public: nothing new becomes public.
    checked = [obj for obj, update in public if update.changes_public]
    unchanged = [obj for obj, update in public if not update.changes_public]
    for objs, confirmed in ((checked, publish_flagged), (unchanged, True)):
        if objs:
            try:
                updates_make_public(
                    updates=objs, user=user, reason=writer.reason[:100], confirmed=confirmed
                )
            except PublicTextUnchecked:
                raise ImportRefused(
                    [Problem(_("A public summary needs checking: show the preview again."))]
                ) from None
    if held:
        now = timezone.now()
        for obj in held:
            obj.state = ProgressUpdate.State.SUBMITTED
            obj.submitted_at = now
            obj.updated_at = now
        new = [obj for obj in held if obj.pk is None]
        for obj in new:
            obj.created_at = now
        if new:
            bulk_create_with_history(new, ProgressUpdate, batch_size=500, **history)
        old = [obj for obj in held if obj.pk is not None]
        if old:
            fields = [
                "narrative",
                "public_summary",
                "status",
                "state",
                "submitted_at",
                "updated_at",
            ]
            bulk_update_with_history(old, ProgressUpdate, fields, batch_size=500, **history)
        actions_refresh_public_status(
            actions=list({obj.action_id: obj.action for obj in held}.values()), user=user
        )
