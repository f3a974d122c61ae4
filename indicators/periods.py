"""Periods of figures, how the portal writes figures and dates, and how it reads the periods
and figures people type.

An indicator is measured monthly, quarterly or yearly; each of its figures is for one period,
named by its first day.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    """How often an indicator is measured; each value's period is one of these long."""

    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly (January to December)")
    FINANCIAL_YEAR = "financial_year", _("Financial year (April to March)")


# Months in which a period of each frequency may start.
_START_MONTHS = {
    Frequency.MONTHLY: range(1, 13),
    Frequency.QUARTERLY: (1, 4, 7, 10),
    Frequency.YEARLY: (1,),
    Frequency.FINANCIAL_YEAR: (4,),
}


def period_start_for(day, frequency):
    """The first day of the period of `frequency` that contains `day`."""
    months = [m for m in _START_MONTHS[frequency] if m <= day.month]
    if months:
        return datetime.date(day.year, months[-1], 1)
    # January to March belong to the financial year that started the April before.
    return datetime.date(day.year - 1, _START_MONTHS[frequency][-1], 1)


def is_period_start(day, frequency):
    return day.day == 1 and day.month in _START_MONTHS[frequency]


def period_label(start, frequency):
    """How people name a period: "March 2025", "Jan–Mar 2025", "2025", "2025–26"."""
    if frequency == Frequency.MONTHLY:
        return start.strftime("%B %Y")
    if frequency == Frequency.QUARTERLY:
        end = datetime.date(start.year, start.month + 2, 1)
        return f"{start.strftime('%b')}–{end.strftime('%b')} {start.year}"
    if frequency == Frequency.FINANCIAL_YEAR:
        return f"{start.year}–{(start.year + 1) % 100:02d}"
    return str(start.year)


def format_figure(figure, unit=""):
    """A figure with thousands separators and no needless decimals: "1,200", "12.5", "40%"."""
    if figure is None:
        return ""
    text = f"{figure:,.2f}".rstrip("0").rstrip(".")
    return f"{text}%" if unit == "%" else text


def format_quantity(figure, unit):
    """A figure with its unit: "1,200 incidents", "40%"."""
    if figure is None:
        return ""
    text = format_figure(figure, unit)
    return text if unit == "%" or not unit else f"{text} {unit}"


def format_date(day):
    return f"{day.day} {day:%B %Y}"


# DecimalField(max_digits=14, decimal_places=2)
MAX_FIGURE = Decimal("999999999999.99")

_PERIOD_STARTS_IN = {
    Frequency.MONTHLY: _("any month"),
    Frequency.QUARTERLY: _("January, April, July or October"),
    Frequency.YEARLY: _("January"),
    Frequency.FINANCIAL_YEAR: _("April"),
}


def _period_hint(frequency):
    return {
        Frequency.MONTHLY: gettext("Write the month as 2025-03 (March 2025)."),
        Frequency.QUARTERLY: gettext(
            "Write the quarter as 2025-Q1 or as its first month, 2025-01."
        ),
        Frequency.YEARLY: gettext("Write the year as 2025."),
        Frequency.FINANCIAL_YEAR: gettext(
            "Write the financial year as 2025-26 (April 2025 to March 2026)."
        ),
    }[frequency]


def parse_period(text, frequency):
    """The first day of the period `text` names, for an indicator measured at `frequency`.

    Accepts 2025-03, 2025-03-01 and March 2025 for any frequency, plus 2025-Q1 (quarterly),
    2025 (yearly) and 2025-26 (financial year). Raises ValidationError saying what to write.
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError(gettext("Enter the period.") + " " + _period_hint(frequency))
    start = None
    financial = re.fullmatch(r"(\d{4})\s*[-/–]\s*(\d{2})", text)
    if (
        financial
        and frequency == Frequency.FINANCIAL_YEAR
        and int(financial[2]) == (int(financial[1]) + 1) % 100
    ):
        # "2011-12" is the financial year 2011–12 here, not December 2011.
        start = datetime.date(int(financial[1]), 4, 1)
    elif match := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text):
        year, month, day = (int(part) if part else 1 for part in match.groups())
        try:
            start = datetime.date(year, month, day)
        except ValueError:
            start = None
    elif match := re.fullmatch(r"(\d{4})\s*-?\s*Q([1-4])", text, re.IGNORECASE):
        if frequency == Frequency.QUARTERLY:
            start = datetime.date(int(match[1]), 3 * int(match[2]) - 2, 1)
    elif re.fullmatch(r"\d{4}", text):
        if frequency == Frequency.YEARLY:
            start = datetime.date(int(text), 1, 1)
        elif frequency == Frequency.FINANCIAL_YEAR:
            start = datetime.date(int(text), 4, 1)
    else:
        for pattern in ("%B %Y", "%b %Y"):
            try:
                start = datetime.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
    if start is None:
        raise ValidationError(
            gettext("“%(text)s” is not a period.") % {"text": text} + " " + _period_hint(frequency)
        )
    if not is_period_start(start, frequency):
        raise ValidationError(
            gettext(
                "“%(text)s” is not the start of a period: this indicator’s periods start "
                "on the first day of %(months)s."
            )
            % {"text": text, "months": _PERIOD_STARTS_IN[frequency]}
            + " "
            + _period_hint(frequency)
        )
    return start


def parse_figure(text):
    """A figure as people type it: 1234, 1,234, 12.5 or 40%. Raises ValidationError."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError(gettext("Enter the figure."))
    cleaned = raw.replace(",", "").replace(" ", "").removesuffix("%")
    try:
        figure = Decimal(cleaned)
    except InvalidOperation:
        figure = None
    if figure is None or not figure.is_finite():
        raise ValidationError(gettext("“%(text)s” is not a number.") % {"text": raw})
    if figure.as_tuple().exponent < -2 and figure != figure.quantize(Decimal("0.01")):
        raise ValidationError(
            gettext("“%(text)s” has more than two decimal places.") % {"text": raw}
        )
    if abs(figure) > MAX_FIGURE:
        raise ValidationError(gettext("“%(text)s” is too large.") % {"text": raw})
    return figure.quantize(Decimal("0.01"))


def future_period_message(period_start, frequency, today=None):
    """Why a figure cannot be for the period starting on `period_start`, or None: figures are
    for periods that have begun (a figure for next June would decide the headline)."""
    today = today or timezone.localdate()
    if period_start and period_start > today:
        return gettext(
            "%(period)s has not begun yet: a figure can only be for a period that has started."
        ) % {"period": period_label(period_start, frequency)}
    return None


def negative_count_message(indicator, figure):
    """Why `figure` cannot be a figure of `indicator`, or None: a count is never below zero."""
    if figure is not None and figure < 0 and indicator.is_count:
        return gettext(
            "%(figure)s is below zero: this indicator counts %(unit)s, and a count cannot be "
            "negative."
        ) % {"figure": format_figure(figure), "unit": indicator.unit}
    return None
