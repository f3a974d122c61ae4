"""Geometry of the dashboards' SVG charts; templates/reports/chart_*.html draw them.

Charts are plain SVG written by templates: no script, and colours come from CSS classes
(`csp-chart__bar--<status>`), so the Content-Security-Policy holds and they print. Every chart
has a label for screen readers and sits beside a table of the same figures.
"""

from django.utils.translation import gettext as _

from actions.models import Status

# WeasyPrint draws inline SVG without the page's stylesheet, so the PDF also gives each
# shape its colour as an SVG attribute. These match the csp-chart__bar--* classes of
# frontend/src/portal.scss (a test compares them with the compiled CSS).
PRINT_FILLS = {
    "not_recorded": "#858686",
    "not_started": "#1d70b8",
    "on_track": "#0f7a52",
    "at_risk": "#fd0",
    "off_track": "#ca3535",
    "complete": "#106165",
    "carried_forward": "#54319f",
}
PRINT_TEXT = "#0b0c0c"

ROW_HEIGHT = 24
ROW_GAP = 10
LEGEND_ROW = 26
LEGEND_ITEM_WIDTH = 170


def bar_class(status):
    return f"csp-chart__bar--{status.replace('_', '-')}"


def _paint(status):
    """The CSS class of a status's shapes, and the colours the PDF writes as attributes."""
    return {
        "css": bar_class(status),
        "fill": PRINT_FILLS[status],
        # Yellow is too pale against white on its own, so it is outlined (as in the CSS).
        "stroke": PRINT_TEXT if status == "at_risk" else "",
    }


def _counts_text(tally, statuses):
    parts = [
        f"{status.label} {tally.by_status[status.value]}"
        for status in statuses
        if tally.by_status[status.value]
    ]
    return ", ".join(parts) if parts else _("no actions")


def status_bars(tally, *, title, width=560, label_width=160):
    """One bar per status, longest for the most actions."""
    value_width = 48
    bar_area = width - label_width - value_width
    most = max(tally.by_status.values(), default=0) or 1
    bars = []
    for index, status in enumerate(Status):
        count = tally.by_status[status.value]
        y = index * (ROW_HEIGHT + ROW_GAP)
        bar_width = round(bar_area * count / most)
        bars.append(
            {
                "label": status.label,
                "count": count,
                **_paint(status.value),
                "y": y,
                "width": bar_width,
                "text_y": y + ROW_HEIGHT - 7,
                "value_x": label_width + bar_width + 6,
            }
        )
    return {
        "width": width,
        "height": len(bars) * (ROW_HEIGHT + ROW_GAP),
        "label_x": label_width - 8,
        "bar_x": label_width,
        "bar_height": ROW_HEIGHT,
        "bars": bars,
        "title": f"{title}: {_counts_text(tally, Status)}.",
    }


def stacked_bars(rows, *, title, width=640, label_width=150, legend=True):
    """One bar per row, split by status; `rows` is [(label, Tally)]. Bars share one scale."""
    value_width = 48
    bar_area = width - label_width - value_width
    most = max((tally.total for label, tally in rows), default=0) or 1
    statuses = [s for s in Status if any(tally.by_status[s.value] for label, tally in rows)]
    drawn = []
    for index, (label, tally) in enumerate(rows):
        y = index * (ROW_HEIGHT + ROW_GAP)
        x = label_width
        segments = []
        for status in statuses:
            count = tally.by_status[status.value]
            if not count:
                continue
            segment_width = bar_area * count / most
            segments.append(
                {"x": round(x, 1), "width": round(segment_width, 1), **_paint(status.value)}
            )
            x += segment_width
        drawn.append(
            {
                "label": label,
                "total": tally.total,
                "y": y,
                "text_y": y + ROW_HEIGHT - 7,
                "value_x": round(x + 6, 1),
                "segments": segments,
            }
        )
    bars_height = len(rows) * (ROW_HEIGHT + ROW_GAP)
    per_line = max(1, width // LEGEND_ITEM_WIDTH)
    keys = []
    if legend:
        for index, status in enumerate(statuses):
            keys.append(
                {
                    "label": status.label,
                    **_paint(status.value),
                    "x": (index % per_line) * LEGEND_ITEM_WIDTH,
                    "y": bars_height + 8 + (index // per_line) * LEGEND_ROW,
                }
            )
    legend_height = ((len(keys) + per_line - 1) // per_line) * LEGEND_ROW + 8 if keys else 0
    described = "; ".join(f"{label}: {_counts_text(tally, statuses)}" for label, tally in rows)
    return {
        "width": width,
        "height": bars_height + legend_height,
        "label_x": label_width - 8,
        "bar_height": ROW_HEIGHT,
        "rows": drawn,
        "keys": keys,
        "title": f"{title}. {described}." if rows else f"{title}: {_('no actions')}.",
    }


def mini_bar(tally, *, title, width=220, height=18):
    """A single bar split by status, for a small multiple on the board page."""
    total = tally.total or 1
    segments, x = [], 0.0
    for status in Status:
        count = tally.by_status[status.value]
        if count:
            segment_width = width * count / total
            segments.append(
                {"x": round(x, 1), "width": round(segment_width, 1), **_paint(status.value)}
            )
            x += segment_width
    return {
        "width": width,
        "height": height,
        "segments": segments,
        "title": f"{title}: {_counts_text(tally, Status)}.",
    }
