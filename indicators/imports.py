"""Figures from files: a CSV of an indicator's values, and data.police.uk street-level crimes.

Both read the whole input first and write nothing unless every row is good; writing runs in
one transaction. Re-importing the same file changes nothing.
"""

import csv
import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import (
    Frequency,
    Indicator,
    IndicatorValue,
    format_figure,
    future_period_message,
    is_period_start,
    negative_count_message,
    period_label,
)

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UPLOAD_ROWS = 10_000
BREAKDOWN_MAX_LENGTH = IndicatorValue._meta.get_field("breakdown").max_length
# DecimalField(max_digits=14, decimal_places=2)
MAX_FIGURE = Decimal("999999999999.99")

_PERIOD_STARTS_IN = {
    Frequency.MONTHLY: gettext_lazy("any month"),
    Frequency.QUARTERLY: gettext_lazy("January, April, July or October"),
    Frequency.YEARLY: gettext_lazy("January"),
    Frequency.FINANCIAL_YEAR: gettext_lazy("April"),
}


def _period_hint(frequency):
    return {
        Frequency.MONTHLY: _("Write the month as 2025-03 (March 2025)."),
        Frequency.QUARTERLY: _("Write the quarter as 2025-Q1 or as its first month, 2025-01."),
        Frequency.YEARLY: _("Write the year as 2025."),
        Frequency.FINANCIAL_YEAR: _(
            "Write the financial year as 2025-26 (April 2025 to March 2026)."
        ),
    }[frequency]


def parse_period(text, frequency):
    """The first day of the period `text` names, for an indicator measured at `frequency`.

    Accepts 2025-03, 2025-03-01 and March 2025 for any frequency, plus 2025-Q1 (quarterly),
    2025 (yearly) and 2025-26 (financial year). Raises ValidationError saying what to write.
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Enter the period.") + " " + _period_hint(frequency))
    start = None
    financial = re.fullmatch(r"(\d{4})\s*[-/–]\s*(\d{2})", text)
    if (
        financial
        and frequency == Frequency.FINANCIAL_YEAR
        and int(financial[2]) == (int(financial[1]) + 1) % 100
    ):
        # "2011-12" is the financial year 2011–12 here, not December 2011.
        start = datetime.date(int(financial[1]), 4, 1)
    elif match := re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", text):
        year, month, day = (int(part) if part else 1 for part in match.groups())
        try:
            start = datetime.date(year, month, day)
        except ValueError:
            start = None
    elif match := re.fullmatch(r"(\d{4})\s*-?\s*Q([1-4])", text, re.IGNORECASE):
        if frequency == Frequency.QUARTERLY:
            start = datetime.date(int(match[1]), 3 * int(match[2]) - 2, 1)
    elif re.fullmatch(r"\d{4}", text):
        if frequency == Frequency.YEARLY:
            start = datetime.date(int(text), 1, 1)
        elif frequency == Frequency.FINANCIAL_YEAR:
            start = datetime.date(int(text), 4, 1)
    else:
        for pattern in ("%B %Y", "%b %Y"):
            try:
                start = datetime.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
    if start is None:
        raise ValidationError(
            _("“%(text)s” is not a period.") % {"text": text} + " " + _period_hint(frequency)
        )
    if not is_period_start(start, frequency):
        raise ValidationError(
            _(
                "“%(text)s” is not the start of a period: this indicator’s periods start "
                "on the first day of %(months)s."
            )
            % {"text": text, "months": _PERIOD_STARTS_IN[frequency]}
            + " "
            + _period_hint(frequency)
        )
    return start


def parse_figure(text):
    """A figure as people type it: 1234, 1,234, 12.5 or 40%. Raises ValidationError."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError(_("Enter the figure."))
    cleaned = raw.replace(",", "").replace(" ", "").removesuffix("%")
    try:
        figure = Decimal(cleaned)
    except InvalidOperation:
        figure = None
    if figure is None or not figure.is_finite():
        raise ValidationError(_("“%(text)s” is not a number.") % {"text": raw})
    if figure.as_tuple().exponent < -2 and figure != figure.quantize(Decimal("0.01")):
        raise ValidationError(_("“%(text)s” has more than two decimal places.") % {"text": raw})
    if abs(figure) > MAX_FIGURE:
        raise ValidationError(_("“%(text)s” is too large.") % {"text": raw})
    return figure.quantize(Decimal("0.01"))


# CSV upload of an indicator's values ---------------------------------------------------------

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


# data.police.uk street-level crime files -----------------------------------------------------

POLICE_COLUMNS = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]


class PoliceFileError(Exception):
    """A street-level file is not in the data.police.uk format; the message says where."""


