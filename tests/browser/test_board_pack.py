"""The board's pages in a real browser: printed on one sheet, readable on a phone and a laptop."""

import pytest

from accounts.roles import EXECUTIVE
from tests.browser.pages import sign_in
from tests.reports.board import board_plan_build, pdf_pages

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/dashboards/plans/{slug}/",
    "/dashboards/plans/{slug}/themes/1/",
    "/dashboards/plans/{slug}/partners/bpo-0/",
    "/dashboards/plans/{slug}/performance/",
]


@pytest.fixture
def board(live_server, plan, make_user):
    """The fullest board plan, and a signed-in Executive member's page."""
    board_plan_build(plan, make_user("closing-officer"))
    make_user("board-member", role=EXECUTIVE)
    return live_server, plan


def test_chromium_prints_the_performance_page_on_one_a4_landscape_sheet(board, page):
    server, plan = board
    sign_in(page, server.url, "board-member")
    page.goto(f"{server.url}/dashboards/plans/{plan.slug}/performance/")
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == (1, (842, 595))


OVERFLOW = """() => {
  const width = window.innerWidth;
  const outside = [...document.querySelectorAll(".govuk-tag")]
    .map((tag) => tag.getBoundingClientRect())
    .filter((box) => box.left < 0 || box.right > width).length;
  const clipped = [...document.querySelectorAll(".csp-table-wrapper")]
    .filter((box) => box.scrollWidth > box.clientWidth + 1).length;
  return {page: document.documentElement.scrollWidth, width, outside, clipped};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_dashboards_fit_the_screen_with_nothing_cut_off(board, page, width):
    server, plan = board
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, server.url, "board-member")
    for path in PAGES:
        page.goto(server.url + path.format(slug=plan.slug))
        found = page.evaluate(OVERFLOW)
        where = path.format(slug=plan.slug)
        assert found["page"] <= found["width"], where
        assert found["outside"] == 0, where
        assert found["clipped"] == 0, where
