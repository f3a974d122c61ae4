"""Figures from a file of an indicator's values: a CSV file or an Excel workbook with the
columns period, value and breakdown.

The whole file is read first and nothing is written unless every row is good; writing runs in
one transaction. Re-importing the same file changes nothing. Police street-level crime files
are imported by `indicators.police`.
"""

import csv
import datetime
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import IndicatorValue, format_figure, period_label
from indicators.periods import (
    future_period_message,
    negative_count_message,
    parse_figure,
    parse_period,
)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_ROWS = 10_000
BREAKDOWN_MAX_LENGTH = IndicatorValue._meta.get_field("breakdown").max_length

VALUE_COLUMNS = ["period", "value", "breakdown"]
REQUIRED_VALUE_COLUMNS = ["period", "value"]


@dataclass
class RowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self):
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class UploadRow:
    row: int
    typed: dict  # what the file says, shown back as written
    period_start: datetime.date | None = None
    breakdown: str = ""
    figure: Decimal | None = None
    existing: IndicatorValue | None = None
    period: str = ""

    @property
    def outcome(self):
        if self.existing is None:
            return "new"
        return "unchanged" if self.existing.figure == self.figure else "changed"

    @property
    def outcome_label(self):
        return {
            "new": _("New"),
            "changed": _("Changes %(old)s to %(new)s")
            % {
                "old": format_figure(self.existing.figure) if self.existing else "",
                "new": format_figure(self.figure),
            },
            "unchanged": _("Unchanged"),
        }[self.outcome]


@dataclass
class UploadCheck:
    """What a CSV of values would do: its rows, or the problems that stop it."""

    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors

    @property
    def outcomes(self):
        return Counter(row.outcome for row in self.rows)


def _decode(content):
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        # "Unicode text" from Excel: UTF-16 with its byte-order mark.
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            return None
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            # Excel on Windows saves "CSV" in this code page.
            return content.decode("cp1252")
        except UnicodeDecodeError:
            return None


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _WorkbookRows:
    """The first worksheet's rows as cell texts, like a csv.reader (with its line_num)."""

    def __init__(self, content):
        # Imported here: the plan importer's checked reading of workbooks (sizes and the
        # dimension each sheet claims are checked before anything is unzipped).
        from actions.imports.formats import detect_format
        from actions.imports.workbooks import open_workbook

        detect_format(content)
        self.workbook = open_workbook(content)
        self.line_num = 0
        self._rows = self._read()

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._rows)

    def _read(self):
        try:
            sheet = self.workbook.worksheets[0]
            sheet.reset_dimensions()
            for values in sheet.iter_rows(values_only=True, max_col=len(VALUE_COLUMNS) + 10):
                self.line_num += 1
                if self.line_num > MAX_UPLOAD_ROWS + 100:
                    break
                yield [_cell_text(value) for value in values]
        finally:
            self.workbook.close()


def _value_reader(content):
    """Rows of cell texts of a CSV or .xlsx file, or raises ValueError saying why not."""
    if content.startswith(b"PK\x03\x04"):
        from actions.imports import ImportFileError

        try:
            return _WorkbookRows(content)
        except ImportFileError as error:
            raise ValueError(str(error)) from None
    text = _decode(content)
    if text is None:
        raise ValueError(_("The file is not a text CSV file."))
    return csv.reader(io.StringIO(text, newline=""))


