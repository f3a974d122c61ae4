import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from indicators.models import Indicator, IndicatorValue, Trend, theme_directions
from indicators.periods import (
    Frequency,
    format_figure,
    format_quantity,
    period_label,
    period_start_for,
)

pytestmark = pytest.mark.django_db

HIGHER = Indicator.Direction.HIGHER_IS_BETTER
LOWER = Indicator.Direction.LOWER_IS_BETTER


def test_a_fall_is_better_when_lower_is_better(make_indicator, add_figures):
    indicator = make_indicator(direction=LOWER)
    add_figures(indicator, {"2025-01": 120, "2025-02": 100})
    trend = indicator.direction_of_travel()
    assert trend.trend == Trend.BETTER
    assert trend.latest.period_label == "February 2025"
    assert trend.previous.period_label == "January 2025"
    assert trend.difference == Decimal(20)
    assert trend.consecutive


def test_a_fall_is_worse_when_higher_is_better(make_indicator, add_figures):
    indicator = make_indicator(direction=HIGHER, unit="%")
    add_figures(indicator, {"2025-01": "61.5", "2025-02": "58"})
    assert indicator.direction_of_travel().trend == Trend.WORSE


def test_a_rise_is_worse_when_lower_is_better(make_indicator, add_figures):
    indicator = make_indicator(direction=LOWER)
    add_figures(indicator, {"2025-01": 100, "2025-02": 101})
    assert indicator.direction_of_travel().trend == Trend.WORSE


def test_the_same_figure_is_no_change(make_indicator, add_figures):
    indicator = make_indicator()
    add_figures(indicator, {"2025-01": 100, "2025-02": 100})
    assert indicator.direction_of_travel().trend == Trend.NO_CHANGE


def test_fewer_than_two_figures_is_no_data(make_indicator, add_figures):
    indicator = make_indicator()
    assert indicator.direction_of_travel().trend == Trend.NO_DATA
    add_figures(indicator, {"2025-01": 100})
    trend = indicator.direction_of_travel()
    assert trend.trend == Trend.NO_DATA
    assert trend.latest.figure == 100


def test_missing_periods_compare_with_the_last_available_one_and_say_so(
    make_indicator, add_figures
):
    indicator = make_indicator(direction=LOWER)
    add_figures(indicator, {"2024-11": 90, "2025-01": 120, "2025-04": 110})
    trend = indicator.direction_of_travel()
    assert trend.trend == Trend.BETTER
    assert trend.previous.period_label == "January 2025"
    assert not trend.consecutive


def test_breakdowns_do_not_count_towards_the_direction_of_travel(make_indicator, add_figures):
    indicator = make_indicator(direction=LOWER)
    add_figures(indicator, {"2025-01": 100, "2025-02": 90})
    add_figures(indicator, {"2025-03": 500}, breakdown="Luton 001A")
    trend = indicator.direction_of_travel()
    assert trend.latest.period_label == "February 2025"
    assert trend.trend == Trend.BETTER


def test_quarterly_periods_are_consecutive_three_months_apart(make_indicator, add_figures):
    indicator = make_indicator(frequency=Frequency.QUARTERLY)
    add_figures(indicator, {"2025-01": 10, "2025-04": 12})
    trend = indicator.direction_of_travel()
    assert trend.consecutive
    assert trend.latest.period_label == "Apr–Jun 2025"


def test_a_lower_figure_meets_its_target_when_lower_is_better(
    make_indicator, add_figures, add_target
):
    indicator = make_indicator(direction=LOWER)
    add_figures(indicator, {"2025-01": 100, "2025-02": 80})
    add_target(indicator, "2025-12-31", "85")
    comparison = indicator.against_target()
    assert comparison.met
    assert comparison.difference == Decimal(5)


def test_a_higher_figure_misses_its_target_when_lower_is_better(
    make_indicator, add_figures, add_target
):
    indicator = make_indicator(direction=LOWER)
    add_figures(indicator, {"2025-02": 90})
    add_target(indicator, "2025-12-31", "85")
    assert not indicator.against_target().met


def test_a_figure_equal_to_its_target_meets_it(make_indicator, add_figures, add_target):
    indicator = make_indicator(direction=HIGHER)
    add_figures(indicator, {"2025-02": 70})
    add_target(indicator, "2025-12-31", "70")
    assert indicator.against_target().met


def test_the_latest_figure_counts_towards_the_next_target_due(
    make_indicator, add_figures, add_target
):
    indicator = make_indicator(direction=HIGHER, unit="%")
    add_figures(indicator, {"2025-06": 62})
    add_target(indicator, "2024-12-31", "55")
    add_target(indicator, "2025-12-31", "65")
    add_target(indicator, "2026-12-31", "70")
    comparison = indicator.against_target()
    assert comparison.target.figure == 65
    assert not comparison.met


def test_after_the_last_target_date_the_last_target_still_counts(
    make_indicator, add_figures, add_target
):
    indicator = make_indicator(direction=HIGHER)
    add_figures(indicator, {"2027-06": 60})
    add_target(indicator, "2025-12-31", "55")
    assert indicator.against_target().target.figure == 55


