"""Reading a CSV file or an Excel workbook into rows of cells, refusing what cannot be read."""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from actions.imports.columns import (
    COLUMNS_BY_KEY,
    MAX_FILE_SIZE,
    MAX_ROWS,
    READ_COLUMNS,
    REQUIRED_COLUMNS,
    ImportFileError,
    Problem,
    column_letter,
    is_empty,
    normalise,
    too_large_message,
)
from actions.imports.formats import csv_records, detect_format
from actions.imports.workbooks import open_workbook, sheet_records

# The portal's field for headings partnerships commonly write: the guess the preview begins with.
HEADING_GUESSES = {
    "theme": ["theme", "theme number", "theme title", "section", "priority", "strategic priority"],
    "number": [
        "number",
        "no",
        "no.",
        "nos",
        "num",
        "ref",
        "ref.",
        "reference",
        "action number",
        "action no",
        "action no.",
        "action ref",
        "#",
        "item",
    ],
    "text": [
        "action",
        "actions",
        "key action",
        "key actions",
        "key actions and major projects",
        "actions and projects",
        "action text",
        "description",
        "what will be done",
        "activity",
        "task",
    ],
    "leads": [
        "lead partners",
        "lead partner",
        "lead",
        "leads",
        "lead(s)",
        "partnership lead",
        "partnership leads",
        "partnership lead(s)",
        "lead agency",
        "lead agencies",
        "lead organisation",
        "lead organisations",
        "partners",
        "owner",
        "responsible",
    ],
    "lead_role": ["lead role", "role", "lead officer", "job title"],
    "documents": [
        "linked document",
        "linked documents",
        "document",
        "documents",
        "supporting document",
        "link",
    ],
    "starts_on": ["start date", "start", "starts", "starts on", "from"],
    "due_on": [
        "due date",
        "due",
        "due by",
        "deadline",
        "end date",
        "target date",
        "completion date",
        "timescale",
        "by when",
    ],
    "status": ["status", "rag", "rag status", "action status"],
    "round": ["round", "reporting round", "period", "quarter"],
    "update_status": ["progress status", "progress rag"],
    "narrative": [
        "progress narrative",
        "progress",
        "progress update",
        "progress report",
        "progress to date",
        "update",
        "comments",
        "commentary",
    ],
    "public_summary": ["public summary", "summary for residents"],
}
_GUESSES = {normalise(words): key for key, many in HEADING_GUESSES.items() for words in many}
IGNORE = "ignore"
# The headings are the first row, within this many, in which at least two headings are known.
HEADING_SEARCH_ROWS = 30


@dataclass
class Row:
    """One row of the spreadsheet: its row number and its cells by column key. A section row
    (text in one cell, no number) has no cells: its `section` names the theme of the rows
    below it."""

    number: int
    cells: dict
    section: str | None = None


@dataclass
class Heading:
    """A column of the file: its heading as written and the portal's field it fills."""

    index: int
    text: str
    key: str | None  # None: not imported
    guessed: bool = False  # the portal guessed it (the officer neither wrote nor chose it)

    @property
    def letter(self):
        return column_letter(self.index)

    @property
    def name(self):
        """The heading as compared and remembered."""
        return normalise(self.text)


@dataclass
class Table:
    format: str  # "csv" or "xlsx"
    columns: list  # keys of the columns the file has, in its order
    rows: list
    empty_rows: int = 0
    problems: list = field(default_factory=list)
    headings: list = field(default_factory=list)  # every Heading of the heading row
    heading_row: int = 1
    sheets: list = field(default_factory=list)  # a workbook's worksheet names
    sheet: str = ""  # the worksheet read
    notes: list = field(default_factory=list)  # what is not imported, in plain words
    remembered: object = None  # the plan's PlanImportChoices the columns began with

    @property
    def mapping(self):
        """{heading as compared: column key or IGNORE}, to remember for the next import."""
        return {h.name: h.key or IGNORE for h in self.headings}


def guess_column(heading):
    """The key of the portal's field a heading most likely means, or None."""
    name = normalise(heading)
    if name in _GUESSES:
        return _GUESSES[name]
    bare = name.strip(" .:*#()").strip()
    if bare in _GUESSES:
        return _GUESSES[bare]
    close = difflib.get_close_matches(bare, list(_GUESSES), n=1, cutoff=0.85)
    return _GUESSES[close[0]] if close else None


def _clean_cell(value):
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


def _headings(values, columns):
    """The Headings of a heading row; `columns` maps a heading (as compared) to the officer's
    choice of field, or IGNORE."""
    headings = []
    for index, value in enumerate(values):
        if is_empty(value):
            continue
        text = " ".join(str(value).split())
        name = normalise(text)
        if name in columns:
            key = columns[name] if columns[name] in COLUMNS_BY_KEY else None
            headings.append(Heading(index, text, key))
            continue
        exact = {normalise(column.heading): column.key for column in READ_COLUMNS}.get(name)
        key = exact or guess_column(text)
        headings.append(Heading(index, text, key, guessed=exact is None and key is not None))
    return headings


def _known_count(values, columns):
    return sum(1 for heading in _headings(values, columns) if heading.key)


