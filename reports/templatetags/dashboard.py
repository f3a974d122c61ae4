"""Template filters of the dashboards."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def signed(change):
    """A change in a count: "+2", "−1" (a true minus sign) or "0"; empty for None."""
    if change is None:
        return ""
    if change > 0:
        return f"+{change}"
    if change < 0:
        return f"\N{MINUS SIGN}{-change}"
    return "0"


@register.filter
def yes_no(value):
    return _("Yes") if value else _("No")
