import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.roles import PARTNER_LEADS
from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound, Status
from public.views import pages as public
from tests.browser.pages import sign_in
from themes.models import Partner, Plan

pytestmark = pytest.mark.django_db(transaction=True)

CURRENT = "/plans/csp-plan-2024-2028"
ARCHIVE = "/plans/business-plan-2018-19"

# Every kind of public HTML page (feeds and downloads are not HTML), in its busiest states.
PUBLIC_PAGES = [
    "/",
    "/plans/",
    "/open-data/",
    f"{CURRENT}/",
    f"{CURRENT}/you-said-we-are-doing/",
    f"{CURRENT}/themes/1/",
    f"{CURRENT}/actions/",
    f"{CURRENT}/actions/1/",
    f"{CURRENT}/actions/2/",
    f"{ARCHIVE}/",
    f"{ARCHIVE}/you-said-we-are-doing/",
    f"{ARCHIVE}/themes/2/",
    f"{ARCHIVE}/actions/",
    f"{ARCHIVE}/actions/?page=2",
    f"{ARCHIVE}/actions/?q=the&theme=&status=not_recorded&page=2",
    f"{ARCHIVE}/actions/?q=campaign&theme=&status=complete",
    f"{ARCHIVE}/actions/?theme=999999&status=lost",
    f"{ARCHIVE}/actions/1/",
    f"{ARCHIVE}/actions/13/",
    "/indicators/",
    "/what-the-statuses-mean/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/contact/",
    "/accounts/login/",
    "/no-such-page/",
]


@pytest.fixture
def seeded_server(live_server, monkeypatch):
    """The seed plans, with progress published over two rounds on the current plan so that
    status tags, freshness counts and "Not updated since" hints are on the pages."""
    call_command("load_seed_plans", stdout=StringIO())
    monkeypatch.setattr(public, "ACTIONS_PER_PAGE", 10)
    plan = Plan.objects.get(slug="csp-plan-2024-2028")
    theme = plan.themes.get(number=1)
    theme.easy_read_summary = "Fewer people hurt by violence.\n\n- Safer streets\n- More help"
    theme.save()
    older = ReportingRound.objects.create(
        plan=plan, name="Q1 2025–26", starts_on=datetime.date(2025, 4, 1)
    )
    latest = ReportingRound.objects.create(
        plan=plan, name="Q2 2025–26", starts_on=datetime.date(2025, 7, 1)
    )
    for number, status in [(1, Status.ON_TRACK), (2, Status.AT_RISK), (3, Status.OFF_TRACK)]:
        action = Action.objects.create(
            plan=plan,
            theme=theme,
            number=number,
            text=f"Action {number} of the current plan.\n\n- A first step\n- A second step",
            easy_read_summary="We will do this." if number == 1 else "",
        )
        for round in [older, latest][: 2 if number != 2 else 1]:
            ProgressUpdate.objects.create(
                action=action,
                round=round,
                narrative="Internal.",
                public_summary="What happened.\n\n- One thing\n- Another",
                status=status,
                state=ProgressUpdate.State.PUBLISHED,
                published_at=timezone.now(),
            )
        action.refresh_public_status()
        ActionLead.objects.create(action=action, partner=Partner.objects.order_by("pk")[0])
    return live_server


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_axe_violations(seeded_server, page, axe_violations, path):
    page.goto(seeded_server.url + path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_stale_actions_are_marked_on_the_current_plan(seeded_server, page):
    page.goto(seeded_server.url + f"{CURRENT}/themes/1/")
    assert page.get_by_text("Not updated since Q1 2025–26").count() == 1


def test_pages_work_on_a_phone_sized_screen(seeded_server, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(seeded_server.url + "/plans/business-plan-2018-19/actions/")
    assert page.get_by_role("link", name="Sign in").is_visible()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 375 + 1, "the page scrolls sideways on a phone"


def test_the_accessibility_check_can_fail(page, axe_violations):
    page.set_content('<html lang="en"><body><main><h1>x</h1><img src="a.png"></main></body></html>')
    assert any(violation.startswith("image-alt") for violation in axe_violations(page))


# Whatever a page holds, at a phone's width nothing scrolls sideways and every status tag is
# wholly on the screen.
FITS_CHECK = """() => {
    const width = window.innerWidth;
    const tags = [...document.querySelectorAll(".govuk-tag")].map((tag) => {
        const box = tag.getBoundingClientRect();
        return {text: tag.textContent.trim(), left: box.left, right: box.right};
    });
    return {
        scrollWidth: document.documentElement.scrollWidth,
        width,
        outside: tags.filter((tag) => tag.left < 0 || tag.right > width),
        tags: tags.length,
    };
}"""


@pytest.mark.parametrize("width", [320, 390])
def test_every_public_page_fits_a_phone(seeded_server, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    tags = 0
    for path in PUBLIC_PAGES:
        page.goto(seeded_server.url + path)
        fits = page.evaluate(FITS_CHECK)
        assert fits["scrollWidth"] <= fits["width"], f"{path} scrolls sideways at {width}px"
        assert fits["outside"] == [], f"{path} at {width}px"
        tags += fits["tags"]
    assert tags > 20


@pytest.mark.parametrize("width", [320, 390])
def test_my_actions_fits_a_phone(seeded_server, page, make_user, width):
    make_user("phonelead", role=PARTNER_LEADS, partners=[Partner.objects.order_by("pk")[0]])
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, seeded_server.url, "phonelead")
    page.goto(seeded_server.url + "/my-actions/")
    fits = page.evaluate(FITS_CHECK)
    assert fits["tags"] >= 3
    assert fits["scrollWidth"] <= fits["width"]
    assert fits["outside"] == []


def test_the_filters_fold_away_on_a_phone_but_not_on_a_computer(seeded_server, page):
    url = seeded_server.url + f"{ARCHIVE}/actions/"
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(url)
    assert not page.locator("details.csp-filters-details").evaluate("d => d.open")
    page.goto(url + "?q=campaign")
    assert page.locator("details.csp-filters-details").evaluate("d => d.open")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(url)
    assert page.locator("details.csp-filters-details").evaluate("d => d.open")


def test_public_pages_print_without_link_addresses(seeded_server, page):
    page.emulate_media(media="print")
    page.goto(seeded_server.url + f"{CURRENT}/actions/1/")
    after = page.locator("main a.govuk-link").first.evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert after in ("none", "normal")


def test_the_phone_check_can_fail(page):
    page.set_viewport_size({"width": 320, "height": 800})
    page.set_content(
        '<html lang="en"><body><table><tr><td>A very long cell of text</td><td>and another</td>'
        '<td>and a third one</td><td><strong class="govuk-tag">On track</strong></td></tr>'
        "</table></body></html>"
    )
    page.add_style_tag(content="td { white-space: nowrap; }")
    fits = page.evaluate(FITS_CHECK)
    assert fits["scrollWidth"] > fits["width"]
    assert [tag["text"] for tag in fits["outside"]] == ["On track"]
