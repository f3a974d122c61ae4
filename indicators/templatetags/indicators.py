"""Indicators on any page: `{% load indicators %}`. The tags run no queries: views read the
indicators (`Indicator.objects.public_for_theme(theme)`, `.public_by_commitment(plan)`).

- `{% indicator_summary indicators %}` renders indicators read with `for_summary()` with
  indicators/summary.html.
- Inside a loop over commitments, `{% indicator_summary by_commitment|for_commitment:commitment %}`
  renders each commitment's indicators from `public_by_commitment(plan)`.
"""

from django import template

from indicators.periods import format_figure, format_quantity

register = template.Library()


@register.filter
def for_commitment(by_commitment, commitment):
    """The indicators `public_indicators_by_commitment` found for `commitment`."""
    return by_commitment.get(commitment.pk, [])


@register.inclusion_tag("indicators/summary.html")
def indicator_summary(indicators):
    """Render a list of indicators fetched with `for_summary()`; no queries."""
    return {"indicators": indicators}


@register.filter
def figure(value, unit=""):
    """A figure as people read it: "1,200", "12.5", "40%"."""
    return format_figure(value, unit)


@register.filter
def quantity(value, unit=""):
    """A figure with its unit: "1,200 incidents", "40%"."""
    return format_quantity(value, unit)
