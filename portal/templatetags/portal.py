"""Template filters shared by every page."""

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from portal.text import bullet_item

register = template.Library()


def _paragraph(lines):
    text = format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))
    return format_html('<p class="govuk-body">{}</p>', text)


def _bullets(lines):
    items = format_html_join("", "<li>{}</li>", ((bullet_item(line),) for line in lines))
    return format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', items)


@register.filter
def narrative(text):
    """Render stored narrative text: blank lines part paragraphs, "- " (or a bullet
    mark pasted from Word: "•", "*", "–") starts a bullet.

    Everything is escaped; the only markup is what this filter writes itself.
    """
    blocks = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        run, run_is_bullets = [], None
        for line in lines:
            is_bullet = bullet_item(line) is not None
            if run and is_bullet != run_is_bullets:
                blocks.append(_bullets(run) if run_is_bullets else _paragraph(run))
                run = []
            run.append(line)
            run_is_bullets = is_bullet
        if run:
            blocks.append(_bullets(run) if run_is_bullets else _paragraph(run))
    return format_html_join("", "{}", ((block,) for block in blocks))


@register.filter
def status_class(status):
    """The CSS modifier for a status value ("on_track" → "csp-status--on-track")."""
    return f"csp-status--{str(status).replace('_', '-')}"


@register.filter
def updated_in(action, round):
    """`action.is_updated_in(round)`, for templates, which cannot pass it the round."""
    return action.is_updated_in(round)


@register.tag
def summary_row(parser, token):
    """`{% summary_row key %}value{% endsummary_row %}`: one row of a GOV.UK summary list,
    rendered with includes/summary_row.html. The value is template code, rendered (and
    escaped) as anywhere else; `key` is a variable or `_("text")`."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("summary_row takes one argument: the row's key.")
    nodelist = parser.parse(("endsummary_row",))
    parser.delete_first_token()
    return SummaryRowNode(parser.compile_filter(bits[1]), nodelist)


class SummaryRowNode(template.Node):
    def __init__(self, key, nodelist):
        self.key = key
        self.nodelist = nodelist

    def render(self, context):
        # The value is this template's own output, escaped as it was rendered.
        value = mark_safe(self.nodelist.render(context))
        row = context.template.engine.get_template("includes/summary_row.html")
        with context.push(key=self.key.resolve(context), value=value):
            return row.render(context)


@register.filter
def sections(text):
    """Render an information page's text: a line starting "## " is a heading (h2); the text
    between headings is rendered as `narrative`. Everything is escaped."""
    parts, body = [], []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if line.startswith("## ") and line[3:].strip():
            parts.append(narrative("\n".join(body)))
            parts.append(format_html('<h2 class="govuk-heading-m">{}</h2>', line[3:].strip()))
            body = []
        else:
            body.append(line)
    parts.append(narrative("\n".join(body)))
    return format_html_join("", "{}", ((part,) for part in parts))


@register.filter
def isoseconds(value):
    """A datetime as ISO 8601 in local time to the second ("2026-12-01T08:30:00+00:00"), for
    `<time datetime>`: HTML does not accept more than three decimals and microseconds add
    nothing."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
