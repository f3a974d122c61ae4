"""Bring a plan's actions in from a spreadsheet (CSV or .xlsx).

Three steps, each a function: `read_table` turns a file's bytes into rows of cells (refusing a
file it cannot read at all), `parse_rows` turns the rows into actions and their progress
updates (collecting every problem with its row and column), and `import_preview` compares them
with a plan in the database. Nothing here writes: `actions.import_services.plan_import_apply`
does. The format is described in docs/import-format.md.
"""

from actions.imports.columns import (
    COLUMNS,
    COLUMNS_BY_KEY,
    MAX_FILE_SIZE,
    READ_COLUMNS,
    ImportFileError,
    Problem,
    normalise,
    read_limited,
    too_large_message,
)
from actions.imports.files import IGNORE, Heading, Row, Table, guess_column, read_table
from actions.imports.names import CREATE, ROLE, NewPartner, NewTheme, UnknownName
from actions.imports.preview import ImportPreview, NewRound, import_preview
from actions.imports.rows import ParsedImport, parse_date, parse_rows, parse_status

__all__ = [
    "COLUMNS",
    "COLUMNS_BY_KEY",
    "CREATE",
    "IGNORE",
    "ROLE",
    "Heading",
    "guess_column",
    "MAX_FILE_SIZE",
    "READ_COLUMNS",
    "ImportFileError",
    "ImportPreview",
    "NewPartner",
    "NewRound",
    "NewTheme",
    "ParsedImport",
    "Problem",
    "Row",
    "Table",
    "UnknownName",
    "import_preview",
    "normalise",
    "parse_date",
    "parse_rows",
    "parse_status",
    "read_limited",
    "read_table",
    "too_large_message",
]
