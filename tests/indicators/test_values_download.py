import csv
import io

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CSV_URL = reverse("indicators:values_download_csv")
JSON_URL = reverse("indicators:values_download_json")


@pytest.fixture
def indicators(make_indicator, add_figures, add_target):
    public = make_indicator("Less domestic abuse", slug="domestic-abuse", frequency="quarterly")
    add_figures(public, {"2025-01": 130, "2025-04": "120.5"})
    add_figures(public, {"2025-04": 12}, breakdown='=HYPERLINK("http://x")')
    add_target(public, "2026-03-31", "100")
    private = make_indicator("Internal caseload", slug="internal", is_public=False)
    add_figures(private, {"2025-01": 99})
    return public, private


def test_the_csv_has_the_documented_columns_and_only_public_figures(client, indicators):
    response = client.get(CSV_URL)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "indicator",
        "indicator_name",
        "unit",
        "direction",
        "frequency",
        "period_start",
        "period",
        "breakdown",
        "value",
    ]
    assert rows[1] == [
        "domestic-abuse",
        "Less domestic abuse",
        "incidents",
        "lower",
        "quarterly",
        "2025-01-01",
        "Jan–Mar 2025",
        "",
        "130.00",
    ]
    assert len(rows) == 4
    assert "internal" not in response.content.decode()


def test_text_a_spreadsheet_would_run_as_a_formula_is_neutralised(client, indicators):
    rows = list(csv.reader(io.StringIO(client.get(CSV_URL).content.decode())))
    breakdowns = [row[7] for row in rows[1:]]
    assert '\'=HYPERLINK("http://x")' in breakdowns


def test_the_csv_can_be_limited_to_one_indicator(client, indicators, make_indicator):
    make_indicator("Other", slug="other")
    rows = list(
        csv.reader(io.StringIO(client.get(CSV_URL, {"indicator": "internal"}).content.decode()))
    )
    assert rows[1:] == []


def test_the_json_has_public_indicators_with_values_and_targets(client, indicators):
    data = client.get(JSON_URL).json()
    assert [i["slug"] for i in data["indicators"]] == ["domestic-abuse"]
    indicator = data["indicators"][0]
    assert indicator["direction"] == "lower"
    assert indicator["values"][0] == {
        "period_start": "2025-01-01",
        "period": "Jan–Mar 2025",
        "breakdown": "",
        "value": 130.0,
    }
    assert indicator["targets"] == [{"target_on": "2026-03-31", "value": 100.0}]
    assert indicator["url"].endswith("/indicators/domestic-abuse/")


def test_downloads_run_a_fixed_number_of_queries(
    client, indicators, make_indicator, add_figures, django_assert_num_queries
):
    # CSV: figures with their indicators. JSON: indicators (+owner), figures, targets.
    with django_assert_num_queries(1):
        client.get(CSV_URL)
    with django_assert_num_queries(3):
        client.get(JSON_URL)
    more = make_indicator()
    add_figures(more, {"2025-01": 1, "2025-02": 2})
    with django_assert_num_queries(1):
        client.get(CSV_URL)
    with django_assert_num_queries(3):
        client.get(JSON_URL)
