"""What the dashboards read: a round's actions, live for an open round, frozen for a closed one.

Both sources give querysets with the same field names (`number`, `text`, `theme`, `status`,
`leads`, `priorities`, `due_on`) and the same three flags (`is_overdue`, `is_missing`,
`is_changed`), so one FilterSet and one set of counting queries serve both.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.utils import timezone

from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound, Status
from reports.models import ActionSnapshot, UpdateSnapshot
from themes.models import Partner

# Actions that need no more reporting.
DONE = [Status.COMPLETE, Status.CARRIED_FORWARD]
# Updates that count as reported; drafts and updates sent back do not.
REPORTED = [ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.PUBLISHED]
EXCEPTION_STATUSES = [Status.OFF_TRACK, Status.AT_RISK]


def snapshot_of(round):
    """The round's snapshot, or None (reads what `select_related("snapshot")` loaded)."""
    return getattr(round, "snapshot", None) if round is not None else None


def commentary_of(round):
    """The round's commentary, or None (reads what `select_related("commentary")` loaded)."""
    return getattr(round, "commentary", None) if round is not None else None


def rounds_in_order(plan):
    """The plan's rounds, oldest first, with their snapshot and commentary (one query).

    Rounds without a start date count as the oldest, as on the public pages.
    """
    return list(
        ReportingRound.objects.filter(plan=plan)
        .select_related("snapshot", "commentary")
        .order_by(F("starts_on").asc(nulls_first=True), "pk")
    )


@dataclass
class RoundChoice:
    """Which round a page shows and which closed round it compares with."""

    rounds: list
    selected: ReportingRound | None
    compare: ReportingRound | None

    @classmethod
    def pick(cls, rounds, selected=None, compare=None):
        """Default to the latest open round, else the latest frozen one; compare with the
        frozen round before the one shown."""
        frozen = [r for r in rounds if snapshot_of(r)]
        if selected is None:
            open_rounds = [r for r in rounds if r.state == ReportingRound.State.OPEN]
            selected = (open_rounds or frozen or [None])[-1]
        if compare is None and selected is not None:
            position = rounds.index(selected)
            earlier = [r for r in rounds[:position] if snapshot_of(r)]
            compare = earlier[-1] if earlier else None
        return cls(rounds, selected, compare)

    @property
    def is_frozen(self):
        return snapshot_of(self.selected) is not None

    @property
    def snapshot(self):
        return snapshot_of(self.selected)

    @property
    def compare_snapshot(self):
        return snapshot_of(self.compare)

    @property
    def open_round(self):
        """The latest open round, whatever round is shown."""
        open_rounds = [r for r in self.rounds if r.state == ReportingRound.State.OPEN]
        return open_rounds[-1] if open_rounds else None

    @property
    def unfrozen_closed(self):
        """Closed rounds that have no snapshot (closed before snapshots were kept)."""
        return [
            r for r in self.rounds if r.state == ReportingRound.State.CLOSED and not snapshot_of(r)
        ]

    def source(self, plan, partner=None):
        if self.is_frozen:
            return FrozenSource(self.snapshot, compare=self.compare_snapshot)
        return LiveSource(plan, self.selected, compare=self.compare_snapshot, partner=partner)


def _changed_since(compare, action_ref):
    """True when the action had another status, or was not there, in the compared round."""
    if compare is None:
        return Value(False)
    same = ActionSnapshot.objects.filter(
        snapshot=compare, action=OuterRef(action_ref), status=OuterRef("status")
    )
    return ExpressionWrapper(~Exists(same), output_field=BooleanField())


@dataclass
class UpdateLine:
    """One update as a dashboard shows it, live or frozen."""

    status: str
    status_label: str
    state_label: str
    narrative: str
    public_summary: str
    round_name: str
    partner_name: str
    updated_at: object
    corrected: bool = False  # changed since its round was frozen
    late: bool = False  # reported after its round was frozen


@dataclass
class ActionRow:
    """One action as a dashboard, list or export shows it, live or frozen."""

    action_id: int | None
    number: int
    text: str
    theme_id: int | None
    theme_number: int
    theme_title: str
    lead_names: str
    lead_role: str
    status: str
    status_label: str
    due_on: object
    is_overdue: bool
    is_missing: bool
    is_changed: bool
    updates: list = field(default_factory=list)

    @property
    def latest(self):
        return self.updates[0] if self.updates else None


def reporting_partner_name(update):
    """The partner that reported: the contributing partner, else the author's partners."""
    if update.partner_id:
        return update.partner.full_name
    if update.author_id:
        return "; ".join(p.full_name for p in update.author.partners.all())
    return ""


