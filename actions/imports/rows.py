"""Turning rows of cells into actions and their progress updates, with every problem found."""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from actions.imports.columns import (
    ACTION_COLUMNS,
    COLUMNS_BY_KEY,
    REQUIRED_COLUMNS,
    Problem,
    is_empty,
    is_job_title,
    normalise,
)
from actions.imports.files import Row, Table
from actions.models import Status


@dataclass
class ParsedUpdate:
    row: int
    round: str
    narrative: str
    status: str | None  # None: the file says nothing (keep it, or "not recorded" when new)
    public_summary: str | None  # None: no such column (keep it); "": the narrative


@dataclass
class ParsedAction:
    row: int  # where it first appears
    number: int
    theme: str  # the theme cell as written
    text: str
    leads: list | None  # names as written, in order; None: no such column (keep them)
    fields: dict  # lead_role, starts_on, due_on, status: only the columns the file has
    documents: list | None = None  # titles of linked documents; None: no such column
    contact: str | None = None  # a person named with a lead partner; private
    updates: list = field(default_factory=list)
    cells: dict = field(default_factory=dict)  # every action column, compared across rows


@dataclass
class ParsedImport:
    table: Table
    actions: list
    problems: list

    @property
    def columns(self):
        return self.table.columns


def cell_text(value):
    """A cell as text: numbers without a trailing .0, dates as 2026-03-31."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


_DATE_FORMATS = [
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%Y-%m-%d",
    "%d %B %Y",
    "%d %b %Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
]


def parse_date(value):
    """A date from a cell: a spreadsheet date, 31/03/2026 (day first), 2026-03-31 and a few
    other UK forms. Raises ValueError with a message for the user."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = " ".join(cell_text(value).split())
    if isinstance(value, int | float):
        raise ValueError(
            _(
                "%(value)s is a number, not a date: format the cell as a date, or write the "
                "date as 31/03/2026."
            )
            % {"value": text}
        )
    for date_format in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(
        _("“%(value)s” is not a date. Write it as 31/03/2026 (day, month, year) or as 2026-03-31.")
        % {"value": text}
    )


def parse_status(value):
    """A Status value from its label ("On track") or its code ("on_track")."""
    text = normalise(cell_text(value)).replace("_", " ").replace("-", " ")
    for status in Status:
        if text in (status.value.replace("_", " "), normalise(status.label)):
            return status.value
    raise ValueError(
        _("“%(value)s” is not a status. Use one of: %(statuses)s.")
        % {"value": cell_text(value), "statuses": ", ".join(str(s.label) for s in Status)}
    )


