"""What every dashboard page starts from: the plan, the chosen rounds and the filtered rows."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from reports.figures import (
    FrozenSource,
    LiveSource,
    RoundChoice,
    frozen_rows_of_plan,
    rounds_in_order,
    tally_by,
    total_of,
)
from reports.filters import ActionRowFilter, led_by_any
from themes.models import Plan

TREND_ROUNDS = 8


def plan_or_404(slug):
    """Any plan, drafts included: these pages are internal (one query)."""
    return get_object_or_404(Plan, slug=slug)


@dataclass
class Selection:
    """The plan (and theme or partner) a page is about, the rounds chosen and the rows."""

    plan: object
    theme: object
    partner: object
    filterset: ActionRowFilter
    choice: RoundChoice
    source: object
    rows: object  # the chosen round's actions, filtered
    compare_rows: object  # the compared round's actions, filtered the same way, or None

    def restrict(self, rows):
        """`rows` narrowed to the page's theme or partner."""
        if self.theme is not None:
            rows = rows.filter(theme=self.theme)
        if self.partner is not None:
            rows = led_by_any(rows, self.partner)
        return rows

    def trend(self):
        """[(round, Tally)] for the latest frozen rounds and the open round, filtered like
        the page (the change flag aside): one or two queries."""
        frozen = self.restrict(frozen_rows_of_plan(self.plan))
        frozen = self.filterset.filter_rows(frozen, skip=("changed",))
        by_round = tally_by(frozen, "snapshot__round_id")
        open_round = self.choice.open_round
        live_total = None
        if open_round is not None:
            live = LiveSource(self.plan, open_round, partner=self.partner)
            live = self.restrict(live.rows())
            live = self.filterset.filter_rows(live, skip=("changed",))
            live_total = total_of(tally_by(live, "plan_id"))
        result = []
        for round in self.choice.rounds:
            if round.pk in by_round:
                result.append((round, by_round[round.pk]))
            elif round == open_round:
                result.append((round, live_total))
        return result[-TREND_ROUNDS:]


def select(request, plan, *, theme=None, partner=None, use_filters=True):
    """Read the filters, choose the rounds and build the filtered rows (one query for the
    rounds, plus one per chosen round, theme, partner or priority that needs checking)."""
    rounds = rounds_in_order(plan)
    filterset = ActionRowFilter(request.GET, plan=plan, theme=theme, partner=partner)
    filterset.is_valid()
    loaded = {round.pk: round for round in rounds}
    chosen = filterset.choice("round")
    compared = filterset.choice("compare")
    choice = RoundChoice.pick(
        rounds,
        selected=loaded.get(chosen.pk) if chosen else None,
        compare=loaded.get(compared.pk) if compared else None,
    )
    source = choice.source(plan, partner)
    selection = Selection(plan, theme, partner, filterset, choice, source, None, None)
    skip = () if use_filters else tuple(filterset.filters)
    selection.rows = filterset.filter_rows(selection.restrict(source.rows()), skip=skip)
    if choice.compare_snapshot is not None:
        compare_rows = selection.restrict(FrozenSource(choice.compare_snapshot).rows())
        selection.compare_rows = filterset.filter_rows(compare_rows, skip=(*skip, "changed"))
    return selection


def round_context(selection):
    """What every dashboard template shows about the chosen rounds."""
    choice = selection.choice
    theme = selection.theme or selection.filterset.choice("theme")
    lead = selection.partner or selection.filterset.choice("lead")
    return {
        "plan": selection.plan,
        "filterset": selection.filterset,
        "round": choice.selected,
        "compare": choice.compare,
        "snapshot": choice.snapshot,
        "is_frozen": choice.is_frozen,
        "unfrozen_names": [round.name for round in choice.unfrozen_closed],
        # Figures link to the actions behind them, keeping the page's theme or partner.
        "scope_theme": theme.pk if theme else None,
        "scope_lead": lead.pk if lead else None,
    }
