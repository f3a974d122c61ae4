"""The import format's columns, and the problems an import reports."""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 10_000
# Columns past this are never read: a worksheet may claim thousands of empty ones.
MAX_COLUMNS = 60


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    required: bool
    description: str


COLUMNS = [
    Column(
        "theme",
        "Theme",
        True,
        gettext_lazy(
            "The theme's number and title, as in “3. Domestic abuse”; the number or the title "
            "alone also finds a theme of the plan."
        ),
    ),
    Column("number", "Number", True, gettext_lazy("The plan's own number for the action.")),
    Column("text", "Action", True, gettext_lazy("What will be done.")),
    Column(
        "leads",
        "Lead partners",
        False,
        gettext_lazy(
            "Full names of the lead partners in order, separated by semicolons, as in "
            "“Anytown Police; Anytown Council Public Health”."
        ),
    ),
    Column("lead_role", "Lead role", False, gettext_lazy("A job title that leads the action.")),
    Column("starts_on", "Start date", False, gettext_lazy("As 01/04/2025 or 2025-04-01.")),
    Column("due_on", "Due date", False, gettext_lazy("As 31/03/2026 or 2026-03-31.")),
    Column(
        "status",
        "Status",
        False,
        gettext_lazy("The action's status by its name (“On track”) or its code (“on_track”)."),
    ),
    Column("round", "Round", False, gettext_lazy("The reporting round of the progress update.")),
    Column(
        "update_status",
        "Progress status",
        False,
        gettext_lazy("The status in that round; empty means the same as “Status”."),
    ),
    Column(
        "narrative",
        "Progress narrative",
        False,
        gettext_lazy("The progress made in that round."),
    ),
    Column(
        "public_summary",
        "Public summary",
        False,
        gettext_lazy("What residents read about that round; empty means the narrative."),
    ),
]
# The export writes COLUMNS; the import reads them and these too.
DOCUMENTS_COLUMN = Column(
    "documents",
    "Linked documents",
    False,
    gettext_lazy("Titles of the action's linked documents, separated by semicolons."),
)
READ_COLUMNS = [*COLUMNS[:5], DOCUMENTS_COLUMN, *COLUMNS[5:]]
COLUMNS_BY_KEY = {column.key: column for column in READ_COLUMNS}
ACTION_COLUMNS = [
    "theme",
    "number",
    "text",
    "leads",
    "lead_role",
    "documents",
    "starts_on",
    "due_on",
    "status",
]
# Every action needs these; its theme may also come from the section row above it.
REQUIRED_COLUMNS = ("number", "text")
UPDATE_COLUMNS = ["round", "update_status", "narrative", "public_summary"]
DATE_COLUMNS = {"starts_on", "due_on"}


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file, where it is, in plain words."""

    message: str
    row: int | None = None
    column: str | None = None  # the column's key

    @property
    def heading(self):
        column = COLUMNS_BY_KEY.get(self.column)
        return column.heading if column else self.column

    def __str__(self):
        if self.row and self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.heading,
                "message": self.message,
            }
        if self.row:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return self.message


class ImportFileError(Exception):
    """The file cannot be read as a plan at all; `problems` says why."""

    def __init__(self, problems):
        self.problems = [p if isinstance(p, Problem) else Problem(p) for p in problems]
        super().__init__("; ".join(str(p) for p in self.problems))


def _size_text():
    return _("%(size)s MB") % {"size": MAX_FILE_SIZE // (1024 * 1024)}


def too_large_message():
    return _(
        "The file is larger than %(size)s. Remove other sheets, images or formatting, or save "
        "it as CSV, and upload it again."
    ) % {"size": _size_text()}


def read_limited(fileobj):
    """The bytes of an open file, refusing it once it passes MAX_FILE_SIZE (read no further)."""
    data = fileobj.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError([too_large_message()])
    return data


def normalise(text):
    """A name as compared: case, spaces, curly quotes and dashes do not matter."""
    text = unicodedata.normalize("NFKC", str(text))
    text = text.translate(str.maketrans("‘’“”–—", "''\"\"--"))
    return " ".join(text.split()).casefold()


def column_letter(index):
    """Spreadsheet column letter of a 0-based index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def is_empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


# Words of job titles: a lead written as "CSP Manager" or "Head of Community Safety" is a
# person's role, never a partner whose name it happens to resemble.
_JOB_TITLE = re.compile(
    r"\b(manager|officer|head of|director|co-?ordinator|chief|chair|inspector|"
    r"superintendent|administrator|analyst|adviser|advisor|commander|lead officer)\b",
    re.IGNORECASE,
)


def is_job_title(name):
    """Whether a lead's name reads as a job title rather than an organisation."""
    return bool(_JOB_TITLE.search(name))