@dataclass
class PoliceImportResult:
    files: int = 0
    rows: int = 0
    months: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    # (indicator, period label, breakdown, old figure or None, new figure) of each figure
    # that is new or changes, for the preview.
    changes: list = field(default_factory=list)

    @property
    def total_changes(self):
        """The changes of whole-area figures (no breakdown), which the preview lists."""
        return [change for change in self.changes if not change[2]]

    def summary(self):
        if not self.indicators:
            return _(
                "No indicator counts police crime types: set “police crime types it counts” "
                "on an indicator first. Nothing was imported."
            )
        months = ", ".join(m.strftime("%B %Y") for m in self.months) or _("none")
        return _(
            "Read %(rows)s crimes in %(files)s files (months: %(months)s) for %(indicators)s. "
            "Figures created: %(new)s, changed: %(changed)s, unchanged: %(unchanged)s."
        ) % {
            "rows": self.rows,
            "files": self.files,
            "months": months,
            "indicators": ", ".join(i.name for i in self.indicators),
            "new": self.outcomes["new"],
            "changed": self.outcomes["changed"],
            "unchanged": self.outcomes["unchanged"],
        }


def _police_rows(name, stream):
    reader = csv.DictReader(stream)
    missing = [column for column in POLICE_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise PoliceFileError(
            _("%(file)s is not a data.police.uk street-level file: it has no column %(cols)s.")
            % {"file": name, "cols": ", ".join(f"“{c}”" for c in missing)}
        )
    for row in reader:
        month_text = (row["Month"] or "").strip()
        match = re.fullmatch(r"(\d{4})-(\d{2})", month_text)
        if not match or not 1 <= int(match[2]) <= 12:
            raise PoliceFileError(
                _("%(file)s, row %(row)s, column “Month”: “%(text)s” is not a month like 2025-03.")
                % {"file": name, "row": reader.line_num, "text": month_text}
            )
        month = datetime.date(int(match[1]), int(match[2]), 1)
        if message := future_period_message(month, Frequency.MONTHLY):
            raise PoliceFileError(
                _("%(file)s, row %(row)s, column “Month”: %(message)s")
                % {"file": name, "row": reader.line_num, "message": message}
            )
        yield month, row


def police_crimes_count(*, files, indicators, by_lsoa=False, lsoa_prefix=""):
    """Count the crimes in street-level `files` ([(name, text stream)]) for each indicator,
    per month, and per LSOA when `by_lsoa`. Only crimes in LSOAs whose name starts with
    `lsoa_prefix` count, when given. Returns ({(indicator id, month, breakdown): count},
    months seen, rows read); every month seen gets a total, zero when nothing matched."""
    counts = Counter()
    months = set()
    rows = 0
    wanted = [(i, set(i.crime_type_list), set(i.lsoa_code_list)) for i in indicators]
    for name, stream in files:
        for month, row in _police_rows(name, stream):
            rows += 1
            months.add(month)
            crime_type = (row["Crime type"] or "").strip()
            lsoa_code = (row["LSOA code"] or "").strip()
            lsoa_name = (row["LSOA name"] or "").strip()
            if lsoa_prefix and not lsoa_name.startswith(lsoa_prefix):
                continue
            for indicator, crime_types, lsoa_codes in wanted:
                if crime_type not in crime_types or (lsoa_codes and lsoa_code not in lsoa_codes):
                    continue
                counts[(indicator.pk, month, "")] += 1
                if by_lsoa and (lsoa_name or lsoa_code):
                    counts[(indicator.pk, month, lsoa_name or lsoa_code)] += 1
    for indicator, _types, _codes in wanted:
        for month in months:
            counts.setdefault((indicator.pk, month, ""), 0)
    return counts, sorted(months), rows


@transaction.atomic
def police_crimes_import(*, files, by_lsoa=False, lsoa_prefix="", dry_run=False):
    """Write monthly counts from street-level `files` into every indicator that counts police
    crime types. Figures that already match are left alone, so importing the same files
    again changes nothing; with `by_lsoa`, an LSOA figure of an imported month that the files
    no longer show is corrected to zero. All or nothing; `dry_run` writes nothing."""
    indicators = [i for i in Indicator.objects.exclude(police_crime_types="").order_by("name")]
    result = PoliceImportResult(indicators=indicators)
    counts, result.months, result.rows = police_crimes_count(
        files=files, indicators=indicators, by_lsoa=by_lsoa, lsoa_prefix=lsoa_prefix
    )
    result.files = len(files)
    if not indicators or not result.months:
        return result
    existing_values = IndicatorValue.objects.filter(
        indicator__in=indicators, period_start__in=result.months
    )
    existing = {(v.indicator_id, v.period_start, v.breakdown): v for v in existing_values}
    if by_lsoa:
        for key in existing:
            if key[2]:
                counts.setdefault(key, 0)
    by_id = {indicator.pk: indicator for indicator in indicators}
    for (indicator_id, month, breakdown), count in sorted(counts.items()):
        figure = Decimal(count).quantize(Decimal("0.01"))
        value = existing.get((indicator_id, month, breakdown))
        if value is not None and value.figure == figure:
            result.outcomes["unchanged"] += 1
            continue
        result.outcomes["changed" if value else "new"] += 1
        result.changes.append(
            (
                by_id[indicator_id],
                period_label(month, Frequency.MONTHLY),
                breakdown,
                value.figure if value else None,
                figure,
            )
        )
        if dry_run:
            continue
        value = value or IndicatorValue(
            indicator_id=indicator_id,
            period_start=month,
            breakdown=breakdown,
            frequency=Frequency.MONTHLY,
        )
        value.figure = figure
        value._change_reason = _("Imported from police street-level crime files")
        value.save()
    return result
