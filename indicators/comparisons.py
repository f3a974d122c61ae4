"""How an indicator is going: its latest figure compared with an earlier one or a target."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from indicators.models import IndicatorTarget, IndicatorValue


class Trend(models.TextChoices):
    BETTER = "better", _("Better")
    WORSE = "worse", _("Worse")
    NO_CHANGE = "no_change", _("No change")
    NO_DATA = "no_data", _("No data")


@dataclass
class Comparison:
    """The latest figure compared with an earlier one or with a target."""

    trend: str
    latest: "IndicatorValue | None" = None
    previous: "IndicatorValue | None" = None
    target: "IndicatorTarget | None" = None
    # Whether the two periods compared are next to each other (False: periods are missing).
    consecutive: bool = True

    @property
    def label(self):
        return Trend(self.trend).label

    @property
    def met(self):
        """For a comparison with a target: whether the latest figure meets it."""
        return self.trend == Trend.BETTER

    @property
    def difference(self):
        """How far the latest figure is from the one it is compared with (never negative)."""
        other = self.previous or self.target
        if self.latest is None or other is None:
            return None
        return abs(self.latest.figure - other.figure)
