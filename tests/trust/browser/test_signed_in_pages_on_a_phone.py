"""Every page a signed-in officer can open fits a phone: at 320 and 390 px nothing scrolls
sideways and every status tag is wholly on the screen. The pages are found by walking the URL
configuration, so a page added later is checked without editing this file."""

import pytest
from django.test import Client

from tests.browser.pages import sign_in
from tests.browser.test_public_accessibility import FITS_CHECK
from tests.signing_in import verified_login
from tests.trust.routes import PUBLIC_ROUTES, route_urls

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.ignore_template_errors]


def signed_in_pages(client):
    """The paths of the HTML pages `client` may open, the admin's and public ones left out."""
    paths = []
    for route, url in route_urls(client):
        if route.is_admin or route.key in PUBLIC_ROUTES or "logout" in url:
            continue
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            paths.append(url)
    return paths


@pytest.mark.parametrize("width", [320, 390])
def test_every_signed_in_page_fits_a_phone(live_server, page, portal, officer, width):
    client = Client()
    verified_login(client, officer)
    paths = signed_in_pages(client)
    assert len(paths) > 20
    sign_in(page, live_server.url, officer.username)
    page.set_viewport_size({"width": width, "height": 800})
    too_wide = {}
    for path in paths:
        page.goto(live_server.url + path)
        fits = page.evaluate(FITS_CHECK)
        if fits["scrollWidth"] > fits["width"] or fits["outside"]:
            too_wide[path] = (fits["scrollWidth"], [tag["text"] for tag in fits["outside"]])
    assert too_wide == {}
