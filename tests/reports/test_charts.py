import re
from pathlib import Path

from django.conf import settings

from actions.models import Status
from reports import charts
from reports.figures import Tally


def tally(**by_status):
    result = Tally()
    result.by_status.update(by_status)
    return result


def test_the_pdf_colours_are_the_stylesheets():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "portal.css").read_text()
    for status in Status:
        css_class = charts.bar_class(status.value)
        fill = re.search(rf"\.{css_class}\{{fill:(#[0-9a-f]+)\}}", css)
        assert fill, f"no fill for .{css_class} in portal.css"
        assert fill.group(1) == charts.PRINT_FILLS[status.value]


def test_bars_are_as_long_as_their_counts_and_labelled_for_screen_readers():
    chart = charts.status_bars(tally(on_track=4, at_risk=2), title="All actions", width=460)
    bars = {bar["label"]: bar for bar in chart["bars"]}
    assert bars["On track"]["width"] == 2 * bars["At risk"]["width"]
    assert bars["Complete"]["width"] == 0
    assert chart["title"] == "All actions: On track 4, At risk 2."


def test_stacked_bars_share_one_scale_and_list_only_the_statuses_drawn():
    chart = charts.stacked_bars(
        [("Theme 1", tally(on_track=2)), ("Theme 2", tally(on_track=2, off_track=2))],
        title="By theme",
    )
    one, two = chart["rows"]
    assert sum(s["width"] for s in two["segments"]) == 2 * sum(s["width"] for s in one["segments"])
    assert [key["label"] for key in chart["keys"]] == ["On track", "Off track"]
    assert chart["title"] == "By theme. Theme 1: On track 2; Theme 2: On track 2, Off track 2."


def test_an_empty_chart_says_so():
    assert charts.mini_bar(Tally(), title="Theme 4")["title"] == "Theme 4: no actions."
