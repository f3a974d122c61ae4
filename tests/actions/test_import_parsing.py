"""Turning rows into actions: values, repeated rows per round, and every row problem named."""

import datetime

import pytest

from actions.imports import parse_date, parse_rows, read_table
from tests.actions.import_files import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def parse(rows, **options):
    return parse_rows(read_table(csv_bytes(rows, **options)))


def problems(rows, **options):
    return [str(problem) for problem in parse(rows, **options).problems]


@pytest.mark.parametrize(
    "text",
    ["31/03/2026", "31/3/2026", "31/03/26", "31-03-2026", "31.03.2026", "2026-03-31",
     "31 March 2026", "31 Mar 2026", "2026-03-31 00:00:00"],
)  # fmt: skip
def test_uk_and_iso_dates_are_read_day_first(text):
    assert parse_date(text) == datetime.date(2026, 3, 31)


def test_a_date_cell_of_a_workbook_is_a_date():
    rows = [row(1)[:5] + [datetime.datetime(2026, 3, 31)] + row(1)[6:]]
    parsed = parse_rows(read_table(xlsx_bytes(rows)))
    assert parsed.actions[0].fields["due_on"] == datetime.date(2026, 3, 31)


def test_a_us_date_is_refused_naming_row_and_column():
    assert problems([row(1), row(2, due="03/31/2026")]) == [
        "Row 3, column “Due date”: “03/31/2026” is not a date. Write it as 31/03/2026 (day, "
        "month, year) or as 2026-03-31."
    ]


def test_a_number_in_a_date_column_of_a_workbook_is_refused():
    rows = [row(1)[:5] + [46112] + row(1)[6:]]
    parsed = parse_rows(read_table(xlsx_bytes(rows)))
    assert "46112 is a number, not a date" in str(parsed.problems[0])


def test_statuses_are_read_by_label_or_code():
    parsed = parse([row(1, status="On track"), row(2, status="carried_forward"), row(3)])
    assert [a.fields["status"] for a in parsed.actions] == [
        "on_track",
        "carried_forward",
        "not_recorded",
    ]
    assert parse([row(1, status="AT RISK")]).actions[0].fields["status"] == "at_risk"


def test_an_unknown_status_lists_the_ones_there_are():
    [message] = problems([row(1, status="Green")])
    assert message.startswith("Row 2, column “Status”: “Green” is not a status. Use one of: ")
    assert "On track, At risk" in message


@pytest.mark.parametrize(
    ("number", "message"),
    [("12a", "“12a” is not a whole number."), ("0", "Action numbers start at 1.")],
)
def test_a_bad_number_is_refused(number, message):
    bad = row(1)
    bad[1] = number
    assert problems([bad]) == [f"Row 2, column “Number”: {message}"]


def test_lead_partners_keep_their_order():
    parsed = parse([row(1, leads="Bedfordshire Police; Luton Council Public Health;")])
    assert parsed.actions[0].leads == ["Bedfordshire Police", "Luton Council Public Health"]


def test_a_partner_named_twice_for_one_action_is_refused():
    assert problems([row(1, leads="Police; police")]) == [
        "Row 2, column “Lead partners”: “police” is named twice."
    ]


def test_duplicate_numbers_are_refused():
    assert problems([row(1), row(2), row(1)]) == [
        "Row 4, column “Number”: action 1 is already on row 2. An action has more than one "
        "row only to give its progress in different rounds."
    ]


def test_an_action_has_one_row_per_round_of_progress():
    parsed = parse(
        [
            row(1, status="On track", round="Q1", narrative="Started."),
            row(1, status="On track", round="Q2", narrative="Going well."),
            row(2),
        ]
    )
    assert parsed.problems == []
    first, second = parsed.actions
    assert [(u.round, u.narrative, u.status) for u in first.updates] == [
        ("Q1", "Started.", "on_track"),
        ("Q2", "Going well.", "on_track"),
    ]
    assert second.updates == []


def test_the_same_round_twice_for_an_action_is_refused():
    rows = [row(1, round="Q1", narrative="A."), row(1, round="q1", narrative="B.")]
    assert problems(rows) == [
        "Row 3, column “Round”: action 1 already has a row for the round “q1” (row 2)."
    ]


def test_rows_of_one_action_that_differ_are_refused_column_by_column():
    rows = [
        row(1, role="Manager", round="Q1", narrative="A."),
        row(1, role="Officer", due="31/03/2026", round="Q2", narrative="B."),
    ]
    assert problems(rows) == [
        "Row 3, column “Lead role”: differs from row 2, where action 1 first appears. Every "
        "row of an action repeats its columns exactly.",
        "Row 3, column “Due date”: differs from row 2, where action 1 first appears. Every "
        "row of an action repeats its columns exactly.",
    ]


