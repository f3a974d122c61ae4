"""Reading a CSV file or an Excel workbook into rows of cells, refusing what cannot be read."""

import csv
import difflib
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.imports.columns import (
    COLUMNS,
    COLUMNS_BY_KEY,
    MAX_COLUMNS,
    MAX_FILE_SIZE,
    MAX_ROWS,
    ImportFileError,
    Problem,
    column_letter,
    is_empty,
    normalise,
    too_large_message,
)
from portal.spreadsheets import csv_unescaped

# Headings people commonly use instead of ours: only used to suggest the right one.
_HEADING_HINTS = {
    "action number": "number",
    "no": "number",
    "no.": "number",
    "ref": "number",
    "text": "text",
    "action text": "text",
    "description": "text",
    "what will be done": "text",
    "lead": "leads",
    "leads": "leads",
    "lead partner": "leads",
    "lead agency": "leads",
    "lead agencies": "leads",
    "partners": "leads",
    "role": "lead_role",
    "deadline": "due_on",
    "due": "due_on",
    "due by": "due_on",
    "end date": "due_on",
    "start": "starts_on",
    "progress": "narrative",
    "update": "narrative",
    "progress update": "narrative",
    "reporting round": "round",
    "period": "round",
    "quarter": "round",
    "rag": "status",
    "rag status": "status",
    "theme number": "theme",
    "theme title": "theme",
}

_SIGNATURES = [
    (b"%PDF", gettext_lazy("a PDF document")),
    (b"\x89PNG", gettext_lazy("a PNG image")),
    (b"\xff\xd8\xff", gettext_lazy("a JPEG image")),
    (b"GIF8", gettext_lazy("a GIF image")),
    (b"RIFF", gettext_lazy("a media file")),
    (b"\x1f\x8b", gettext_lazy("a compressed (gzip) file")),
]
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass
class Row:
    """One row of the spreadsheet: its row number and its cells by column key."""

    number: int
    cells: dict


@dataclass
class Table:
    format: str  # "csv" or "xlsx"
    columns: list  # keys of the columns the file has, in its order
    rows: list
    empty_rows: int = 0
    problems: list = field(default_factory=list)


def _not_a_spreadsheet(what):
    return ImportFileError(
        [
            _(
                "This file is %(what)s, not a spreadsheet. Upload the plan as a CSV file or an "
                "Excel workbook (.xlsx)."
            )
            % {"what": what}
        ]
    )


def _detect_zip(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = (
                archive.read("mimetype").decode("ascii", "replace") if ("mimetype" in names) else ""
            )
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError):
        raise ImportFileError(
            [_("This file looks like an Excel workbook but is damaged: it cannot be opened.")]
        ) from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "opendocument.spreadsheet" in mimetype:
        raise ImportFileError(
            [
                _(
                    "This is an OpenDocument spreadsheet (.ods). Save it as an Excel workbook "
                    "(.xlsx) or as CSV, and upload it again."
                )
            ]
        )
    if "word/document.xml" in names:
        raise _not_a_spreadsheet(_("a Word document"))
    raise _not_a_spreadsheet(_("a zip archive"))


def detect_format(data):
    """ "csv" or "xlsx", judged by the content (a renamed file is still recognised)."""
    if not data.strip():
        raise ImportFileError([_("The file is empty.")])
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise _not_a_spreadsheet(what)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            [
                _(
                    "This is an older Excel workbook (.xls) or a password-protected one. Remove "
                    "the password and save it as an Excel workbook (.xlsx) or as CSV."
                )
            ]
        )
    if data.startswith(b"PK\x03\x04"):
        return _detect_zip(data)
    return "csv"


