import csv
import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators.models import IndicatorValue

pytestmark = pytest.mark.django_db

HEADER = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]
TOWN_CENTRE = ("E01015812", "Luton 013C")
HIGH_TOWN = ("E01015798", "Luton 010A")
BEDFORD = ("E01017500", "Bedford 005B")


def crime(month, crime_type, lsoa=TOWN_CENTRE, crime_id="abc123"):
    code, name = lsoa
    force = "Bedfordshire Police"
    outcome = "" if crime_type == "Anti-social behaviour" else "Under investigation"
    return [
        "" if crime_type == "Anti-social behaviour" else crime_id,
        month,
        force,
        force,
        "-0.417",
        "51.879",
        "On or near George Street",
        code,
        name,
        crime_type,
        outcome,
        "",
    ]


@pytest.fixture
def street_file(tmp_path):
    def write(name, rows):
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(HEADER)
            writer.writerows(rows)
        return path

    return write


@pytest.fixture
def asb(make_indicator):
    return make_indicator(
        "Less antisocial behaviour in the Town Centre",
        police_crime_types="Anti-social behaviour",
        police_lsoa_codes=TOWN_CENTRE[0],
    )


@pytest.fixture
def violence(make_indicator):
    return make_indicator(
        "Violence in Luton", police_crime_types="Violence and sexual offences\nPublic order"
    )


@pytest.fixture
def files(street_file):
    january = street_file(
        "2025-01-bedfordshire-street.csv",
        [
            crime("2025-01", "Anti-social behaviour"),
            crime("2025-01", "Anti-social behaviour"),
            crime("2025-01", "Anti-social behaviour", HIGH_TOWN),
            crime("2025-01", "Violence and sexual offences", HIGH_TOWN),
            crime("2025-01", "Public order"),
            crime("2025-01", "Violence and sexual offences", BEDFORD),
            crime("2025-01", "Shoplifting"),
        ],
    )
    february = street_file(
        "2025-02-bedfordshire-street.csv",
        [
            crime("2025-02", "Anti-social behaviour"),
            crime("2025-02", "Shoplifting"),
        ],
    )
    return [january, february]


def run(*args):
    out = StringIO()
    call_command("import_police_crimes", *[str(a) for a in args], stdout=out)
    return out.getvalue()


def figures(indicator):
    return {
        (value.period_start.isoformat()[:7], value.breakdown): int(value.figure)
        for value in indicator.values.all()
    }


def test_it_counts_each_indicators_crime_types_per_month(asb, violence, files):
    output = run(*files, "--lsoa-prefix", "Luton ")
    assert figures(asb) == {("2025-01", ""): 2, ("2025-02", ""): 1}
    # Bedford's crime is outside Luton; February had none of these crimes: zero, not missing.
    assert figures(violence) == {("2025-01", ""): 2, ("2025-02", ""): 0}
    assert "Figures created: 4, changed: 0, unchanged: 0." in output
    value = asb.values.get(period_start=datetime.date(2025, 1, 1))
    assert value.history.first().history_change_reason.startswith("Imported from police")


def test_without_a_prefix_it_counts_every_lsoa_in_the_files(violence, files):
    run(*files)
    assert figures(violence)[("2025-01", "")] == 3


def test_it_counts_per_lsoa_when_asked(violence, files):
    run(*files, "--by-lsoa", "--lsoa-prefix", "Luton ")
    assert figures(violence) == {
        ("2025-01", ""): 2,
        ("2025-01", "Luton 010A"): 1,
        ("2025-01", "Luton 013C"): 1,
        ("2025-02", ""): 0,
    }


def test_importing_the_same_files_again_changes_nothing(asb, violence, files):
    run(*files, "--by-lsoa")
    history_rows = IndicatorValue.history.count()
    output = run(*files, "--by-lsoa")
    assert "Figures created: 0, changed: 0, unchanged: 9." in output
    assert IndicatorValue.history.count() == history_rows


