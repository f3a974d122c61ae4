import pytest

from portal.spreadsheets import csv_safe, csv_unescaped, looks_like_formula


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 1582", "'+44 1582"),
        ("- a bullet", "'- a bullet"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("\rReturn", "'\rReturn"),
        ("Plain words", "Plain words"),
        (12, 12),
    ],
)
def test_text_a_spreadsheet_would_run_is_neutralised(text, expected):
    assert csv_safe(text) == expected


@pytest.mark.parametrize("text", ["=1+1", "+44", "- a", "@SUM(A1)", "\tx", "\rx", "plain", "'"])
def test_the_imports_read_back_what_the_exports_wrote(text):
    assert csv_unescaped(csv_safe(text)) == text


def test_a_quote_before_ordinary_text_is_kept():
    assert csv_unescaped("'tis the season") == "'tis the season"


def test_only_text_looks_like_a_formula():
    assert looks_like_formula("=A1")
    assert not looks_like_formula(-1)
