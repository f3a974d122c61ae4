"""The header offers each role the pages it works with, and none that would refuse it."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from accounts.roles import EXECUTIVE, OFFICERS, PARTNER_LEADS
from tests.signing_in import confirmed_device, totp_code, verified_login

pytestmark = pytest.mark.django_db

ROLES = [OFFICERS, EXECUTIVE, PARTNER_LEADS, None]


def header_links(html):
    nav = re.search(r'<nav class="csp-header__nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a class="csp-header__link" href="([^"]+)"', nav)


@pytest.fixture
def current_plan(plan, make_action, make_round, make_partner):
    make_action(leads=[make_partner("Fire Service")])
    make_round("Q1")
    return plan


@pytest.mark.parametrize("role", ROLES)
def test_no_header_link_refuses_the_role_that_is_offered_it(
    client, make_user, make_partner, current_plan, role
):
    user = make_user("someone", role=role)
    verified_login(client, user)
    links = header_links(client.get(reverse("actions:my_actions")).content.decode())
    assert reverse("actions:my_actions") in links
    for link in links:
        response = client.get(link, follow=True)
        assert response.status_code != 403, (role, link)
        assert response.status_code == 200, (role, link)


def test_officers_see_the_review_queue_and_the_rounds(client, officer, current_plan):
    verified_login(client, officer)
    links = header_links(client.get(reverse("actions:my_actions")).content.decode())
    assert reverse("actions:review_list") in links
    assert reverse("actions:round_index") in links
    response = client.get(reverse("actions:round_index"))
    assertRedirects(response, reverse("actions:round_list", args=[current_plan.slug]))


def test_partner_leads_are_not_offered_the_dashboards_or_the_review_queue(
    client, partner_lead, current_plan
):
    verified_login(client, partner_lead)
    links = header_links(client.get(reverse("actions:my_actions")).content.decode())
    assert reverse("reports:dashboard_index") not in links
    assert reverse("actions:review_list") not in links


def test_the_executive_lands_on_the_dashboards_after_signing_in(client, executive):
    response = client.post(
        reverse("login"), {"username": "executive", "password": "a-long-test-password"}, follow=True
    )
    assertRedirects(response, reverse("reports:dashboard_index"))


@pytest.mark.parametrize("role", [OFFICERS, PARTNER_LEADS])
def test_officers_and_leads_land_on_their_actions_after_signing_in(client, make_user, role):
    user = make_user("someone", role=role)
    device = confirmed_device(user) if role == OFFICERS else None
    response = client.post(
        reverse("login"), {"username": "someone", "password": "a-long-test-password"}
    )
    assertRedirects(response, reverse("actions:start_page"), fetch_redirect_response=False)
    if device is not None:
        # An officer gives the authenticator app's code, then goes on to the same page.
        start = reverse("actions:start_page")
        response = client.post(
            reverse("two_factor_verify"), {"code": totp_code(device), "next": start}
        )
        assertRedirects(response, start, fetch_redirect_response=False)
    assertRedirects(client.get(reverse("actions:start_page")), reverse("actions:my_actions"))


def test_the_start_page_needs_signing_in(client):
    assert client.get(reverse("actions:start_page")).url.startswith(reverse("login"))