def test_a_corrected_file_corrects_the_figures_and_zeroes_vanished_lsoas(
    violence, files, street_file
):
    run(*files, "--by-lsoa", "--lsoa-prefix", "Luton ")
    corrected = street_file(
        "2025-01-bedfordshire-street.csv",
        [crime("2025-01", "Public order", HIGH_TOWN)],
    )
    run(corrected, "--by-lsoa", "--lsoa-prefix", "Luton ")
    assert figures(violence) == {
        ("2025-01", ""): 1,
        ("2025-01", "Luton 010A"): 1,
        ("2025-01", "Luton 013C"): 0,
        ("2025-02", ""): 0,
    }


def test_the_options_are_remembered_for_the_next_import(violence, files):
    output = run(*files, "--by-lsoa", "--lsoa-prefix", "Luton ")
    assert "Options remembered for the next import: Violence in Luton." in output
    violence.refresh_from_db()
    assert (violence.police_by_lsoa, violence.police_lsoa_prefix) == (True, "Luton")
    assert violence.history.first().history_change_reason == "Police import options"
    IndicatorValue.objects.all().delete()
    run(*files)
    assert figures(violence)[("2025-01", "")] == 2
    assert ("2025-01", "Luton 010A") in figures(violence)
    run(*files, "--no-by-lsoa", "--lsoa-prefix", "")
    violence.refresh_from_db()
    assert (violence.police_by_lsoa, violence.police_lsoa_prefix) == (False, "")
    assert figures(violence)[("2025-01", "")] == 3


def test_each_indicator_keeps_its_own_area(asb, violence, files):
    violence.police_lsoa_prefix = "Bedford"
    violence.save()
    run(*files)
    assert figures(violence)[("2025-01", "")] == 1
    # The Town Centre's ASB counts everywhere its LSOA codes say, whatever the other does.
    assert figures(asb)[("2025-01", "")] == 2


def test_the_area_is_a_whole_word_of_the_lsoa_name(violence, street_file):
    nearby = ("E01099999", "Lutonford 001A")
    file = street_file(
        "2025-01-bedfordshire-street.csv",
        [
            crime("2025-01", "Public order", HIGH_TOWN),
            crime("2025-01", "Public order", nearby),
        ],
    )
    run(file, "--lsoa-prefix", "Luton")
    assert figures(violence) == {("2025-01", ""): 1}


def test_a_dry_run_remembers_no_option(violence, files):
    output = run(*files, "--dry-run", "--by-lsoa", "--lsoa-prefix", "Luton")
    assert "Options remembered" not in output
    violence.refresh_from_db()
    assert (violence.police_by_lsoa, violence.police_lsoa_prefix) == (False, "")
    assert not IndicatorValue.objects.exists()


def test_a_too_long_area_is_refused(violence, files):
    with pytest.raises(CommandError, match="at most 100 characters"):
        run(*files, "--lsoa-prefix", "L" * 101)


def test_a_dry_run_writes_nothing(asb, files):
    output = run(*files, "--dry-run")
    assert output.startswith("Dry run, nothing written.")
    assert "Figures created: 2" in output
    assert not IndicatorValue.objects.exists()


def test_a_file_in_another_format_imports_nothing(asb, files, tmp_path):
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Month,Crime type\n2025-03,Anti-social behaviour\n", encoding="utf-8")
    with pytest.raises(CommandError, match="wrong.csv is not a data.police.uk street-level file"):
        run(files[0], wrong)
    assert not IndicatorValue.objects.exists()


def test_a_bad_month_names_the_file_and_row(asb, street_file):
    path = street_file("bad.csv", [crime("2025-01", "Drugs"), crime("Jan 2025", "Drugs")])
    with pytest.raises(CommandError, match="bad.csv, row 3, column “Month”: “Jan 2025”"):
        run(path)


def test_it_says_so_when_no_indicator_counts_police_crimes(make_indicator, files):
    make_indicator()
    assert "No indicator counts police crime types" in run(*files)
    assert not IndicatorValue.objects.exists()


def test_a_month_that_has_not_begun_is_refused_and_nothing_is_saved(street_file, asb):
    future = datetime.date.today().replace(day=1) + datetime.timedelta(days=400)
    path = street_file(
        "future-street.csv",
        [
            crime("2025-01", "Anti-social behaviour"),
            crime(f"{future:%Y-%m}", "Anti-social behaviour"),
        ],
    )
    with pytest.raises(CommandError, match="has not begun yet"):
        call_command("import_police_crimes", str(path), stdout=StringIO())
    assert not IndicatorValue.objects.exists()
