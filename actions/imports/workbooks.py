"""Reading Excel workbooks safely: their claimed dimensions checked before anything is read,
rows read as the worksheet has them, cells merged down repeated on each row."""

import io
import re

from django.utils.translation import gettext as _

from actions.imports.columns import MAX_COLUMNS, ImportFileError, is_empty

# A worksheet claiming more than this reaches far past any plan (a plan has at most
# MAX_ROWS rows); reading it would take minutes.
MAX_SHEET_ROWS = 100_000
MAX_SHEET_COLUMNS = 16_384 // 16

_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_MERGED = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')


def column_index(letters):
    """0-based index of a column's letters (A → 0, AA → 26)."""
    index = 0
    for letter in letters.decode("ascii") if isinstance(letters, bytes) else letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def check_dimensions(archive):
    """Refuse a workbook whose worksheets claim to reach absurdly far (reading only the start
    of each worksheet, where its dimension is written)."""
    for name in archive.namelist():
        if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
            continue
        with archive.open(name) as member:
            head = member.read(4096)
        match = _DIMENSION.search(head)
        if not match or not match[3]:
            continue
        rows, columns = int(match[4]), column_index(match[3]) + 1
        if rows > MAX_SHEET_ROWS or columns > MAX_SHEET_COLUMNS:
            raise ImportFileError(
                [
                    _(
                        "A worksheet of this workbook claims to reach cell %(cell)s "
                        "(%(rows)s rows, %(columns)s columns), far more than a plan needs. "
                        "Copy the plan's table into a new workbook, save it and upload that."
                    )
                    % {
                        "cell": f"{match[3].decode()}{int(match[4])}",
                        "rows": f"{rows:,}",
                        "columns": f"{columns:,}",
                    }
                ]
            )


def merged_ranges(workbook, sheet):
    """Merged ranges of a read-only worksheet that span rows, as (min_row, max_row, column)
    (1-based rows, 0-based column of the top-left cell), read from its XML in blocks."""
    ranges = []
    tail = b""
    with workbook._archive.open(sheet._worksheet_path) as source:
        while block := source.read(1024 * 1024):
            text = tail + block
            last = 0
            for match in _MERGED.finditer(text):
                first_row, last_row = int(match[2]), int(match[4])
                if last_row > first_row:
                    ranges.append((first_row, last_row, column_index(match[1])))
                last = match.end()
            tail = text[max(last, len(text) - 200) :]
    return ranges


def sheet_records(workbook, sheet):
    """(row number, values) of a worksheet; the top-left value of a range merged across rows
    is repeated on each of its rows, as the officer sees it."""
    fills = {}
    for first_row, last_row, column in merged_ranges(workbook, sheet):
        for number in range(first_row + 1, min(last_row, MAX_SHEET_ROWS) + 1):
            fills.setdefault(number, []).append((column, first_row))
    tops = {(first, column) for fill in fills.values() for column, first in fill}
    top_values = {}
    # The dimension the file claims is not trusted: read the rows it really has.
    sheet.reset_dimensions()
    for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), 1):
        if number > MAX_SHEET_ROWS:
            raise ImportFileError(
                [
                    _("The worksheet reaches past row %(max)s: split it into smaller files.")
                    % {"max": f"{MAX_SHEET_ROWS:,}"}
                ]
            )
        values = list(values)
        for column, first in fills.get(number, ()):
            if column < MAX_COLUMNS:
                values.extend([None] * (column + 1 - len(values)))
                if is_empty(values[column]):
                    values[column] = top_values.get((first, column))
        for column, value in enumerate(values):
            if (number, column) in tops:
                top_values[(number, column)] = value
        yield number, values


def open_workbook(data):
    # Imported late: only .xlsx files need it.
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged workbook
        raise ImportFileError(
            [_("This Excel workbook cannot be opened: it may be damaged. Save it again.")]
        ) from None
