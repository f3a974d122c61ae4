"""Synthetic partnerships for demonstrations and load tests (`manage.py generate_demo_data`).

Everything generated is derived from a seed: the same seed and sizes give the same partners,
plans, texts, statuses and dates (only database ids, `created_at`/`updated_at` columns and
unusable password hashes differ). Generated plans, partners and accounts carry the prefix
`demo-` in their slug or username, which is how `--replace` finds them again.

Each model family has its own function: partners and accounts in `demo.people`, a plan's
structure, rounds and actions here, progress updates in `demo.progress`; a new family, e.g.
round snapshots or indicators, is one more function called from `_plan_create`. The texts come
from the phrase banks of `demo.words`; rows are written by the bulk inserts with history of
`demo.bulk`, and `demo.cleanup` finds and deletes them again.
"""

import bisect
import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from actions.models import (
    Action,
    ActionLead,
    LinkedDocument,
    ReportingRound,
)
from demo.bulk import (
    CURRENT_PLAN_START,
    LONDON,
    PREFIX,
    DemoDataError,
    GenerationResult,
    add_months,
    history_create,
    history_link,
    weighted,
)
from demo.cleanup import demo_data_delete, demo_data_exists
from demo.people import partners_create, town_name
from demo.progress import public_status_refresh, updates_create
from demo.words import COMMITMENTS, DOCUMENTS, PRIORITIES, ROLES, STATEMENTS, THEMES, Writer
from themes.models import (
    Commitment,
    Plan,
    Priority,
    ResidentStatement,
    Theme,
    ThemeLead,
)

__all__ = [
    "DemoDataError",
    "DemoSize",
    "demo_data_delete",
    "demo_data_exists",
    "demo_data_generate",
]

ACTIONS_PER_BATCH = 500
PARTNERS_PER_PLAN = 16


@dataclass(frozen=True)
class DemoSize:
    """How much to generate. The defaults make a quick laptop demo."""

    actions: int = 300
    rounds: int = 4
    plans: int = 3
    partners: int = 20

    def actions_per_plan(self):
        """The number of actions of each plan: as even as possible, the first plans larger."""
        share, extra = divmod(self.actions, self.plans)
        return [share + (1 if index < extra else 0) for index in range(self.plans)]


@dataclass
class _PlanParts:
    plan: Plan
    written_at: datetime.datetime
    themes: list
    priorities: list
    commitments: list
    commitments_by_theme: dict
    rounds: list
    partners: list


def _plan_years(index):
    """Plan 0 is the current plan; earlier plans go back three years at a time, cycling."""
    if index == 0:
        return CURRENT_PLAN_START, CURRENT_PLAN_START + 3
    start = CURRENT_PLAN_START - 3 * (1 + (index - 1) % 5)
    return start, start + 3