def parse_number(value):
    """A positive whole number from a cell (12, "12", or 12.0 from a spreadsheet)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif match := re.fullmatch(r"(\d+)\s*[.)]?", cell_text(value)):
        # Published tables number their rows "1." or "1)".
        number = int(match[1])
    else:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": cell_text(value)})
    if not 1 <= number <= 2_147_483_647:
        raise ValueError(_("Action numbers start at 1."))
    return number


def split_names(value):
    """Names in a cell separated by semicolons (or line breaks), in order."""
    return [name.strip() for name in re.split(r"[;\n]", cell_text(value)) if name.strip()]


_THEME_CELL = re.compile(r"(\d{1,3})\s*[.):\-–]?\s+(\S.*)", re.S)
_THEME_NUMBER = re.compile(r"(\d{1,3})[.)]?")


def split_theme(cell):
    """(number or None, title or None) of a theme cell: "3. Domestic abuse", "3" or a title."""
    text = " ".join(cell.split())
    if match := _THEME_NUMBER.fullmatch(text):
        return int(match[1]), None
    if match := _THEME_CELL.fullmatch(text):
        return int(match[1]), match[2].strip()
    return None, text


def _max_length(text, limit):
    if len(text) > limit:
        raise ValueError(
            _("it is %(length)s characters long; at most %(limit)s fit.")
            % {"length": len(text), "limit": limit}
        )
    return text


def _parse_theme(value):
    text = cell_text(value)
    number, title = split_theme(text)
    if number is not None and number < 1:
        raise ValueError(_("Theme numbers start at 1."))
    if title:
        _max_length(title, 200)
    return " ".join(text.split())


# "Kate Delaney, Community Safety Partnership": a person's name, then the partner they work for.
_PERSON_THEN_PARTNER = re.compile(
    r"((?:Dr|Mr|Mrs|Ms|Miss)\.? )?[A-Z][a-z’'-]+(?: [A-Z][a-z’'-]+){1,2},\s*(\S.*)", re.S
)


# Words of organisations' names, never of a person's: "Community Development, Neighbourhood
# Enforcement" names two teams.
_ORGANISATION_WORDS = {
    "agency",
    "board",
    "centre",
    "commissioner",
    "communications",
    "community",
    "council",
    "development",
    "directorate",
    "enforcement",
    "fire",
    "group",
    "health",
    "housing",
    "hub",
    "intelligence",
    "office",
    "operations",
    "partnership",
    "police",
    "probation",
    "protection",
    "rescue",
    "safety",
    "service",
    "services",
    "team",
    "trust",
    "unit",
    "youth",
}


def split_contact(name):
    """(partner name, the person named before it or None) of a lead as written."""
    match = _PERSON_THEN_PARTNER.fullmatch(name)
    if match is None:
        return name, None
    person = name[: name.index(",")].strip()
    if is_job_title(person) or is_job_title(match[2]):
        return name, None
    if {word.casefold() for word in person.split()} & _ORGANISATION_WORDS:
        return name, None
    return match[2].strip(), person


def _parse_leads(value):
    names = split_names(value)
    seen = {}
    for name in names:
        _max_length(name, 200)
        if normalise(name) in seen:
            raise ValueError(_("“%(name)s” is named twice.") % {"name": name})
        seen[normalise(name)] = name
    return names


_PARSERS = {
    "theme": _parse_theme,
    "number": parse_number,
    "text": cell_text,
    "leads": _parse_leads,
    "lead_role": lambda value: _max_length(cell_text(value), 200),
    "documents": lambda value: [_max_length(name, 200) for name in split_names(value)],
    "starts_on": lambda value: None if is_empty(value) else parse_date(value),
    "due_on": lambda value: None if is_empty(value) else parse_date(value),
    "status": lambda value: Status.NOT_RECORDED.value if is_empty(value) else parse_status(value),
    "round": lambda value: _max_length(" ".join(cell_text(value).split()), 100),
    "update_status": lambda value: None if is_empty(value) else parse_status(value),
    "narrative": cell_text,
    "public_summary": cell_text,
}


def _comparable(key, value):
    if key == "leads":
        return [normalise(name) for name in value]
    if key == "theme":
        return normalise(value)
    return value


def _parse_row(row, columns, problems):
    """The row's values by column key; a problem for each cell that cannot be read."""
    values = {}
    for key in columns:
        raw = row.cells.get(key)
        if key in ("theme", "number", "text") and is_empty(raw):
            messages = {
                "number": _("empty: every row needs its action's number."),
                "theme": _(
                    "empty: every row repeats its action's theme (merged cells leave it empty)."
                ),
                "text": _(
                    "empty: every row repeats what the action will do (merged cells leave it "
                    "empty)."
                ),
            }
            problems.append(Problem(messages[key], row=row.number, column=key))
            continue
        try:
            values[key] = _PARSERS[key](raw)
        except ValueError as error:
            problems.append(Problem(str(error), row=row.number, column=key))
    starts_on, due_on = values.get("starts_on"), values.get("due_on")
    if starts_on and due_on and starts_on > due_on:
        problems.append(
            Problem(_("the action is due before it starts."), row=row.number, column="due_on")
        )
    return values


def _parse_update(row, values, columns, problems):
    has_progress = [
        key for key in ("narrative", "update_status", "public_summary") if values.get(key)
    ]
    round_name = values.get("round", "")
    if not round_name:
        if has_progress and "round" in columns:
            problems.append(
                Problem(
                    _("empty, but the row has progress: say which reporting round it belongs to."),
                    row=row.number,
                    column="round",
                )
            )
        elif has_progress:
            problems.append(
                Problem(
                    _(
                        "the row has progress but the file has no “Round” column: add one and "
                        "say which reporting round each progress update belongs to."
                    ),
                    row=row.number,
                )
            )
        return None
    if not values.get("narrative"):
        problems.append(
            Problem(
                _(
                    "empty, but the row names the round “%(round)s”: write the progress made, "
                    "or clear the round."
                )
                % {"round": round_name},
                row=row.number,
                column="narrative",
            )
        )
        return None
    status = values.get("update_status") or values.get("status")
    return ParsedUpdate(
        row=row.number,
        round=round_name,
        narrative=values["narrative"],
        status=status,
        public_summary=values.get("public_summary"),
    )