def test_no_target_or_no_figure_is_no_data(make_indicator, add_figures, add_target):
    indicator = make_indicator()
    add_target(indicator, "2025-12-31", "55")
    assert indicator.against_target().trend == Trend.NO_DATA
    other = make_indicator()
    add_figures(other, {"2025-01": 1})
    assert other.against_target().trend == Trend.NO_DATA


def test_one_figure_per_period_and_breakdown_with_a_clear_message(make_indicator, add_figures):
    indicator = make_indicator()
    add_figures(indicator, {"2025-01": 10})
    duplicate = IndicatorValue(
        indicator=indicator,
        period_start=datetime.date(2025, 1, 1),
        frequency="monthly",
        figure=Decimal(11),
    )
    with pytest.raises(ValidationError, match="already has a figure for that period"):
        duplicate.validate_constraints()
    duplicate.breakdown = "Luton 001A"
    duplicate.validate_constraints()


def test_a_period_must_start_where_the_frequency_says(make_indicator):
    indicator = make_indicator(frequency=Frequency.QUARTERLY)
    value = IndicatorValue(
        indicator=indicator,
        period_start=datetime.date(2025, 2, 1),
        frequency=Frequency.QUARTERLY,
        figure=Decimal(1),
    )
    with pytest.raises(ValidationError, match="not the start of a quarterly period"):
        value.full_clean()


def test_police_crime_types_must_be_ones_the_police_files_use(make_indicator):
    indicator = make_indicator(police_crime_types="Anti-social behaviour\nAntisocial behavior")
    with pytest.raises(ValidationError, match="“Antisocial behavior” is not a data.police.uk"):
        indicator.full_clean()


def test_an_indicator_counting_police_crimes_must_be_monthly(make_indicator):
    indicator = make_indicator(frequency=Frequency.QUARTERLY)
    indicator.police_crime_types = "Anti-social behaviour"
    with pytest.raises(ValidationError, match="must be measured monthly"):
        indicator.validate_constraints()


@pytest.mark.parametrize(
    ("day", "frequency", "start", "label"),
    [
        ("2025-03-17", Frequency.MONTHLY, "2025-03-01", "March 2025"),
        ("2025-05-17", Frequency.QUARTERLY, "2025-04-01", "Apr–Jun 2025"),
        ("2025-05-17", Frequency.YEARLY, "2025-01-01", "2025"),
        ("2025-05-17", Frequency.FINANCIAL_YEAR, "2025-04-01", "2025–26"),
        ("2025-02-17", Frequency.FINANCIAL_YEAR, "2024-04-01", "2024–25"),
    ],
)
def test_periods_start_and_are_named_as_people_expect(day, frequency, start, label):
    period_start = period_start_for(datetime.date.fromisoformat(day), frequency)
    assert period_start == datetime.date.fromisoformat(start)
    assert period_label(period_start, frequency) == label


def test_figures_are_written_without_needless_decimals():
    assert format_figure(Decimal("1200.00")) == "1,200"
    assert format_figure(Decimal("12.50")) == "12.5"
    assert format_quantity(Decimal("40.00"), "%") == "40%"
    assert format_quantity(Decimal("3"), "deaths") == "3 deaths"


def test_theme_directions_counts_each_themes_indicators_in_three_queries(
    make_theme, make_indicator, add_figures, django_assert_num_queries
):
    violence, town_centre, empty = make_theme(), make_theme(), make_theme()
    better = make_indicator(themes=[violence, town_centre])
    add_figures(better, {"2025-01": 10, "2025-02": 5})
    worse = make_indicator(themes=[town_centre])
    add_figures(worse, {"2025-01": 10, "2025-02": 50, "2025-03": 70})
    make_indicator(themes=[town_centre], is_public=False)
    # theme–indicator links, indicators, their totals
    with django_assert_num_queries(3):
        directions = theme_directions(violence.plan)
    assert directions[violence.pk] == {"better": 1, "worse": 0, "no_change": 0, "no_data": 0}
    assert directions[town_centre.pk] == {"better": 1, "worse": 1, "no_change": 0, "no_data": 1}
    assert empty.pk not in directions
    public = theme_directions(violence.plan, public_only=True)
    assert public[town_centre.pk]["no_data"] == 0


def test_a_figure_for_a_period_that_has_not_begun_is_refused(make_indicator):
    from django.core.exceptions import ValidationError

    from indicators.models import IndicatorValue

    indicator = make_indicator(unit="incidents")
    next_year = datetime.date.today().year + 1
    value = IndicatorValue(
        indicator=indicator,
        period_start=datetime.date(next_year, 6, 1),
        frequency="monthly",
        figure=3,
    )
    with pytest.raises(ValidationError) as refused:
        value.full_clean()
    assert refused.value.message_dict["period_start"] == [
        f"June {next_year} has not begun yet: a figure can only be for a period that has started."
    ]


@pytest.mark.parametrize(
    "unit, refused",
    [("incidents", True), ("people", True), ("%", False), ("change per 1,000", False)],
)
def test_a_negative_figure_is_refused_only_for_counts(make_indicator, unit, refused):
    from django.core.exceptions import ValidationError

    from indicators.models import IndicatorValue

    value = IndicatorValue(
        indicator=make_indicator(unit=unit),
        period_start=datetime.date(2025, 1, 1),
        frequency="monthly",
        figure=-2,
    )
    if refused:
        with pytest.raises(ValidationError, match="below zero"):
            value.full_clean()
    else:
        value.full_clean()