def _plan_structure_create(rng, index, state, people, result):
    """A plan with its themes and their leads, priorities, statements and commitments."""
    town = town_name(rng)
    start, end = _plan_years(index)
    when = datetime.datetime(start, 3, 1, 9, 0, tzinfo=LONDON)

    def create(model, objs):
        return history_create(model, objs, result, people.officer, when)

    plan = create(
        Plan,
        [
            Plan(
                title=f"{town} Community Safety Partnership Plan {start}–{end}",
                slug=f"{PREFIX}{index + 1:03d}-{slugify(town)}-{start}-{end}",
                start_year=start,
                end_year=end,
                state=state,
                summary=(
                    f"How the partners of {town} will keep residents safe from {start} to "
                    f"{end}: the priorities residents set, the actions each partner leads, "
                    "and how the work is going."
                ),
                partners_publish_directly=rng.random() < 0.2,
            )
        ],
    )[0]
    partners = rng.sample(people.partners, min(PARTNERS_PER_PLAN, len(people.partners)))
    theme_rows = rng.sample(THEMES, rng.randint(5, 8))
    themes = create(
        Theme,
        [
            Theme(
                plan=plan,
                number=number,
                title=title,
                description=description,
                easy_read_summary=description.split(",")[0] + "." if rng.random() < 0.5 else "",
            )
            for number, (title, description) in enumerate(theme_rows, start=1)
        ],
    )
    theme_leads = []
    for theme in themes:
        for position, partner in enumerate(rng.sample(partners, rng.randint(1, 2)), start=1):
            theme_leads.append(ThemeLead(theme=theme, partner=partner, position=position))
    create(ThemeLead, theme_leads)
    priorities = create(
        Priority,
        [
            Priority(plan=plan, number=number, title=title, description=description)
            for number, (title, description) in enumerate(
                rng.sample(PRIORITIES, rng.randint(3, 5)), start=1
            )
        ],
    )
    statements = create(
        ResidentStatement,
        [
            ResidentStatement(plan=plan, position=position, text=text)
            for position, text in enumerate(rng.sample(STATEMENTS, rng.randint(4, 6)), start=1)
        ],
    )
    commitments = []
    for statement in statements:
        for position, text in enumerate(rng.sample(COMMITMENTS, rng.randint(2, 3)), start=1):
            commitments.append(Commitment(statement=statement, position=position, text=text))
    commitments = create(Commitment, commitments)
    commitments_by_theme = defaultdict(list)
    pairs = []
    for commitment in commitments:
        for theme in rng.sample(themes, rng.randint(1, 2)):
            pairs.append((commitment, theme))
            commitments_by_theme[theme.pk].append(commitment)
    history_link(Commitment, "themes", pairs, result)
    return _PlanParts(
        plan, when, themes, priorities, commitments, commitments_by_theme, [], partners
    )


def _rounds_create(parts, count, result, user):
    """Quarterly rounds from April of the plan's first year; in the current plan the last
    round is still open."""
    plan = parts.plan
    rounds = []
    for k in range(count):
        year = plan.start_year + k // 4
        starts_on = add_months(datetime.date(year, 4, 1), 3 * (k % 4))
        is_last = k == count - 1
        rounds.append(
            ReportingRound(
                plan=plan,
                name=f"Q{k % 4 + 1} {year}–{(year + 1) % 100:02d}",
                starts_on=starts_on,
                due_on=add_months(starts_on, 3) + datetime.timedelta(days=20),
                state=(
                    ReportingRound.State.OPEN
                    if is_last and plan.state != Plan.State.ARCHIVED
                    else ReportingRound.State.CLOSED
                ),
            )
        )
    parts.rounds = history_create(ReportingRound, rounds, result, user, parts.written_at)


