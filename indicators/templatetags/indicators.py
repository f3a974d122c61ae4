"""Indicators on any page: `{% load indicators %}`.

Public pages of other apps show public indicators through these tags, so that those apps need
not import reports (imports go reports → actions → themes; templates may load any app's tags).

- `{% public_indicators_for_theme theme %}` renders the theme's public indicators with
  indicators/indicator_summary.html: three queries (indicators, their totals, their targets).
- `{% public_indicators_by_commitment plan as by_commitment %}` then, inside the loop over
  commitments, `{% indicator_summary by_commitment|for_commitment:commitment %}`: four queries
  for the whole page (indicators, totals, targets, links), none per commitment.
"""

from django import template

from indicators.models import Indicator
from indicators.periods import format_figure, format_quantity

register = template.Library()


@register.inclusion_tag("indicators/indicator_summary.html")
def public_indicators_for_theme(theme):
    """The public indicators linked to `theme` (three queries)."""
    return {"indicators": list(Indicator.objects.public().filter(themes=theme).for_summary())}


@register.simple_tag
def public_indicators_of_theme(theme):
    """The public indicators linked to `theme`, for `{% ... as indicators %}` (three queries)."""
    return list(Indicator.objects.public().filter(themes=theme).for_summary())


@register.simple_tag
def public_indicators_by_commitment(plan):
    """{commitment id: [public indicators that evidence it]} for `plan` (four queries)."""
    links = list(
        Indicator.commitments.through.objects.filter(
            commitment__statement__plan=plan, indicator__is_public=True
        ).values_list("commitment_id", "indicator_id")
    )
    indicators = {
        indicator.pk: indicator
        for indicator in Indicator.objects.filter(pk__in={i for _c, i in links}).for_summary()
    }
    by_commitment = {}
    for commitment_id, indicator_id in links:
        by_commitment.setdefault(commitment_id, []).append(indicators[indicator_id])
    for listed in by_commitment.values():
        listed.sort(key=lambda indicator: indicator.name)
    return by_commitment


@register.filter
def for_commitment(by_commitment, commitment):
    """The indicators `public_indicators_by_commitment` found for `commitment`."""
    return by_commitment.get(commitment.pk, [])


@register.inclusion_tag("indicators/indicator_summary.html")
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