def parse_rows(table, *, default_round=""):
    """The actions in a Table, with every problem found in its rows.

    An action with progress in several rounds has one row per round, its own columns repeated
    identically on each. A row without a theme takes the theme of the section row above it;
    progress without a round belongs to `default_round`, when one is given.
    """
    problems = list(table.problems)
    columns = list(table.columns)
    if any(key not in columns for key in REQUIRED_COLUMNS):
        # The columns must be chosen first; the table's problems say which.
        return ParsedImport(table=table, actions=[], problems=problems)
    if "theme" not in columns and any(row.section for row in table.rows):
        columns.insert(0, "theme")
    if default_round and "round" not in columns:
        columns.append("round")
    actions = {}
    rows_by_round = {}
    section = None
    for row in table.rows:
        if row.section is not None:
            section = row.section
            continue
        filled = [key for key in columns if not is_empty(row.cells.get(key))]
        if section is not None and is_empty(row.cells.get("theme")):
            row = Row(row.number, {**row.cells, "theme": section})
        has_progress = any(
            not is_empty(row.cells.get(key))
            for key in ("narrative", "update_status", "public_summary")
        )
        if default_round and "round" not in table.columns and has_progress:
            row = Row(row.number, {**row.cells, "round": default_round})
        if not any(key in filled for key in ("theme", "number", "text")):
            headings = ", ".join(f"“{COLUMNS_BY_KEY[key].heading}”" for key in filled)
            problems.append(
                Problem(
                    _(
                        "the action's theme, number and text are empty, but the row has a "
                        "value in %(columns)s. Merged cells leave rows like this behind: "
                        "unmerge them and repeat the action's theme, number and text on every "
                        "row of it."
                    )
                    % {"columns": headings},
                    row=row.number,
                )
            )
            continue
        row_problems = []
        values = _parse_row(row, columns, row_problems)
        if "theme" not in columns:
            row_problems.append(
                Problem(
                    _(
                        "the action has no theme: the file has no “Theme” column and no "
                        "section row above this one names one."
                    ),
                    row=row.number,
                    column="theme",
                )
            )
        problems.extend(row_problems)
        update = _parse_update(row, values, columns, problems)
        number = values.get("number")
        if number is None:
            continue
        duplicate = _duplicate(rows_by_round, row, number, values.get("round", ""))
        if duplicate:
            problems.append(duplicate)
            continue
        if any(p.column in ACTION_COLUMNS for p in row_problems):
            continue
        action = actions.get(number)
        cells = {key: _comparable(key, values[key]) for key in ACTION_COLUMNS if key in values}
        if action is None:
            leads, contact = values.get("leads"), None
            if leads is not None:
                split = [split_contact(name) for name in leads]
                leads = [partner for partner, _person in split]
                contact = next((person for _partner, person in split if person), None)
            actions[number] = action = ParsedAction(
                row=row.number,
                number=number,
                theme=values["theme"],
                text=values["text"],
                leads=leads,
                documents=values.get("documents"),
                contact=contact,
                fields={
                    key: values[key]
                    for key in ("lead_role", "starts_on", "due_on", "status")
                    if key in values
                },
                cells=cells,
            )
        else:
            problems.extend(_differences(action, cells, row))
        if update:
            action.updates.append(update)
    return ParsedImport(table=table, actions=list(actions.values()), problems=problems)


def _duplicate(rows_by_round, row, number, round_name):
    """A problem if action `number` already had a row for this round (or a row without one)."""
    key = (number, normalise(round_name))
    first = rows_by_round.setdefault(key, row.number)
    if first == row.number:
        return None
    if round_name:
        message = _(
            "action %(number)s already has a row for the round “%(round)s” (row %(first)s)."
        ) % {"number": number, "round": round_name, "first": first}
        return Problem(message, row=row.number, column="round")
    message = _(
        "action %(number)s is already on row %(first)s. An action has more than one row only "
        "to give its progress in different rounds."
    ) % {"number": number, "first": first}
    return Problem(message, row=row.number, column="number")


def _differences(action, cells, row):
    """A problem for each action column of `row` that differs from the action's first row."""
    return [
        Problem(
            _(
                "differs from row %(first)s, where action %(number)s first appears. Every row "
                "of an action repeats its columns exactly."
            )
            % {"first": action.row, "number": action.number},
            row=row.number,
            column=key,
        )
        for key, value in cells.items()
        if action.cells.get(key) != value
    ]
