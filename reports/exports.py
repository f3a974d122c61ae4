"""CSV and Excel exports of actions with their latest update; docs/exports.md lists the columns.

Rows are read in chunks and written as they come, so a large export never holds every
action in memory. Every text cell that a spreadsheet could take for a formula (it begins
with =, +, -, @, a tab or a carriage return) is prefixed with a single quote.
"""

import csv
import tempfile
from itertools import batched

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

CHUNK_SIZE = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

COLUMNS = [
    gettext_lazy("Plan"),
    gettext_lazy("Round"),
    gettext_lazy("Figures"),
    gettext_lazy("Action number"),
    gettext_lazy("Action"),
    gettext_lazy("Theme number"),
    gettext_lazy("Theme"),
    gettext_lazy("Lead partners"),
    gettext_lazy("Lead role"),
    gettext_lazy("Status"),
    gettext_lazy("Due on"),
    gettext_lazy("Overdue"),
    gettext_lazy("No update for the round"),
    gettext_lazy("Status changed since the compared round"),
    gettext_lazy("Update round"),
    gettext_lazy("Update status"),
    gettext_lazy("Update state"),
    gettext_lazy("Reporting partner"),
    gettext_lazy("Progress (internal)"),
    gettext_lazy("Public summary"),
    gettext_lazy("Update last changed"),
    gettext_lazy("Corrected since the round was frozen"),
]


def neutralise(value):
    """Text a spreadsheet would run as a formula, made inert with a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _yes_no(flag):
    return _("Yes") if flag else _("No")


def _joined(updates, attribute):
    return "\n\n".join(str(getattr(update, attribute)) for update in updates)


def _local(moment):
    """A naive local date-time: spreadsheets have no time zones."""
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0) if moment else None


def row_values(row, *, plan, round_name, figures, has_compare):
    """The export's cells for one ActionRow, in COLUMNS order (values, not yet neutralised)."""
    updates = row.updates
    return [
        plan.title,
        round_name,
        figures,
        row.number,
        row.text,
        row.theme_number,
        row.theme_title,
        row.lead_names,
        row.lead_role,
        row.status_label,
        row.due_on,
        _yes_no(row.is_overdue),
        _yes_no(row.is_missing),
        _yes_no(row.is_changed) if has_compare else "",
        # A live row shows its latest update; a frozen one, every update of its round.
        updates[0].round_name if updates else "",
        _joined(updates, "status_label"),
        _joined(updates, "state_label"),
        _joined(updates, "partner_name"),
        _joined(updates, "narrative"),
        _joined(updates, "public_summary"),
        _local(max((u.updated_at for u in updates), default=None)),
        _yes_no(any(u.corrected for u in updates)) if updates else "",
    ]


def action_rows(source, rows):
    """ActionRows of the queryset `rows`, read in chunks (a few queries per chunk)."""
    prepared = source.for_display(rows)
    for chunk in batched(prepared.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        yield from source.display_rows(chunk)


class _Echo:
    """A file-like object whose write() returns what it was given, for csv.writer."""

    def write(self, value):
        return value


def _csv_text(value):
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ") if hasattr(value, "hour") else value.isoformat()
    return neutralise(str(value))


def csv_lines(values_rows):
    """CSV text, line by line: a byte-order mark (so Excel reads UTF-8), the header, the rows."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(column) for column in COLUMNS])
    for values in values_rows:
        yield writer.writerow([_csv_text(value) for value in values])


def _xlsx_value(value):
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def xlsx_chunks(values_rows, *, title, chunk_size=64 * 1024):
    """An .xlsx workbook of the rows, written row by row to a temporary file, then read back
    in chunks."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in values_rows:
        sheet.append([_xlsx_value(value) for value in values])
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(chunk_size):
            yield chunk