class LiveSource:
    """The plan's actions as they are now, reported against `round` (an open round or None)."""

    is_frozen = False

    def __init__(self, plan, round=None, *, compare=None, today=None, partner=None):
        self.plan = plan
        self.round = round
        self.compare = compare
        self.today = today or timezone.localdate()
        # A partner's dashboard counts an action missing while its own update is.
        self.partner = partner

    def rows(self):
        """Every action of the plan with its three flags (no query until evaluated). An
        action is missing while an update owed in the round is not in: any lead's, or, for
        a partner's page, the one that partner or its teams owe."""
        active = ~Q(status__in=DONE)
        overdue = ExpressionWrapper(
            Q(due_on__isnull=False, due_on__lt=self.today) & active, output_field=BooleanField()
        )
        actions = Action.objects.filter(plan=self.plan)
        if self.round is None:
            actions = actions.annotate(is_missing=Value(False))
        else:
            partners = [self.partner] if self.partner is not None else None
            actions = actions.with_missing_update(self.round, partners=partners)
        return actions.annotate(
            is_overdue=overdue,
            is_changed=_changed_since(self.compare, "pk"),
        )

    def missing_by_lead(self, rows):
        """{partner id: how many of `rows` still owe that lead's update in the round}, each
        lead of a shared action counted for its own update (one query)."""
        if self.round is None:
            return {}
        owing = ActionLead.objects.filter(
            action__in=rows.filter(is_missing=True).values("pk")
        ).owing_in(self.round)
        counts = owing.order_by().values("partner").annotate(n=Count("pk"))
        return {row["partner"]: row["n"] for row in counts}

    def all_rounds_rows(self):
        return self.rows()

    def for_display(self, rows, *, with_updates=True):
        """`rows` with what `display_rows` reads: theme, leads and the latest update's id."""
        rows = rows.select_related("theme").prefetch_related(
            Prefetch("lead_links", ActionLead.objects.select_related("partner__parent"))
        )
        if with_updates:
            latest = (
                ProgressUpdate.objects.filter(action=OuterRef("pk"), state__in=REPORTED)
                .newest_first()
                .values("pk")[:1]
            )
            rows = rows.annotate(latest_update_id=Subquery(latest))
        return rows.order_by("number")

    def display_rows(self, actions):
        """ActionRows of `actions` from `for_display`; 3 more queries when any has an update
        (the updates, their authors' partners, their snapshots)."""
        actions = list(actions)
        update_ids = [a.latest_update_id for a in actions if getattr(a, "latest_update_id", None)]
        updates = {}
        if update_ids:
            updates = {
                u.pk: u
                for u in ProgressUpdate.objects.filter(pk__in=update_ids)
                .select_related("round__snapshot", "partner__parent", "author")
                .prefetch_related(
                    Prefetch("author__partners", Partner.objects.select_related("parent")),
                    "snapshots",
                )
            }
        result = []
        for action in actions:
            row = ActionRow(
                action_id=action.pk,
                number=action.number,
                text=action.text,
                theme_id=action.theme_id,
                theme_number=action.theme.number,
                theme_title=action.theme.title,
                lead_names="; ".join(link.partner.full_name for link in action.lead_links.all()),
                lead_role=action.lead_role,
                status=action.status,
                status_label=action.get_status_display(),
                due_on=action.due_on,
                is_overdue=action.is_overdue,
                is_missing=action.is_missing,
                is_changed=action.is_changed,
            )
            update = updates.get(getattr(action, "latest_update_id", None))
            if update:
                row.updates.append(self._line(update))
            result.append(row)
        return result

    @staticmethod
    def _line(update):
        frozen_round = snapshot_of(update.round)
        frozen_copies = list(update.snapshots.all())
        return UpdateLine(
            status=update.status,
            status_label=update.get_status_display(),
            state_label=update.get_state_display(),
            narrative=update.narrative,
            public_summary=update.public_summary,
            round_name=update.round.name,
            partner_name=reporting_partner_name(update),
            updated_at=update.updated_at,
            corrected=any(copy.differs_from(update) for copy in frozen_copies),
            late=frozen_round is not None and not frozen_copies,
        )


