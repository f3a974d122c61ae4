"""Open data: the public action list as rows with stable, documented columns.

The columns are a published interface (docs/open-data.md describes each one): add new
columns at the end, never rename, reorder or remove one. Every value here is public: the
published status, the public summaries of published updates, lead partners and roles, and
a contact's name only when the record says it may be published.
"""

import csv
import io

from django.utils.translation import gettext_lazy as _

from portal.spreadsheets import csv_safe

# (column, meaning), in the order of the CSV's columns and the JSON's keys.
COLUMNS = [
    ("plan", _("The plan's short name in web addresses, e.g. business-plan-2018-19.")),
    ("number", _("The action's number in the plan. Numbers may have gaps.")),
    ("url", _("The web address of the action's page.")),
    ("theme_number", _("The number of the action's theme in the plan.")),
    ("theme", _("The title of the action's theme.")),
    ("text", _("What will be done, as the plan words it.")),
    ("easy_read_summary", _("A short summary in plain, simple words, where there is one.")),
    ("lead_partners", _("The organisations that lead the action, in the plan's order.")),
    ("lead_role", _("A job title that leads the action, where the plan names one.")),
    ("contact", _("A named contact, only where that person agreed to be named.")),
    ("priorities", _("The plan's cross-cutting priorities the action serves.")),
    ("starts_on", _("When the action starts (YYYY-MM-DD), where known.")),
    ("due_on", _("When the action is due (YYYY-MM-DD), where known.")),
    ("status", _("The status of the latest published update, as a stable code.")),
    ("status_label", _("The same status in words.")),
    ("last_update_round", _("The reporting round of the latest published update.")),
    (
        "last_update_published_at",
        _("When the latest update was published (ISO 8601), where recorded."),
    ),
    (
        "updated_in_latest_round",
        _("Whether the action was updated in the plan's latest reporting round."),
    ),
    ("latest_public_summary", _("The public summary of the latest published update.")),
    (
        "overdue",
        _(
            "Whether the action is past its due date in the current plan and not reported "
            "complete or carried forward."
        ),
    ),
]

LICENCE_NAME = "Open Government Licence v3.0"
LICENCE_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
COLUMN_NAMES = [name for name, meaning in COLUMNS]

# JSON only: every published update of the action, newest first.
UPDATE_FIELDS = [
    ("round", _("The reporting round.")),
    ("partner", _("The lead partner that wrote it, on actions with several leads.")),
    ("status", _("Its status code.")),
    ("status_label", _("Its status in words.")),
    ("published_at", _("When it was published (ISO 8601), where recorded.")),
    ("public_summary", _("What the partnership published about progress.")),
]

LIST_SEPARATOR = "; "


def action_record(action, *, request, latest_round):
    """One action as a dict of COLUMN_NAMES, plus "updates" when every published update was
    loaded. Reads what ActionQuerySet.for_open_data() loaded; runs no query."""
    updates = getattr(action, "published_updates", None)
    if updates is None:
        latest_summary = action.latest_public_summary
    else:
        latest_summary = updates[0].public_summary if updates else None
    record = {
        "plan": action.plan.slug,
        "number": action.number,
        "url": request.build_absolute_uri(action.get_absolute_url()),
        "theme_number": action.theme.number,
        "theme": action.theme.title,
        "text": action.text,
        "easy_read_summary": action.easy_read_summary,
        "lead_partners": [link.partner.full_name for link in action.lead_links.all()],
        "lead_role": action.lead_role,
        "contact": action.public_contact_name,
        "priorities": [str(priority) for priority in action.priorities.all()],
        "starts_on": action.starts_on.isoformat() if action.starts_on else None,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.public_status,
        "status_label": action.get_public_status_display(),
        "last_update_round": (
            action.last_published_round.name if action.last_published_round else None
        ),
        "last_update_published_at": (
            action.last_published_at.isoformat() if action.last_published_at else None
        ),
        "updated_in_latest_round": action.is_updated_in(latest_round),
        "latest_public_summary": latest_summary,
        "overdue": action.is_public_overdue,
    }
    if updates is None:
        return record
    record["updates"] = [
        {
            "round": update.round.name,
            "partner": update.partner.full_name if update.partner else None,
            "status": update.status,
            "status_label": update.get_status_display(),
            "published_at": update.published_at.isoformat() if update.published_at else None,
            "public_summary": update.public_summary,
        }
        for update in updates
    ]
    return record


def csv_cell(value):
    """A value as a CSV cell: lists joined, None empty, booleans as yes/no, and text that a
    spreadsheet would run as a formula prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(value)
    return csv_safe(value)


def csv_lines(records):
    """The records as lines of CSV text, one at a time: a byte-order mark and a header of
    COLUMN_NAMES, then one line per action. The byte-order mark makes Excel read UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out)

    def line(cells):
        out.seek(0)
        out.truncate()
        writer.writerow(cells)
        return out.getvalue()

    yield "\ufeff" + line(COLUMN_NAMES)
    for record in records:
        yield line([csv_cell(record[name]) for name in COLUMN_NAMES])
