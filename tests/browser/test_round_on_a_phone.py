"""A whole reporting round on a phone, 390 px wide: a police lead reports on three actions,
one shared with Public Health, which reports its own part; the officer sends one back, the
lead corrects it, and the officer publishes, confirming flagged words. Residents read only
the published summaries, and the dashboard and reminders count each lead of the shared
action for its own update."""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from accounts.roles import OFFICERS, PARTNER_LEADS
from accounts.twofactor import two_factor_required
from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound
from tests.browser.pages import PASSWORD, click_and_wait, enter_code
from tests.signing_in import confirmed_device, unused_code
from themes.models import Partner, Plan, Theme

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path("/tmp/csp-screenshots")
PROGRESS = "Progress (for partners and the Executive)"
ROUND = "Q3 2025–26"


@pytest.fixture
def round_scenario():
    plan = Plan.objects.create(
        title="Plan 2024–2028", slug="plan", start_year=2024, end_year=2028, state="current"
    )
    theme = Theme.objects.create(plan=plan, number=1, title="Town centre safety")
    police = Partner.objects.create(name="Bedfordshire Police", slug="police")
    health = Partner.objects.create(name="Public Health", slug="public-health")
    texts = {
        1: "Patrol the town centre at night.",
        2: "Close the drug markets near the station.",
        3: "Reduce alcohol-related violence.",
    }
    actions = {}
    for number, text in texts.items():
        actions[number] = Action.objects.create(plan=plan, theme=theme, number=number, text=text)
        ActionLead.objects.create(action=actions[number], partner=police, position=1)
    ActionLead.objects.create(action=actions[3], partner=health, position=2)
    ReportingRound.objects.create(plan=plan, name=ROUND)
    users = get_user_model().objects
    for username, group, partner in [
        ("inspector", PARTNER_LEADS, police),
        ("nurse", PARTNER_LEADS, health),
        ("officer", OFFICERS, None),
    ]:
        user = users.create_user(username, f"{username}@example.org", PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        if partner:
            partner.members.add(user)
    return actions


class Taps:
    """Counts the clicks and submits of a journey."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, locator):
        self.count += 1
        click_and_wait(self.page, locator)


def shoot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def sign_in(page, url, username, taps=None):
    """Sign in with the password, and the authenticator app's code when the role needs one
    (the officer's app is set up beforehand, as its owner would have)."""
    user = get_user_model().objects.get(username=username)
    if two_factor_required(user):
        confirmed_device(user)
    page.goto(url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    button = page.get_by_role("button", name="Sign in")
    taps.click(button) if taps else click_and_wait(page, button)
    if "/accounts/two-factor/code/" in page.url:
        enter_code(page, unused_code(confirmed_device(user)))


def sign_out(page):
    click_and_wait(page, page.get_by_role("button", name="Sign out"))


def my_row(page, number):
    return page.get_by_role("row").filter(
        has=page.get_by_role("link", name=re.compile(f"^{number}\\. "))
    )


def write_update(page, taps, number, narrative, summary):
    taps.click(my_row(page, number).get_by_role("link", name="Write it"))
    page.get_by_label(PROGRESS).fill(narrative)
    page.get_by_label("Public summary").fill(summary)
    taps.click(page.get_by_role("button", name="Submit", exact=True))
    page.wait_for_url("**/my-actions/")


def reminders():
    out = StringIO()
    call_command("send_update_reminders", "--dry-run", stdout=out)
    return out.getvalue()


def record_row(page):
    """(active, reported, no update) of the open round on a partner's dashboard."""
    row = page.get_by_role("row").filter(has_text=ROUND).first
    return tuple(cell.inner_text().strip() for cell in row.get_by_role("cell").all())


def review(page, number, partner=None):
    click_and_wait(page, page.get_by_role("link", name="Review queue"))
    rows = page.get_by_role("row").filter(has_text=f"action {number}")
    if partner:
        rows = rows.filter(has_text=partner)
    click_and_wait(page, rows.first.get_by_role("link"))


def test_a_round_from_first_update_to_publication_on_a_phone(
    live_server, page, axe_violations, round_scenario
):
    url = live_server.url
    page.set_viewport_size({"width": 390, "height": 844})

    # The police lead: one update from sign-in to submitted, back on My actions.
    taps = Taps(page)
    sign_in(page, url, "inspector", taps)
    page.wait_for_url("**/my-actions/")
    shoot(page, "1-my-actions")
    assert axe_violations(page) == []
    write_update(page, taps, 1, "Ten patrols ran.", "Night patrols continued.")
    assert taps.count <= 6
    assert "submitted for review" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 391

    # The shared action: the police, first-named, write the summary of the whole action.
    write_update(page, Taps(page), 3, "Pubwatch met twice.", "Fewer fights at closing time.")
    # The third on the page for the whole round.
    click_and_wait(page, page.get_by_role("link", name=re.compile("on one page")))
    shoot(page, "2-whole-round")
    assert axe_violations(page) == []
    section = page.locator("section").filter(
        has=page.get_by_role("heading", name=re.compile("^2\\. "))
    )
    section.get_by_label(PROGRESS).fill("Two closures near the station.")
    section.get_by_label("Public summary").fill("We closed a flat at 12 Station Road.")
    click_and_wait(page, page.get_by_role("button", name="Submit the filled-in updates"))
    page.wait_for_url("**/my-actions/")
    assert ProgressUpdate.objects.filter(state="submitted").count() == 3

    # Public Health still owes its part of action 3; the police owe nothing more.
    output = reminders()
    assert "Would remind nurse <nurse@example.org>: actions 3" in output
    assert "inspector" not in output
    sign_out(page)

    # The officer: the dashboard counts each lead for its own update, then sends one back.
    sign_in(page, url, "officer")
    page.goto(url + reverse("reports:partner_dashboard", args=["plan", "public-health"]))
    assert record_row(page)[-3:] == ("1", "0", "1")
    shoot(page, "3-health-dashboard")
    page.goto(url + reverse("reports:partner_dashboard", args=["plan", "police"]))
    assert record_row(page)[-3:] == ("3", "3", "0")
    review(page, 1)
    page.get_by_label("Send it back to the author").check()
    page.get_by_label("Comment for the author").fill("Say how many nights you patrolled.")
    click_and_wait(page, page.get_by_role("button", name="Confirm"))
    sign_out(page)

    # Public Health writes its own part: no summary of the whole action, no status.
    sign_in(page, url, "nurse")
    row = my_row(page, 3)
    assert "Missing" in row.inner_text()
    click_and_wait(page, row.get_by_role("link", name="Write it"))
    assert page.get_by_label("How is it going?").count() == 0
    assert page.get_by_label("This update is").count() == 0
    page.get_by_label(PROGRESS).fill("Nurses ran three clinics.")
    page.get_by_label("Public summary").fill("Health clinics ran on Friday nights.")
    click_and_wait(page, page.get_by_role("button", name="Submit", exact=True))
    page.wait_for_url("**/my-actions/")
    assert "Submitted" in my_row(page, 3).inner_text()
    assert "nurse" not in reminders()
    sign_out(page)

    # The police lead corrects what was sent back.
    sign_in(page, url, "inspector")
    row = my_row(page, 1)
    assert "Sent back" in row.inner_text()
    click_and_wait(page, row.get_by_role("link", name="Correct it"))
    assert "Say how many nights you patrolled." in page.content()
    page.get_by_label("Public summary").fill("Night patrols ran on ten nights.")
    click_and_wait(page, page.get_by_role("button", name="Submit", exact=True))
    page.wait_for_url("**/my-actions/")
    sign_out(page)

    # The officer publishes all four; the address in action 2's summary must be confirmed.
    sign_in(page, url, "officer")
    review(page, 2)
    assert "12 Station Road" in page.locator(".govuk-warning-text + ul").inner_text()
    page.get_by_label("Publish it").check()
    click_and_wait(page, page.get_by_role("button", name="Confirm"))
    assert page.get_by_role("alert").first.is_visible()  # not published without the tick
    shoot(page, "4-flagged")
    assert axe_violations(page) == []
    page.get_by_label("Public summary").fill("We closed a flat near the station.")
    page.get_by_label("I have checked the flagged words").check()
    click_and_wait(page, page.get_by_role("button", name="Confirm"))
    for number, partner in [(1, None), (3, "Public Health"), (3, None)]:
        review(page, number, partner)
        page.get_by_label("Publish it").check()
        click_and_wait(page, page.get_by_role("button", name="Confirm"))
    assert ProgressUpdate.objects.filter(state="published").count() == 4
    sign_out(page)

    # Residents read the published summaries of the shared action, nothing internal.
    page.goto(f"{url}/plans/plan/actions/3/")
    shoot(page, "5-public-action")
    content = page.content()
    assert "Fewer fights at closing time." in content
    assert "Health clinics ran on Friday nights." in content
    assert "Pubwatch met twice." not in content and "Nurses ran three clinics." not in content
    page.goto(f"{url}/plans/plan/actions/2/")
    assert "We closed a flat near the station." in page.content()
    assert "12 Station Road" not in page.content()
    assert axe_violations(page) == []