def test_the_same_date_written_two_ways_is_not_a_difference():
    rows = [
        row(1, due="31/03/2026", round="Q1", narrative="A."),
        row(1, due="2026-03-31", round="Q2", narrative="B."),
    ]
    assert problems(rows) == []


def test_merged_cell_leftovers_are_explained():
    rows = [
        row(1, round="Q1", narrative="A."),
        ["", "", "", "", "", "", "", "Q2", "B."],
    ]
    assert problems(rows) == [
        "Row 3: the action's theme, number and text are empty, but the row has a value in "
        "“Round”, “Progress narrative”. Merged cells leave rows like this behind: unmerge "
        "them and repeat the action's theme, number and text on every row of it."
    ]


def test_cells_merged_down_a_workbook_hold_their_top_left_value_on_every_row():
    rows = [row(1, round="Q1", narrative="A."), row(1, round="Q2", narrative="B.")]
    data = xlsx_bytes(rows, merge=["A2:A3", "B2:B3", "C2:C3"])
    parsed = parse_rows(read_table(data))
    assert parsed.problems == []
    [action] = parsed.actions
    assert (action.number, action.theme, action.text) == (1, "1. Violence", "Action 1.")
    assert [(u.round, u.narrative) for u in action.updates] == [("Q1", "A."), ("Q2", "B.")]


def test_a_row_with_a_number_but_no_theme_says_which_cell_is_empty():
    assert problems([row(1, theme="")]) == [
        "Row 2, column “Theme”: empty: every row repeats its action's theme (merged cells "
        "leave it empty)."
    ]


def test_progress_without_a_round_is_refused():
    assert problems([row(1, narrative="Done.")]) == [
        "Row 2, column “Round”: empty, but the row has progress: say which reporting round "
        "it belongs to."
    ]


def test_a_round_without_progress_is_refused():
    assert problems([row(1, round="Q1")]) == [
        "Row 2, column “Progress narrative”: empty, but the row names the round “Q1”: write "
        "the progress made, or clear the round."
    ]


def test_an_action_due_before_it_starts_is_refused():
    headings = ["Theme", "Number", "Action", "Start date", "Due date"]
    rows = [["1. V", "1", "Do", "01/04/2026", "31/03/2026"]]
    assert problems(rows, headings=headings) == [
        "Row 2, column “Due date”: the action is due before it starts."
    ]


def test_a_lead_role_too_long_is_refused():
    [message] = problems([row(1, role="x" * 201)])
    assert message == "Row 2, column “Lead role”: it is 201 characters long; at most 200 fit."


def test_columns_left_out_are_not_touched():
    parsed = parse([["1. V", "1", "Do"]], headings=["Theme", "Number", "Action"])
    action = parsed.actions[0]
    assert action.leads is None
    assert action.fields == {}


def test_the_progress_status_defaults_to_the_actions_status():
    headings = ["Theme", "Number", "Action", "Status", "Round", "Progress status",
                "Progress narrative"]  # fmt: skip
    rows = [
        ["1. V", "1", "Do", "Complete", "Q1", "On track", "A."],
        ["1. V", "1", "Do", "Complete", "Q2", "", "B."],
    ]
    updates = parse(rows, headings=headings).actions[0].updates
    assert [u.status for u in updates] == ["on_track", "complete"]


def test_the_example_in_the_documentation_reads_without_problems(settings):
    text = (settings.BASE_DIR / "docs" / "import-format.md").read_text(encoding="utf-8")
    example = text.split("```csv\n", 1)[1].split("```", 1)[0]
    parsed = parse_rows(read_table(example.encode("utf-8")))
    assert parsed.problems == []
    first, second = parsed.actions
    assert [u.round for u in first.updates] == ["2018–19 Q2", "2018–19 year end"]
    assert first.updates[0].narrative == "Strategy adopted.\n\n- Communication campaign"
    assert second.leads == ["Community Development", "Neighbourhood Enforcement"]


@pytest.mark.parametrize(
    "written, split",
    [
        (
            "Kate Delaney, Community Safety Partnership",
            ("Community Safety Partnership", "Kate Delaney"),
        ),
        ("Dr Amir Khan, Public Health", ("Public Health", "Dr Amir Khan")),
        ("CSP Manager, Luton Council", ("CSP Manager, Luton Council", None)),
        ("Bedfordshire Police", ("Bedfordshire Police", None)),
        ("Housing, Communications", ("Housing, Communications", None)),
        (
            "Community Development, Neighbourhood Enforcement",
            ("Community Development, Neighbourhood Enforcement", None),
        ),
    ],
)
def test_a_person_named_before_a_lead_partner_is_told_apart(written, split):
    from actions.imports.rows import split_contact

    assert split_contact(written) == split
