"""Reading a file into rows: formats, encodings, headings and files that are not spreadsheets."""

import datetime
import io
import re
import time
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


def problems_of(data):
    return [str(problem) for problem in read_table(data).problems]


def test_a_missing_column_is_named_for_the_officer_to_choose():
    data = csv_bytes([["1. Violence", "1"]], headings=["Theme", "Number"])
    assert problems_of(data) == [
        "No column fills “Action”: choose which of the file's columns holds it."
    ]


def test_common_wordings_of_headings_are_guessed():
    headings = ["No.", "Key actions and major projects", "Partnership Leads", "Lead agency"]
    table = read_table(csv_bytes([["1.", "Do it", "Police", ""]], headings=headings))
    assert [(h.text, h.key, h.guessed) for h in table.headings] == [
        ("No.", "number", True),
        ("Key actions and major projects", "text", True),
        ("Partnership Leads", "leads", True),
        ("Lead agency", "leads", True),
    ]
    assert table.problems[0].message.startswith(
        "The columns “Partnership Leads” (C) and “Lead agency” (D) both fill “Lead partners”"
    )


@pytest.mark.parametrize(
    "heading, key",
    [
        ("Ref", "number"),
        ("Key actions", "text"),
        ("Lead partner", "leads"),
        ("Progress", "narrative"),
        ("Linked document", "documents"),
        ("Text", None),
    ],
)
def test_each_common_heading_has_its_guess(heading, key):
    table = read_table(csv_bytes([["1", "Do it", "x"]], headings=["Number", "Action", heading]))
    assert table.headings[2].key == key


def test_the_officers_choice_of_column_wins_over_the_guess():
    headings = ["Ref", "What", "Progress"]
    data = csv_bytes([["1", "Do it", "Started."]], headings=headings)
    table = read_table(data, columns={"what": "text", "progress": "ignore"})
    assert [(h.key, h.guessed) for h in table.headings] == [
        ("number", True),
        ("text", False),
        (None, False),
    ]
    assert table.mapping == {"ref": "number", "what": "text", "progress": "ignore"}
    assert "Column C, “Progress”, is not imported." in table.notes


def test_an_unrelated_column_is_not_imported_with_a_note():
    headings = ["Theme", "Number", "Action", "Budget holder"]
    table = read_table(csv_bytes([["1. Violence", "1", "Do it", "x"]], headings=headings))
    assert table.problems == []
    assert table.notes == ["Column D, “Budget holder”, is not imported."]


def test_a_column_twice_is_a_problem_to_choose_away():
    headings = ["Theme", "Number", "Action", "Status", "status"]
    assert problems_of(csv_bytes([["1. V", "1", "Do", "", ""]], headings=headings)) == [
        "The columns “Status” (D) and “status” (E) both fill “Status”: choose another field "
        "for one of them, or “Not imported”."
    ]


def test_a_file_without_any_expected_heading_is_refused():
    message = refusal(b"name,age\nAnn,3\n")
    assert "No row of headings the portal knows was found near the top" in message


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


def test_a_value_in_a_column_without_heading_is_noted_and_not_imported():
    table = read_table(csv_bytes([[*row(1), "stray"]]))
    assert table.problems == []
    assert table.notes == ["Column J has values (from row 2) but no heading: it is not imported."]


def test_it_reads_the_first_sheet_of_a_workbook_with_its_dates_and_numbers():
    data = xlsx_bytes(
        [["1. Violence", 12, "Do it", "Police", "", datetime.date(2026, 3, 31), "On track"]]
    )
    table = read_table(data)
    assert table.format == "xlsx"
    cells = table.rows[0].cells
    assert cells["number"] == 12
    assert cells["due_on"] == datetime.datetime(2026, 3, 31)


def test_title_rows_above_the_headings_are_skipped_and_rows_keep_their_numbers():
    data = xlsx_bytes([[], HEADINGS, row(1)], headings=["Luton CSP plan"])
    table = read_table(data)
    assert (table.heading_row, [r.number for r in table.rows]) == (3, [4])
    data = xlsx_bytes([[], row(1)], headings=HEADINGS)
    assert [r.number for r in read_table(data).rows] == [3]
    assert read_table(data).empty_rows == 1


def workbook(*sheets):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for values in rows:
            sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_cover_sheet_is_passed_over_for_the_first_sheet_with_headings():
    data = workbook(
        ("Cover", [["Luton CSP"], ["Business plan"]]),
        ("Plan", [HEADINGS, row(1)]),
        ("Notes", [HEADINGS, row(2)]),
    )
    table = read_table(data)
    assert (table.sheet, table.sheets) == ("Plan", ["Cover", "Plan", "Notes"])
    assert read_table(data, sheet="Notes").rows[0].cells["number"] == "2"


def test_a_row_with_text_in_one_cell_and_no_number_names_the_theme_below():
    data = csv_bytes(
        [["Reducing violence", "", ""], ["1.", "Do it", ""], ["2", "Do more", ""]],
        headings=["No.", "Key actions", "Progress"],
    )
    table = read_table(data)
    assert [r.section for r in table.rows] == ["Reducing violence", None, None]


def claims_a_far_cell(data, cell="XFD1048576"):
    """The workbook with its first worksheet's dimension claiming to reach `cell`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(
                    rb'<dimension ref="[^"]*"', f'<dimension ref="A1:{cell}"'.encode(), content
                )
            target.writestr(item.filename, content)
    return buffer.getvalue()


def test_a_workbook_claiming_a_far_cell_is_refused_in_under_a_second():
    data = claims_a_far_cell(xlsx_bytes([row(1)]))
    assert len(data) < 10_000
    started = time.perf_counter()
    message = refusal(data)
    assert time.perf_counter() - started < 1
    assert "claims to reach cell XFD1048576 (1,048,576 rows, 16,384 columns)" in message


def test_a_workbook_that_would_unzip_to_gigabytes_is_refused_in_under_a_second():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b" " * (1024 * 1024)
            for _ in range(300):
                member.write(block)
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    started = time.perf_counter()
    message = refusal(data)
    assert time.perf_counter() - started < 1
    assert "This workbook cannot be opened safely: it would unzip to 300.0" in message