def decode_text(data):
    """The text of a CSV file: UTF-8 (with or without a byte-order mark) or Windows-1252."""
    if data.startswith(_UTF16_BOMS):
        raise ImportFileError(
            [
                _(
                    "The file is saved as UTF-16 (“Unicode text”), which the portal does not "
                    "read. In Excel choose “Save as”, then “CSV UTF-8 (comma delimited)”."
                )
            ]
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise ImportFileError(
                [
                    _(
                        "The characters on line %(line)s cannot be read: the file is neither "
                        "UTF-8 nor Windows-1252 text (byte 0x%(byte)02X). In Excel choose “Save "
                        "as”, then “CSV UTF-8 (comma delimited)”, and upload it again."
                    )
                    % {"line": line, "byte": data[error.start]}
                ]
            ) from None
    if "\x00" in text:
        raise ImportFileError(
            [
                _(
                    "This file is neither a CSV (text) file nor an Excel workbook, so not a "
                    "spreadsheet the portal reads. Upload the plan as CSV or .xlsx."
                )
            ]
        )
    return text


def _csv_records(data):
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    # Excel in some locales separates with semicolons; a tab means "text (tab delimited)".
    delimiter = max([",", ";", "\t"], key=first_line.count)
    if not first_line.count(delimiter):
        delimiter = ","
    # A cell may hold a long narrative: allow any cell a file under the size limit can hold.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FILE_SIZE))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for number, record in enumerate(reader, start=1):
            yield number, [csv_unescaped(value) for value in record[:MAX_COLUMNS]]
    except csv.Error as error:
        raise ImportFileError(
            [_("Row %(row)s cannot be read: %(error)s.") % {"row": reader.line_num, "error": error}]
        ) from None


def _xlsx_records(data):
    # Imported late: only .xlsx files need it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged workbook
        raise ImportFileError(
            [_("This Excel workbook cannot be opened: it may be damaged. Save it again.")]
        ) from None
    try:
        if not workbook.worksheets:
            raise ImportFileError([_("The workbook has no worksheet.")])
        sheet = workbook.worksheets[0]
        for number, values in enumerate(
            sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
        ):
            yield number, list(values)
    finally:
        workbook.close()


def _clean_cell(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


def _match_headings(headings):
    """{column key: index}, and the problems with the heading row."""
    found = {}
    problems = []
    unknown = []
    accepted = {normalise(column.heading): column.key for column in COLUMNS}
    for index, heading in enumerate(headings):
        if is_empty(heading):
            continue
        key = accepted.get(normalise(heading))
        if key is None:
            unknown.append((index, str(heading).strip()))
        elif key in found:
            problems.append(
                _("The column “%(heading)s” appears twice (columns %(first)s and %(second)s).")
                % {
                    "heading": COLUMNS_BY_KEY[key].heading,
                    "first": column_letter(found[key]),
                    "second": column_letter(index),
                }
            )
        else:
            found[key] = index
    if not found:
        expected = ", ".join(f"“{c.heading}”" for c in COLUMNS if c.required)
        return found, [
            _(
                "None of the column headings the portal reads was found in the first row. The "
                "first row must hold the headings, at least %(expected)s: is this the plan's "
                "spreadsheet?"
            )
            % {"expected": expected}
        ]
    suggested = {}
    for index, heading in unknown:
        suggestion = _suggest_column(heading, exclude=found)
        suggested.setdefault(suggestion, (index, heading))
        if suggestion:
            problems.append(
                _(
                    "The column “%(heading)s” (%(letter)s) is not one the portal reads: did you "
                    "mean “%(expected)s”? Rename its heading."
                )
                % {
                    "heading": heading,
                    "letter": column_letter(index),
                    "expected": COLUMNS_BY_KEY[suggestion].heading,
                }
            )
        else:
            problems.append(
                _(
                    "The column “%(heading)s” (%(letter)s) is not one the portal reads. Remove "
                    "it, or rename it to one of: %(headings)s."
                )
                % {
                    "heading": heading,
                    "letter": column_letter(index),
                    "headings": ", ".join(c.heading for c in COLUMNS if c.key not in found),
                }
            )
    for column in COLUMNS:
        if column.required and column.key not in found:
            if column.key in suggested:
                index, heading = suggested[column.key]
                problems.append(
                    _(
                        "The column “%(expected)s” is missing: is it the column headed "
                        "“%(heading)s” (%(letter)s)?"
                    )
                    % {
                        "expected": column.heading,
                        "heading": heading,
                        "letter": column_letter(index),
                    }
                )
            else:
                problems.append(
                    _("The column “%(expected)s” is missing.") % {"expected": column.heading}
                )
    return found, problems


def _suggest_column(heading, exclude):
    """The key of the expected column closest to a heading we do not read, or None."""
    name = normalise(heading)
    if name in _HEADING_HINTS and _HEADING_HINTS[name] not in exclude:
        return _HEADING_HINTS[name]
    candidates = {normalise(c.heading): c.key for c in COLUMNS if c.key not in exclude}
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return candidates[close[0]] if close else None


def read_table(data):
    """The rows of a CSV or .xlsx file as a Table; raises ImportFileError if it is unreadable.

    The first non-empty row holds the headings. Empty rows are skipped and counted.
    """
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError([too_large_message()])
    file_format = detect_format(data)
    records = _csv_records(data) if file_format == "csv" else _xlsx_records(data)
    table = Table(format=file_format, columns=[], rows=[])
    positions = None
    pending_empty = 0
    for number, values in records:
        values = [_clean_cell(value) for value in values]
        if all(is_empty(value) for value in values):
            if positions is not None:
                pending_empty += 1
            continue
        if positions is None:
            positions, problems = _match_headings(values)
            if problems:
                raise ImportFileError(problems)
            table.columns = sorted(positions, key=positions.get)
            continue
        # Empty rows count only when data follows them, not the padding after the last row.
        table.empty_rows += pending_empty
        pending_empty = 0
        if len(table.rows) >= MAX_ROWS:
            raise ImportFileError(
                [
                    _("The file has more than %(max)s rows: split it into smaller files.")
                    % {"max": f"{MAX_ROWS:,}"}
                ]
            )
        table.rows.append(
            Row(number, {key: values[i] for key, i in positions.items() if i < len(values)})
        )
        used = set(positions.values())
        for index, value in enumerate(values):
            if index not in used and not is_empty(value):
                table.problems.append(
                    Problem(
                        _(
                            "column %(letter)s has a value but no heading: give the column one "
                            "of the headings the portal reads, or clear it."
                        )
                        % {"letter": column_letter(index)},
                        row=number,
                    )
                )
    if positions is None:
        raise ImportFileError([_("The file is empty.")])
    if not table.rows:
        raise ImportFileError([_("The file has headings but no actions below them.")])
    return table
