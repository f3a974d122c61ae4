"""Periods of figures and how the portal writes figures and dates.

An indicator is measured monthly, quarterly or yearly; each of its figures is for one period,
named by its first day.
"""

import datetime

from django.db import models
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
