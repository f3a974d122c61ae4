"""Reading a file into rows: formats, encodings, headings and files that are not spreadsheets."""

import datetime
import io
import zipfile

import pytest

from actions.imports import MAX_FILE_SIZE, ImportFileError, read_limited, read_table
from tests.actions.import_files import HEADINGS, csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def refusal(data):
    with pytest.raises(ImportFileError) as caught:
        read_table(data)
    return str(caught.value)


def test_it_reads_utf8_without_a_byte_order_mark():
    table = read_table(csv_bytes([row(1, leads="Victim’s Hub")]))
    assert table.format == "csv"
    assert table.rows[0].cells["leads"] == "Victim’s Hub"
    assert table.rows[0].number == 2


def test_it_reads_utf8_with_a_byte_order_mark():
    table = read_table(b"\xef\xbb\xbf" + csv_bytes([row(1, text="Café – “quoted”")]))
    assert "theme" in table.columns  # the mark is not part of the first heading
    assert table.rows[0].cells["text"] == "Café – “quoted”"


def test_it_reads_windows_1252():
    data = csv_bytes([row(1, leads="Victim’s Hub", text="Spend £5,000 – soon")], encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_table(data)
    assert table.rows[0].cells["leads"] == "Victim’s Hub"
    assert table.rows[0].cells["text"] == "Spend £5,000 – soon"


def test_utf16_is_refused_with_the_way_to_save_it():
    message = refusal(csv_bytes([row(1)], encoding="utf-16"))
    assert "UTF-16" in message
    assert "CSV UTF-8 (comma delimited)" in message


def test_undecodable_text_is_refused_naming_the_line():
    data = csv_bytes([row(1)]) + b"1. Violence,2,caf\x81 \x8d,,,,,,\n"
    message = refusal(data)
    assert "line 3" in message
    assert "neither UTF-8 nor Windows-1252" in message


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "a JPEG image"),
        (b"\x00\x01\x02binary\x00" * 10, "neither a CSV (text) file nor an Excel workbook"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(data, what):
    message = refusal(data)
    assert what in message
    assert "not a spreadsheet" in message


def _zip(names):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_a_word_document_renamed_xlsx_is_refused():
    assert "a Word document, not a spreadsheet" in refusal(_zip(["word/document.xml"]))


def test_a_damaged_workbook_is_refused():
    assert "cannot be opened" in refusal(_zip(["xl/workbook.xml"]))


def test_an_old_xls_workbook_is_refused_with_the_way_to_save_it():
    assert "(.xls)" in refusal(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))


def test_an_empty_file_is_refused():
    assert "The file is empty." in refusal(b"\n\n")


def test_headings_without_rows_are_refused():
    assert "no actions below them" in refusal(csv_bytes([]))


def test_a_missing_column_is_named():
    data = csv_bytes([["1. Violence", "1"]], headings=["Theme", "Number"])
    assert "The column “Action” is missing." in refusal(data)


def test_a_renamed_column_is_named_with_the_closest_expected_heading():
    headings = ["Theme", "Number", "Action", "Lead partner"]
    message = refusal(csv_bytes([["1. Violence", "1", "Do it", "Police"]], headings=headings))
    assert "The column “Lead partner” (D) is not one the portal reads" in message
    assert "did you mean “Lead partners”?" in message


def test_a_renamed_required_column_is_matched_to_the_missing_one():
    headings = ["Theme", "Number", "Text"]
    message = refusal(csv_bytes([["1. Violence", "1", "Do it"]], headings=headings))
    assert "The column “Action” is missing: is it the column headed “Text” (C)?" in message


def test_an_unrelated_column_lists_the_headings_it_could_be():
    headings = ["Theme", "Number", "Action", "Budget holder"]
    message = refusal(csv_bytes([["1. Violence", "1", "Do it", "x"]], headings=headings))
    assert "The column “Budget holder” (D) is not one the portal reads" in message
    assert "Lead partners" in message


def test_a_column_twice_is_refused():
    headings = ["Theme", "Number", "Action", "Status", "status"]
    message = refusal(csv_bytes([["1. V", "1", "Do", "", ""]], headings=headings))
    assert "The column “Status” appears twice (columns D and E)." in message


def test_a_file_without_any_expected_heading_is_refused():
    message = refusal(b"name,age\nAnn,3\n")
    assert "None of the column headings the portal reads was found" in message


def test_headings_are_matched_whatever_their_case_and_spaces():
    headings = ["  theme", "NUMBER", "action ", "lead   partners"]
    table = read_table(csv_bytes([["1. V", "1", "Do", "Police"]], headings=headings))
    assert table.columns == ["theme", "number", "text", "leads"]


def test_a_file_over_5_mb_is_refused_before_it_is_read_whole():
    big = io.BytesIO(b"x" * (MAX_FILE_SIZE * 2))
    with pytest.raises(ImportFileError, match="larger than 5 MB"):
        read_limited(big)
    assert big.tell() == MAX_FILE_SIZE + 1
    assert "larger than 5 MB" in refusal(b"x" * (MAX_FILE_SIZE + 1))


def test_empty_rows_are_skipped_and_counted_but_not_the_trailing_ones():
    data = csv_bytes([row(1), [""] * 9, ["", "", " "], row(2), [""] * 9, [""] * 9])
    table = read_table(data)
    assert [r.number for r in table.rows] == [2, 5]
    assert table.empty_rows == 2


def test_semicolon_separated_files_are_read():
    data = csv_bytes([row(1, leads="Police")], delimiter=";")
    assert read_table(data).rows[0].cells["leads"] == "Police"


def test_lines_inside_a_cell_are_kept_and_windows_line_ends_become_plain_ones():
    data = csv_bytes([row(1, text="First.\r\n\r\n- a bullet")])
    assert read_table(data).rows[0].cells["text"] == "First.\n\n- a bullet"


def test_the_apostrophe_that_guards_a_formula_is_taken_off():
    data = csv_bytes([row(1, text="'- a bullet first", narrative="'=not a formula")])
    cells = read_table(data).rows[0].cells
    assert cells["text"] == "- a bullet first"
    assert cells["narrative"] == "=not a formula"


def test_a_value_in_a_column_without_heading_is_a_problem():
    data = csv_bytes([[*row(1), "stray"]])
    table = read_table(data)
    assert [str(p) for p in table.problems] == [
        "Row 2: column J has a value but no heading: give the column one of the headings the "
        "portal reads, or clear it."
    ]


def test_it_reads_the_first_sheet_of_a_workbook_with_its_dates_and_numbers():
    data = xlsx_bytes(
        [["1. Violence", 12, "Do it", "Police", "", datetime.date(2026, 3, 31), "On track"]]
    )
    table = read_table(data)
    assert table.format == "xlsx"
    cells = table.rows[0].cells
    assert cells["number"] == 12
    assert cells["due_on"] == datetime.datetime(2026, 3, 31)


def test_workbook_rows_keep_their_sheet_numbers_below_title_rows():
    data = xlsx_bytes([[], HEADINGS, row(1)], headings=["Luton CSP plan"])
    with pytest.raises(ImportFileError, match="None of the column headings"):
        read_table(data)
    data = xlsx_bytes([[], row(1)], headings=HEADINGS)
    assert [r.number for r in read_table(data).rows] == [3]
    assert read_table(data).empty_rows == 1