def values_csv_check(*, indicator, content):
    """Read a CSV or .xlsx file of `indicator`'s values (columns period, value and optional
    breakdown) and say, row by row, what it would change or what is wrong (one query for
    existing values)."""
    check = UploadCheck()
    try:
        reader = _value_reader(content)
    except ValueError as error:
        check.errors.append(RowError(1, "", str(error)))
        return check
    try:
        header = next(reader, None)
        header = [name.strip().lower() for name in header] if header else None
        while header and not header[-1]:
            header.pop()  # a workbook's empty cells after the last heading
        if not header or not any(header):
            check.errors.append(
                RowError(1, "", _("The file is empty. Its first row must name the columns."))
            )
            return check
        missing = [name for name in REQUIRED_VALUE_COLUMNS if name not in header]
        unknown = [name for name in header if name and name not in VALUE_COLUMNS]
        duplicated = [name for name, n in Counter(header).items() if name and n > 1]
        if missing or unknown or duplicated:
            problems = []
            if missing:
                problems.append(_("it has no column %(names)s") % {"names": ", ".join(missing)})
            if unknown:
                problems.append(
                    _("the portal does not read the column %(names)s")
                    % {"names": ", ".join(f"“{name}”" for name in unknown)}
                )
            if duplicated:
                problems.append(
                    _("the column %(names)s appears twice") % {"names": ", ".join(duplicated)}
                )
            check.errors.append(
                RowError(
                    1,
                    "",
                    _(
                        "The first row must name the columns period, value and, if figures "
                        "are broken down, breakdown; %(problems)s."
                    )
                    % {"problems": "; ".join(problems)},
                )
            )
            return check
        raw_rows = [
            (number, row)
            for number, row in enumerate(reader, start=2)
            if any(cell.strip() for cell in row)
        ]
    except csv.Error as error:
        check.errors.append(
            RowError(
                reader.line_num,
                "",
                _("The file is not a valid CSV file (%(error)s).") % {"error": error},
            )
        )
        return check
    if not raw_rows:
        check.errors.append(RowError(2, "", _("The file has column names but no figures.")))
        return check
    if len(raw_rows) > MAX_UPLOAD_ROWS:
        check.errors.append(
            RowError(
                raw_rows[MAX_UPLOAD_ROWS][0],
                "",
                _("The file has more than %(max)s rows: split it into smaller files.")
                % {"max": MAX_UPLOAD_ROWS},
            )
        )
        return check

    existing = {(value.period_start, value.breakdown): value for value in indicator.values.all()}
    seen = {}
    for number, cells in raw_rows:
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            check.errors.append(
                RowError(
                    number,
                    "",
                    _("it has %(cells)s cells but the first row names %(columns)s columns.")
                    % {"cells": len(cells), "columns": len(header)},
                )
            )
        typed = {
            name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)
        }
        typed.setdefault("breakdown", "")
        row = UploadRow(row=number, typed=typed, breakdown=typed["breakdown"])
        try:
            row.period_start = parse_period(typed["period"], indicator.frequency)
            row.period = period_label(row.period_start, indicator.frequency)
        except ValidationError as error:
            check.errors.append(RowError(number, "period", " ".join(error.messages)))
        else:
            if message := future_period_message(row.period_start, indicator.frequency):
                check.errors.append(RowError(number, "period", message))
        try:
            row.figure = parse_figure(typed["value"])
        except ValidationError as error:
            check.errors.append(RowError(number, "value", " ".join(error.messages)))
        else:
            if message := negative_count_message(indicator, row.figure):
                check.errors.append(RowError(number, "value", message))
        if len(row.breakdown) > BREAKDOWN_MAX_LENGTH:
            check.errors.append(
                RowError(
                    number,
                    "breakdown",
                    _("it is longer than %(max)s characters.") % {"max": BREAKDOWN_MAX_LENGTH},
                )
            )
        if row.period_start:
            key = (row.period_start, row.breakdown)
            if key in seen:
                check.errors.append(
                    RowError(
                        number,
                        "",
                        _("row %(other)s already gives a figure for %(period)s%(breakdown)s.")
                        % {
                            "other": seen[key],
                            "period": row.period,
                            "breakdown": f", {row.breakdown}" if row.breakdown else "",
                        },
                    )
                )
            seen.setdefault(key, number)
            row.existing = existing.get(key)
        check.rows.append(row)
    return check


@transaction.atomic
def indicator_values_import(*, indicator, rows, reason):
    """Write checked upload rows: create new figures, correct changed ones (each save keeps
    its history), leave the rest alone. Returns a Counter of outcomes."""
    outcomes = Counter()
    for row in rows:
        outcomes[row.outcome] += 1
        if row.outcome == "unchanged":
            continue
        value = row.existing or IndicatorValue(
            indicator=indicator,
            period_start=row.period_start,
            breakdown=row.breakdown,
            frequency=indicator.frequency,
        )
        value.figure = row.figure
        value._change_reason = reason
        value.full_clean()
        value.save()
    return outcomes