def _actions_create(rng, writer, parts, count, people, result):
    """The plan's numbered actions, grouped by theme, with leads, priorities, commitments and
    documents."""
    user = people.officer
    plan = parts.plan
    first_day = datetime.date(plan.start_year, 4, 1)
    last_day = datetime.date(plan.end_year, 3, 31)
    span = (last_day - first_day).days
    # Themes get uneven shares of the actions, numbered in theme order as real plans are.
    themes = parts.themes
    if count > len(themes):
        cuts = sorted(rng.sample(range(1, count), len(themes) - 1))
    else:
        cuts = list(range(1, len(themes)))
    actions, number = [], 0
    for position in range(count):
        number += 2 if rng.random() < 0.03 else 1  # plans leave gaps in their numbering
        starts_on = first_day + datetime.timedelta(days=rng.randint(0, span // 3))
        due_on = starts_on + datetime.timedelta(days=rng.randint(90, span - span // 3))
        text = writer.action_text()
        has_contact = rng.random() < 0.2
        actions.append(
            Action(
                plan=plan,
                theme=themes[bisect.bisect_right(cuts, position)],
                number=number,
                text=text,
                easy_read_summary=writer.summary() if rng.random() < 0.3 else "",
                lead_role=rng.choice(ROLES) if rng.random() < 0.4 else "",
                contact_name=f"Lead {rng.randint(1, 999)}" if has_contact else "",
                contact_is_public=has_contact and rng.random() < 0.3,
                starts_on=starts_on if rng.random() < 0.8 else None,
                due_on=due_on if rng.random() < 0.9 else None,
            )
        )
    actions = history_create(Action, actions, result, user, parts.written_at)

    leads, lead_partners, documents = [], {}, []
    priority_pairs, commitment_pairs = [], []
    for action in actions:
        how_many = weighted(rng, [(1, 85), (2, 12), (3, 3)])
        chosen = rng.sample(parts.partners, min(how_many, len(parts.partners)))
        lead_partners[action.pk] = chosen
        for position, partner in enumerate(chosen, start=1):
            leads.append(ActionLead(action=action, partner=partner, position=position))
        if rng.random() < 0.7:
            for priority in rng.sample(parts.priorities, rng.randint(1, 2)):
                priority_pairs.append((action, priority))
        if rng.random() < 0.3:
            candidates = parts.commitments_by_theme.get(action.theme_id) or parts.commitments
            commitment_pairs.append((action, rng.choice(candidates)))
        if rng.random() < 0.1:
            for position, title in enumerate(rng.sample(DOCUMENTS, rng.randint(1, 2)), start=1):
                documents.append(
                    LinkedDocument(
                        action=action,
                        position=position,
                        title=title,
                        url=f"https://example.org/{plan.slug}/{action.number}/{slugify(title)}",
                    )
                )
    history_create(ActionLead, leads, result, user, parts.written_at)
    history_create(LinkedDocument, documents, result, user, parts.written_at)
    history_link(Action, "priorities", priority_pairs, result)
    history_link(Action, "commitments", commitment_pairs, result)
    return actions, lead_partners


def _plan_create(rng, index, state, size, actions_count, people, result):
    """One plan and everything in it."""
    writer = Writer(rng, people.names)
    parts = _plan_structure_create(rng, index, state, people, result)
    _rounds_create(parts, size.rounds, result, people.officer)
    actions, lead_partners = _actions_create(rng, writer, parts, actions_count, people, result)
    if parts.rounds:
        # A few hundred actions at a time: a plan of 20,000 actions and their updates would
        # not fit in memory at once.
        for start in range(0, len(actions), ACTIONS_PER_BATCH):
            batch = actions[start : start + ACTIONS_PER_BATCH]
            updates_create(rng, writer, parts, batch, lead_partners, people, result)
            public_status_refresh(batch, result, people.officer)
    return parts.plan


def demo_data_generate(*, size, seed, replace=False, progress=None):
    """Generate partners, accounts and `size.plans` plans of synthetic data from `seed`.

    Refuses (DemoDataError) when generated data is already there, unless `replace`, which
    deletes it first. Runs in one transaction: a failure leaves nothing behind. `progress`, if
    given, is called with a line of text after each plan.
    """
    for name in ("actions", "rounds", "plans", "partners"):
        if getattr(size, name) < (0 if name == "rounds" else 1):
            raise DemoDataError(f"--{name} must be at least {0 if name == 'rounds' else 1}.")
    if size.actions < size.plans:
        raise DemoDataError("Each plan needs at least one action: ask for more actions.")
    started = time.monotonic()
    result = GenerationResult()
    with transaction.atomic():
        if demo_data_exists():
            if not replace:
                raise DemoDataError(
                    "This database already holds generated demo data (plans, partners or "
                    f"accounts starting with “{PREFIX}”). Run again with --replace to delete it "
                    "and generate it afresh."
                )
            demo_data_delete()
        rng = random.Random(seed)
        people = partners_create(rng, size, result)
        current = Plan.objects.filter(state=Plan.State.CURRENT).first()
        first_state = Plan.State.CURRENT
        if current is not None:
            first_state = Plan.State.DRAFT
            result.notes.append(
                f"“{current}” is already the current plan, so the generated plan that would "
                "be current is a draft."
            )
        for index, count in enumerate(size.actions_per_plan()):
            # Each plan has its own random stream: its content does not depend on how much
            # was generated before it.
            plan_rng = random.Random(f"{seed}-plan-{index}")
            state = first_state if index == 0 else Plan.State.ARCHIVED
            plan = _plan_create(plan_rng, index, state, size, count, people, result)
            if progress:
                progress(f"{index + 1}/{size.plans} {plan.slug}: {count} actions")
    result.seconds = time.monotonic() - started
    return result
