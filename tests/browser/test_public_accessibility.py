from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = [
    "/",
    "/plans/",
    "/plans/csp-plan-2024-2028/",
    "/plans/csp-plan-2024-2028/you-said-we-are-doing/",
    "/plans/csp-plan-2024-2028/themes/1/",
    "/plans/business-plan-2018-19/",
    "/plans/business-plan-2018-19/themes/2/",
    "/plans/business-plan-2018-19/actions/",
    "/plans/business-plan-2018-19/actions/?q=campaign&theme=&status=complete",
    "/plans/business-plan-2018-19/actions/13/",
    "/accounts/login/",
    "/no-such-page/",
]


@pytest.fixture
def seeded_server(live_server):
    call_command("load_seed_plans", stdout=StringIO())
    return live_server


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_axe_violations(seeded_server, page, axe_violations, path):
    page.goto(seeded_server.url + path)
    assert page.locator("h1").count() == 1
    assert axe_violations(page) == []


def test_pages_work_on_a_phone_sized_screen(seeded_server, page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(seeded_server.url + "/plans/business-plan-2018-19/actions/")
    assert page.get_by_role("link", name="Sign in").is_visible()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 375 + 1, "the page scrolls sideways on a phone"


def test_the_accessibility_check_can_fail(page, axe_violations):
    page.set_content('<html lang="en"><body><main><h1>x</h1><img src="a.png"></main></body></html>')
    assert any(violation.startswith("image-alt") for violation in axe_violations(page))
