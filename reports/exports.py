"""CSV and Excel exports of actions with their latest update; docs/exports.md lists the columns.

Rows are read in chunks and written as they come, so a large export never holds every
action in memory. In the CSV, every text cell that a spreadsheet could take for a formula
(it begins with =, +, -, @, a tab or a carriage return) is prefixed with a single quote, as
CSV has no types. The .xlsx file types each text cell as text instead, so it shows what was
written with no quote and never runs it; it opens with its header row frozen, a filter on
every column, widths to read by and dates as dates.
"""

import csv
import datetime
import tempfile
from itertools import batched

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from portal.spreadsheets import csv_safe, looks_like_formula

CHUNK_SIZE = 500
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (name, width in characters in the .xlsx file)
COLUMN_WIDTHS = [
    (gettext_lazy("Plan"), 30),
    (gettext_lazy("Round"), 14),
    (gettext_lazy("Figures"), 20),
    (gettext_lazy("Action number"), 9),
    (gettext_lazy("Action"), 60),
    (gettext_lazy("Theme number"), 9),
    (gettext_lazy("Theme"), 30),
    (gettext_lazy("Lead partners"), 30),
    (gettext_lazy("Lead role"), 20),
    (gettext_lazy("Status"), 14),
    (gettext_lazy("Due on"), 12),
    (gettext_lazy("Overdue"), 10),
    (gettext_lazy("No update for the round"), 12),
    (gettext_lazy("Status changed since the compared round"), 14),
    (gettext_lazy("Update round"), 14),
    (gettext_lazy("Update status"), 14),
    (gettext_lazy("Update state"), 12),
    (gettext_lazy("Reporting partner"), 30),
    (gettext_lazy("Progress (internal)"), 70),
    (gettext_lazy("Public summary"), 60),
    (gettext_lazy("Update last changed"), 18),
    (gettext_lazy("Corrected since the round was frozen"), 14),
]
COLUMNS = [name for name, width in COLUMN_WIDTHS]


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
    return csv_safe(str(value))


def csv_lines(values_rows):
    """CSV text, line by line: a byte-order mark (so Excel reads UTF-8), the header, the rows."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(column) for column in COLUMNS])
    for values in values_rows:
        yield writer.writerow([_csv_text(value) for value in values])


def _xlsx_cell(sheet, value):
    """A cell of the right type: text is always text, even when it looks like a formula
    (and Excel keeps it text if someone edits it: quotePrefix); dates are dates."""
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
        return cell
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, datetime.datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, datetime.date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def xlsx_chunks(values_rows, *, title, chunk_size=64 * 1024):
    """An .xlsx workbook of the rows, written row by row to a temporary file, then read back
    in chunks. The header row is frozen and filters every column."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    # Column widths and the frozen row come before the rows in the file.
    for index, (_name, width) in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = bold
        cell.alignment = wrap
        header.append(cell)
    sheet.append(header)
    rows = 1
    for values in values_rows:
        sheet.append([_xlsx_cell(sheet, value) for value in values])
        rows += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{rows}"
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        file.seek(0)
        while chunk := file.read(chunk_size):
            yield chunk
