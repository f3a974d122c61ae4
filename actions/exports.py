"""Write a plan's actions and progress in the import format (docs/import-format.md), as CSV or
as an Excel workbook, so that importing the file into an empty plan recreates them."""

import csv
import datetime
import io

from django.db.models import Prefetch

from actions.imports import COLUMNS
from actions.models import Action, ActionLead, ProgressUpdate
from portal.spreadsheets import csv_safe, looks_like_formula

DATE_FORMAT = "%d/%m/%Y"


def plan_export_rows(plan):
    """The heading row, then one row per action per published round of its own progress (one
    row when it has none), in number order (4 queries whatever the size of the plan)."""
    updates = (
        ProgressUpdate.objects.published()
        .filter(partner=None)
        .select_related("round")
        .order_by("round__starts_on", "round_id")
    )
    actions = (
        Action.objects.filter(plan=plan)
        .select_related("theme")
        .prefetch_related(
            Prefetch("lead_links", ActionLead.objects.select_related("partner__parent")),
            Prefetch("updates", updates, to_attr="own_updates"),
        )
        .order_by("number")
    )
    rows = [[column.heading for column in COLUMNS]]
    for action in actions:
        cells = {
            "theme": str(action.theme),
            "number": action.number,
            "text": action.text,
            "leads": "; ".join(link.partner.full_name for link in action.lead_links.all()),
            "lead_role": action.lead_role,
            "starts_on": action.starts_on,
            "due_on": action.due_on,
            "status": action.get_status_display(),
        }
        for update in action.own_updates or [None]:
            if update is not None:
                cells |= {
                    "round": update.round.name,
                    "update_status": update.get_status_display(),
                    "narrative": update.narrative,
                    # Empty when it is the narrative, as imports read an empty summary.
                    "public_summary": (
                        "" if update.public_summary == update.narrative else update.public_summary
                    ),
                }
            rows.append([cells.get(column.key, "") for column in COLUMNS])
    return rows


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    # An apostrophe keeps Excel from running the cell as a formula; imports take it off.
    return csv_safe(str(value))


def rows_to_csv(rows):
    """UTF-8 with a byte-order mark, so that Excel reads its accents and dashes correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_to_xlsx(rows, title="Actions"):
    """An Excel workbook of one sheet: headings in bold, dates as dates, text as text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=row_number, column=column_number, value=value)
            if looks_like_formula(value):
                cell.data_type = "s"  # text that looks like a formula stays text
            elif isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            if row_number == 1:
                cell.font = Font(bold=True)
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"Action": 60, "Progress narrative": 60, "Public summary": 40, "Theme": 30}
    for column_number, heading in enumerate(rows[0], start=1):
        letter = sheet.cell(row=1, column=column_number).column_letter
        sheet.column_dimensions[letter].width = widths.get(heading, 18)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