class FrozenSource:
    """A closed round's actions as they stood when it was frozen."""

    is_frozen = True

    def __init__(self, snapshot, *, compare=None):
        self.snapshot = snapshot
        self.compare = compare

    def missing_by_lead(self, rows):
        """None: a frozen round kept only whether each action was missing."""
        return None

    def rows(self):
        """The round's frozen actions with the change flag (no query until evaluated)."""
        return ActionSnapshot.objects.filter(snapshot=self.snapshot).annotate(
            is_changed=_changed_since(self.compare, "action")
        )

    def for_display(self, rows, *, with_updates=True):
        """`rows` with the frozen updates of each action (one more query)."""
        if with_updates:
            rows = rows.prefetch_related(
                Prefetch("updates", UpdateSnapshot.objects.select_related("update").order_by("pk"))
            )
        return rows.order_by("number")

    def display_rows(self, snapshots):
        result = []
        round_name = self.snapshot.round.name
        for snap in snapshots:
            row = ActionRow(
                action_id=snap.action_id,
                number=snap.number,
                text=snap.text,
                theme_id=snap.theme_id,
                theme_number=snap.theme_number,
                theme_title=snap.theme_title,
                lead_names=snap.lead_names,
                lead_role=snap.lead_role,
                status=snap.status,
                status_label=snap.get_status_display(),
                due_on=snap.due_on,
                is_overdue=snap.is_overdue,
                is_missing=snap.is_missing,
                is_changed=snap.is_changed,
            )
            if "updates" in getattr(snap, "_prefetched_objects_cache", {}):
                for copy in snap.updates.all():
                    row.updates.append(
                        UpdateLine(
                            status=copy.status,
                            status_label=copy.get_status_display(),
                            state_label=copy.get_state_display(),
                            narrative=copy.narrative,
                            public_summary=copy.public_summary,
                            round_name=round_name,
                            partner_name=copy.partner_name,
                            updated_at=copy.updated_at,
                            corrected=copy.update is not None and copy.differs_from(copy.update),
                        )
                    )
            result.append(row)
        return result


def frozen_rows_of_plan(plan):
    """Every frozen action of every closed round of `plan`, for trends (no flags to compare)."""
    return ActionSnapshot.objects.in_plan(plan).annotate(is_changed=Value(False))


class Tally:
    """How many actions have each status, how many are overdue, missing or changed."""

    def __init__(self):
        self.by_status = Counter()
        self.overdue = 0
        self.missing = 0
        self.changed = 0

    def add(self, other):
        self.by_status.update(other.by_status)
        self.overdue += other.overdue
        self.missing += other.missing
        self.changed += other.changed

    @property
    def total(self):
        return sum(self.by_status.values())

    @property
    def active(self):
        return self.total - sum(self.by_status[status] for status in DONE)

    def cells(self, previous=None, statuses=Status):
        """[{value, label, count, change}] per status; change is None without `previous`."""
        return [
            {
                "value": status.value,
                "label": status.label,
                "count": self.by_status[status.value],
                "change": (
                    None
                    if previous is None
                    else self.by_status[status.value] - previous.by_status[status.value]
                ),
            }
            for status in statuses
        ]


def tally_by(rows, key):
    """{value of `key`: Tally} of `rows`, in one query."""
    tallies = defaultdict(Tally)
    grouped = (
        rows.order_by()
        .values(key, "status")
        .annotate(
            n=Count("pk"),
            overdue=Count("pk", filter=Q(is_overdue=True)),
            missing=Count("pk", filter=Q(is_missing=True)),
            changed=Count("pk", filter=Q(is_changed=True)),
        )
    )
    for row in grouped:
        tally = tallies[row[key]]
        tally.by_status[row["status"]] += row["n"]
        tally.overdue += row["overdue"]
        tally.missing += row["missing"]
        tally.changed += row["changed"]
    return dict(tallies)


def total_of(tallies):
    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    return total


def statuses_shown(*tallies):
    """The statuses any of `tallies` counts, in list order (all of them when none does)."""
    seen = set()
    for tally in tallies:
        if tally is not None:
            seen.update(status for status, n in tally.by_status.items() if n)
    return [status for status in Status if status.value in seen] or list(Status)


def reporting_by_round(rows):
    """{round id: {"active", "reported", "missing"}} of frozen `rows`, in one query."""
    grouped = (
        rows.order_by()
        .values("snapshot__round_id")
        .annotate(
            active=Count("pk", filter=~Q(status__in=DONE)),
            missing=Count("pk", filter=Q(is_missing=True)),
        )
    )
    return {
        row["snapshot__round_id"]: {
            "active": row["active"],
            "missing": row["missing"],
            "reported": row["active"] - row["missing"],
        }
        for row in grouped
    }


def tally_by_lead(rows, missing=None):
    """[(partner or None, Tally)] of `rows` by each lead partner, in two queries. `missing`
    ({partner id: count}, from LiveSource.missing_by_lead) counts each lead of a shared
    action missing only while its own update is."""
    tallies = tally_by(rows, "leads")
    if missing is not None:
        for pk, tally in tallies.items():
            if pk is not None:
                tally.missing = missing.get(pk, 0)
    partners = Partner.objects.filter(pk__in=[pk for pk in tallies if pk]).select_related("parent")
    named = sorted(
        ((partner, tallies[partner.pk]) for partner in partners),
        key=lambda pair: pair[0].full_name.lower(),
    )
    if None in tallies:
        named.append((None, tallies[None]))
    return named
