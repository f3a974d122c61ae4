import datetime
import itertools
from decimal import Decimal

import pytest

from indicators.models import Indicator, IndicatorTarget, IndicatorValue

_sequence = itertools.count(1)


@pytest.fixture
def make_indicator(db):
    def make(name=None, *, themes=(), commitments=(), actions=(), priorities=(), **fields):
        number = next(_sequence)
        name = name or f"Indicator {number}"
        fields.setdefault("slug", f"indicator-{number}")
        fields.setdefault("counts", f"What indicator {number} counts.")
        fields.setdefault("unit", "incidents")
        fields.setdefault("direction", Indicator.Direction.LOWER_IS_BETTER)
        fields.setdefault("frequency", "monthly")
        fields.setdefault("is_public", True)
        indicator = Indicator.objects.create(name=name, **fields)
        indicator.themes.set(themes)
        indicator.commitments.set(commitments)
        indicator.actions.set(actions)
        indicator.priorities.set(priorities)
        return indicator

    return make


@pytest.fixture
def add_figures():
    """add_figures(indicator, {"2025-01": 10, ...}, breakdown="")"""

    def add(indicator, figures, breakdown=""):
        values = []
        for period, figure in figures.items():
            year, month = (int(part) for part in period.split("-"))
            values.append(
                IndicatorValue.objects.create(
                    indicator=indicator,
                    period_start=datetime.date(year, month, 1),
                    frequency=indicator.frequency,
                    breakdown=breakdown,
                    figure=Decimal(str(figure)),
                )
            )
        return values

    return add


@pytest.fixture
def add_target():
    def add(indicator, on, figure):
        return IndicatorTarget.objects.create(
            indicator=indicator, target_on=datetime.date.fromisoformat(on), figure=Decimal(figure)
        )

    return add
