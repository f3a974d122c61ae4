import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import PARTNER_LEADS
from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound
from tests.browser.pages import PASSWORD, click_and_wait, sign_in
from themes.models import Partner, Plan, Theme

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def lead_with_action():
    plan = Plan.objects.create(
        title="Plan 2024–2028", slug="plan", start_year=2024, end_year=2028, state="current"
    )
    theme = Theme.objects.create(plan=plan, number=1, title="Town Centre safety")
    police = Partner.objects.create(name="Bedfordshire Police", slug="police")
    action = Action.objects.create(
        plan=plan, theme=theme, number=7, text="Patrol the town centre at night."
    )
    ActionLead.objects.create(action=action, partner=police, position=1)
    ReportingRound.objects.create(plan=plan, name="Q3 2025–26")
    user = get_user_model().objects.create_user("inspector", "i@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name=PARTNER_LEADS))
    police.members.add(user)
    return action


def test_a_partner_lead_writes_an_update_on_a_phone(
    live_server, page, axe_violations, lead_with_action
):
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, live_server.url, "inspector")
    page.wait_for_url("**/my-actions/")
    assert axe_violations(page) == []
    click_and_wait(page, page.get_by_role("link", name="Write it"))
    assert axe_violations(page) == []
    page.get_by_label("Progress (for partners and the Executive)").fill("Ten patrols ran.")
    click_and_wait(page, page.get_by_role("button", name="Submit"))
    # The public summary is missing: the error is shown and the text is kept.
    assert page.get_by_role("alert").first.is_visible()
    assert page.get_by_label("Progress (for partners and the Executive)").input_value() == (
        "Ten patrols ran."
    )
    assert axe_violations(page) == []
    page.get_by_label("Public summary").fill("Night patrols continued.")
    click_and_wait(page, page.get_by_role("button", name="Submit"))
    page.wait_for_url("**/my-actions/")
    assert "submitted for review" in page.content()
    assert axe_violations(page) == []
    assert ProgressUpdate.objects.get().state == "submitted"
    assert page.evaluate("document.documentElement.scrollWidth") <= 376
