import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.roles import OFFICERS
from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from tests.browser.pages import PASSWORD, click_and_wait, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "antisocial-behaviour-in-the-town-centre"


@pytest.fixture
def seeded_server(live_server):
    call_command("load_seed_plans", stdout=StringIO())
    call_command("load_seed_indicators", stdout=StringIO())
    indicator = Indicator.objects.get(slug=SLUG)
    for month, figure in [(1, 140), (2, 131), (3, 128), (5, 120), (6, 96)]:
        IndicatorValue.objects.create(
            indicator=indicator,
            period_start=datetime.date(2025, month, 1),
            frequency="monthly",
            figure=Decimal(figure),
        )
    IndicatorValue.objects.create(
        indicator=indicator,
        period_start=datetime.date(2025, 6, 1),
        frequency="monthly",
        breakdown="Luton 013C",
        figure=Decimal(40),
    )
    IndicatorTarget.objects.create(
        indicator=indicator, target_on=datetime.date(2026, 3, 31), figure=Decimal(100)
    )
    return live_server


@pytest.mark.parametrize("path", ["/indicators/", f"/indicators/{SLUG}/"])
def test_indicator_pages_have_no_axe_violations(seeded_server, page, axe_violations, path):
    page.goto(seeded_server.url + path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_the_chart_is_an_image_with_a_name_beside_a_table(seeded_server, page):
    page.goto(f"{seeded_server.url}/indicators/{SLUG}/")
    chart = page.get_by_role("img", name="Line chart of Less antisocial behaviour")
    assert chart.is_visible()
    assert page.get_by_role("table", name="Figures (incidents), latest first").is_visible()


def test_entry_pages_have_no_axe_violations(
    seeded_server, page, axe_violations, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    user = get_user_model().objects.create_user("officer", password=PASSWORD)
    user.groups.add(Group.objects.get(name=OFFICERS))
    sign_in(page, seeded_server.url, "officer")

    page.goto(f"{seeded_server.url}/indicators/{SLUG}/figures/add/")
    click_and_wait(page, page.get_by_role("button", name="Save figure"))
    assert page.locator(".govuk-error-summary").is_visible()
    assert axe_violations(page) == []

    page.goto(f"{seeded_server.url}/indicators/{SLUG}/figures/")
    assert axe_violations(page) == []

    page.goto(f"{seeded_server.url}/indicators/{SLUG}/figures/upload/")
    page.get_by_label("CSV file").set_input_files(
        files=[
            {
                "name": "figures.csv",
                "mimeType": "text/csv",
                "buffer": b"period,value\n2025-07,90\n2025-08,lots\n",
            }
        ]
    )
    click_and_wait(page, page.get_by_role("button", name="Check the file"))
    assert page.get_by_text("Row 3, column “value”: “lots” is not a number.").is_visible()
    assert axe_violations(page) == []
