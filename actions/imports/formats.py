"""What an uploaded file is (a CSV file, an Excel workbook or something to refuse, judged by
its content), and the text and records of a CSV file."""

import csv
import io
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actions.imports.columns import MAX_COLUMNS, MAX_FILE_SIZE, ImportFileError
from actions.imports.workbooks import check_dimensions
from portal.spreadsheets import csv_unescaped
from portal.uploads import zip_too_large

_SIGNATURES = [
    (b"%PDF", gettext_lazy("a PDF document")),
    (b"\x89PNG", gettext_lazy("a PNG image")),
    (b"\xff\xd8\xff", gettext_lazy("a JPEG image")),
    (b"GIF8", gettext_lazy("a GIF image")),
    (b"RIFF", gettext_lazy("a media file")),
    (b"\x1f\x8b", gettext_lazy("a compressed (gzip) file")),
]
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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
            if why := zip_too_large(archive):
                raise ImportFileError(
                    [
                        _(
                            "This workbook cannot be opened safely: %(why)s Save it again as "
                            "an Excel workbook (.xlsx) without images or other sheets, or as CSV."
                        )
                        % {"why": why}
                    ]
                )
            names = set(archive.namelist())
            mimetype = ""
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(200).decode("ascii", "replace")
            if "xl/workbook.xml" in names:
                check_dimensions(archive)
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


def csv_records(data):
    text = decode_text(data)
    # Title rows may come first: judge the separator by the file's first lines.
    first_lines = "\n".join(text.split("\n", 20)[:20])
    # Excel in some locales separates with semicolons; a tab means "text (tab delimited)".
    delimiter = max([",", ";", "\t"], key=first_lines.count)
    if not first_lines.count(delimiter):
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
