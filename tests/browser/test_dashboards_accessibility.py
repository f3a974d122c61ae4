from io import StringIO

import pytest
from django.core.management import call_command

from accounts.roles import EXECUTIVE
from actions.models import ProgressUpdate, ReportingRound, Status
from tests.browser.pages import click_and_wait, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def board_data(live_server):
    """The seed plans, their closed round frozen, and an open round with some updates."""
    call_command("load_seed_plans", stdout=StringIO())
    call_command("freeze_closed_rounds", stdout=StringIO())
    round = ReportingRound.objects.create(
        plan_id=ReportingRound.objects.get().plan_id, name="2019–20 Q1"
    )
    for number, action in enumerate(round.plan.actions.order_by("number")[:6]):
        action.status = [Status.ON_TRACK, Status.AT_RISK, Status.OFF_TRACK][number % 3]
        action.save(update_fields=["status"])
        ProgressUpdate.objects.create(
            action=action,
            round=round,
            narrative="Progress this quarter.",
            status=action.status,
            state=ProgressUpdate.State.SUBMITTED,
        )
    return live_server


def test_the_dashboards_have_no_axe_violations_for_an_executive_member(
    board_data, page, axe_violations, make_user
):
    make_user("board-member", role=EXECUTIVE)
    sign_in(page, board_data.url, "board-member")
    # The Executive lands on the dashboards.
    page.wait_for_url("**/dashboards/")
    plan_link = page.get_by_role("link", name="Year two business plan 2018–19", exact=True)
    click_and_wait(page, plan_link)
    assert page.locator("h1").inner_text() == "Plan dashboard"
    assert page.get_by_role("img", name="All actions by status").count() == 1
    assert axe_violations(page) == []

    click_and_wait(page, page.get_by_role("link", name="Performance on a page").first)
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text() == "Performance on a page"
    assert axe_violations(page) == []

    for path in [
        "/dashboards/plans/business-plan-2018-19/themes/1/",
        "/dashboards/plans/business-plan-2018-19/partners/bedfordshire-police/",
        "/dashboards/plans/business-plan-2018-19/actions/?missing=1",
        "/dashboards/plans/business-plan-2018-19/?round=1&status=exploded",
    ]:
        page.goto(board_data.url + path)
        assert page.locator("h1").count() == 1, path
        assert axe_violations(page) == [], path