def _mapping_problems(headings):
    """Problems with the columns the headings fill: a field filled twice, a required one
    missing; the duplicate's second column is not imported."""
    problems = []
    seen = {}
    for heading in headings:
        if heading.key is None:
            continue
        if heading.key in seen:
            problems.append(
                Problem(
                    _(
                        "The columns “%(first)s” (%(first_letter)s) and “%(second)s” "
                        "(%(second_letter)s) both fill “%(field)s”: choose another field for "
                        "one of them, or “Not imported”."
                    )
                    % {
                        "first": seen[heading.key].text,
                        "first_letter": seen[heading.key].letter,
                        "second": heading.text,
                        "second_letter": heading.letter,
                        "field": COLUMNS_BY_KEY[heading.key].heading,
                    }
                )
            )
            continue
        seen[heading.key] = heading
    for key in REQUIRED_COLUMNS:
        if key not in seen:
            problems.append(
                Problem(
                    _("No column fills “%(field)s”: choose which of the file's columns holds it.")
                    % {"field": COLUMNS_BY_KEY[key].heading}
                )
            )
    return problems, seen


def _find_headings(records, columns):
    """(row number, values) of the heading row, and the records after it; None if the first
    HEADING_SEARCH_ROWS non-empty rows hold no row with two headings the portal knows."""
    seen = 0
    for number, values in records:
        values = [_clean_cell(value) for value in values]
        if all(is_empty(value) for value in values):
            continue
        if _known_count(values, columns) >= 2:
            return number, values
        seen += 1
        if seen >= HEADING_SEARCH_ROWS:
            break
    return None


def _no_headings_error(sheets=()):
    expected = ", ".join(f"“{COLUMNS_BY_KEY[key].heading}”" for key in REQUIRED_COLUMNS)
    message = _(
        "No row of headings the portal knows was found near the top of the file. The headings "
        "row must name at least two of the plan's columns, such as %(expected)s, "
        "“No.” or “Key actions”: is this the plan's spreadsheet?"
    ) % {"expected": expected}
    if len(sheets) > 1:
        message += " " + _("Worksheets read: %(sheets)s.") % {"sheets": ", ".join(sheets)}
    return ImportFileError([message])


def _is_number_text(value):
    return bool(re.fullmatch(r"\d{1,9}\s*[.)]?", cell_text_plain(value)))


def cell_text_plain(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _section(values, positions):
    """The text of a section row (text in one cell, no number), or None."""
    filled = [(index, value) for index, value in enumerate(values) if not is_empty(value)]
    if len(filled) != 1:
        return None
    index, value = filled[0]
    if not isinstance(value, str) or _is_number_text(value):
        return None
    if index == positions.get("number") and value.strip()[:1].isdigit():
        return None
    return " ".join(value.split())


def _records(data, file_format, sheet, columns):
    """(records after the headings, heading row number, its values, sheet names, sheet read)."""
    if file_format == "csv":
        records = csv_records(data)
        found = _find_headings(records, columns)
        if found is None:
            raise _no_headings_error()
        return records, found[0], found[1], [], "", None
    workbook = open_workbook(data)
    names = workbook.sheetnames
    if not names:
        workbook.close()
        raise ImportFileError([_("The workbook has no worksheet.")])
    order = names if sheet not in names else [sheet]
    for name in order:
        records = sheet_records(workbook, workbook[name])
        found = _find_headings(records, columns)
        if found is not None:
            return records, found[0], found[1], names, name, workbook
    workbook.close()
    raise _no_headings_error(names)


def read_table(data, *, columns=None, sheet=None):
    """The rows of a CSV or .xlsx file as a Table; raises ImportFileError if it is unreadable.

    The headings are the first row (of the first worksheet that has one, or of `sheet`) in
    which at least two headings name the portal's fields; rows above it (titles) are not read.
    `columns` ({heading as compared: key or IGNORE}) says which field a heading fills; others
    are guessed. Empty rows are skipped and counted; a row with text in one cell and no number
    is a section row, naming the theme of the rows below it.
    """
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError([too_large_message()])
    columns = columns or {}
    file_format = detect_format(data)
    records, heading_row, values, sheets, sheet_name, workbook = _records(
        data, file_format, sheet, columns
    )
    try:
        return _read_rows(records, file_format, heading_row, values, sheets, sheet_name, columns)
    finally:
        if workbook is not None:
            workbook.close()


def _read_rows(records, file_format, heading_row, values, sheets, sheet_name, columns):
    headings = _headings(values, columns)
    problems, used = _mapping_problems(headings)
    positions = {key: heading.index for key, heading in used.items()}
    table = Table(
        format=file_format,
        columns=sorted(positions, key=positions.get),
        rows=[],
        problems=problems,
        headings=headings,
        heading_row=heading_row,
        sheets=sheets,
        sheet=sheet_name,
    )
    for heading in headings:
        if heading.key is None:
            table.notes.append(
                _("Column %(letter)s, “%(heading)s”, is not imported.")
                % {"letter": heading.letter, "heading": heading.text}
            )
    headed = {heading.index for heading in headings}
    unheaded = {}
    pending_empty = 0
    for number, values in records:
        values = [_clean_cell(value) for value in values]
        if all(is_empty(value) for value in values):
            pending_empty += 1
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
        section = _section(values, positions)
        if section is not None:
            table.rows.append(Row(number, {}, section=section))
            continue
        table.rows.append(
            Row(number, {key: values[i] for key, i in positions.items() if i < len(values)})
        )
        for index, value in enumerate(values):
            if index not in headed and not is_empty(value):
                unheaded.setdefault(index, number)
    for index, number in sorted(unheaded.items()):
        table.notes.append(
            _("Column %(letter)s has values (from row %(row)s) but no heading: it is not imported.")
            % {"letter": column_letter(index), "row": number}
        )
    if not any(row.section is None for row in table.rows):
        raise ImportFileError([_("The file has headings but no actions below them.")])
    return table
