"""The coordinates of an indicator's line chart, for templates/indicators/line_chart.html.

The SVG is drawn on the server (no JavaScript, no inline styles) from what is computed here;
the page shows a table of the same figures beside it.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import format_date, format_figure, period_label

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 72, 40, 16, 48
MAX_X_LABELS = 6


@dataclass
class LineChart:
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    lines: list = field(default_factory=list)  # "x,y x,y ..." for each run of periods
    points: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)
    x_ticks: list = field(default_factory=list)
    target: dict | None = None


def _short_label(start, frequency):
    """Axis labels short enough not to overlap: "Mar 2025", "Q2 2025", "2025", "2025–26"."""
    if frequency == "monthly":
        return start.strftime("%b %Y")
    if frequency == "quarterly":
        return f"Q{(start.month + 2) // 3} {start.year}"
    return period_label(start, frequency)


def _months_between(start, end):
    return (end.year - start.year) * 12 + end.month - start.month


def _nice_step(span, ticks=5):
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude:
            return multiple * magnitude
    return 10 * magnitude


def line_chart(indicator, totals, target=None):
    """The chart of `totals` (figures with no breakdown, oldest first) with a dashed line at
    `target`'s figure; None without figures. Periods with no figure break the line."""
    if not totals:
        return None
    unit = indicator.unit
    figures = [float(value.figure) for value in totals]
    if target is not None:
        figures.append(float(target.figure))
    low = min(0.0, min(figures))
    high = max(figures)
    if high == low:
        high = low + 1
    step = _nice_step(high - low)
    low = math.floor(low / step) * step
    high = math.ceil(high / step) * step

    chart = LineChart(title="", description="")
    first = totals[0].period_start
    span = max(_months_between(first, totals[-1].period_start), 1)

    def x_of(day):
        offset = _months_between(first, day) / span if len(totals) > 1 else 0.5
        return round(chart.left + offset * (chart.right - chart.left), 1)

    def y_of(figure):
        share = (float(figure) - low) / (high - low)
        return round(chart.bottom - share * (chart.bottom - chart.top), 1)

    tick = low
    while tick <= high + step / 1000:
        chart.y_ticks.append(
            {"y": y_of(tick), "label": format_figure(Decimal(str(round(tick, 2))), unit)}
        )
        tick += step

    period_months = {"monthly": 1, "quarterly": 3}.get(indicator.frequency, 12)
    run = []
    previous = None
    for value in totals:
        if previous and _months_between(previous.period_start, value.period_start) > period_months:
            chart.lines.append(run)
            run = []
        point = {
            "x": x_of(value.period_start),
            "y": y_of(value.figure),
            "label": f"{value.period_label}: {format_figure(value.figure, unit)}",
        }
        run.append(point)
        chart.points.append(point)
        previous = value
    chart.lines.append(run)
    chart.lines = [" ".join(f"{p['x']},{p['y']}" for p in line) for line in chart.lines]

    every = max(1, math.ceil(len(totals) / MAX_X_LABELS))
    indices = list(range(0, len(totals), every))
    if indices[-1] != len(totals) - 1:
        # Always label the latest period; drop a label that would crowd it.
        if len(indices) > 1 and len(totals) - 1 - indices[-1] < every / 2:
            indices.pop()
        indices.append(len(totals) - 1)
    chart.x_ticks = [
        {
            "x": x_of(totals[i].period_start),
            "label": _short_label(totals[i].period_start, indicator.frequency),
        }
        for i in indices
    ]

    latest = totals[-1]
    chart.title = _("%(name)s, %(first)s to %(last)s") % {
        "name": indicator.name,
        "first": totals[0].period_label,
        "last": latest.period_label,
    }
    description = _(
        "Line chart of %(name)s in %(unit)s: %(count)s figures from %(first)s (%(first_figure)s) "
        "to %(last)s (%(last_figure)s)."
    ) % {
        "name": indicator.name,
        "unit": unit,
        "count": len(totals),
        "first": totals[0].period_label,
        "first_figure": format_figure(totals[0].figure, unit),
        "last": latest.period_label,
        "last_figure": format_figure(latest.figure, unit),
    }
    if target is not None:
        chart.target = {
            "y": y_of(target.figure),
            "label": _("Target: %(figure)s by %(date)s")
            % {"figure": format_figure(target.figure, unit), "date": format_date(target.target_on)},
        }
        description += " " + _("Dashed line: target of %(figure)s by %(date)s.") % {
            "figure": format_figure(target.figure, unit),
            "date": format_date(target.target_on),
        }
    chart.description = description
    return chart
