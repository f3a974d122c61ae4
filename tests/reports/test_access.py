"""Who may open the dashboards, the action list, its downloads and the performance report:
partner leads without the role are refused, and anonymous users are sent to sign in."""

import pytest
from django.urls import reverse

from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db

PAGES = [
    "reports:dashboard_index",
    "reports:plan_dashboard",
    "reports:theme_dashboard",
    "reports:partner_dashboard",
    "reports:action_list",
    "reports:action_export_csv",
    "reports:action_export_xlsx",
    "reports:performance_page",
    "reports:performance_pdf",
]


def url(name, scenario):
    """The page `name` of the scenario's plan (its first theme, its police partner)."""
    plan = scenario.plan.slug
    args = {
        "reports:dashboard_index": [],
        "reports:theme_dashboard": [plan, scenario.themes[0].number],
        "reports:partner_dashboard": [plan, scenario.police.slug],
    }.get(name, [plan])
    return reverse(name, args=args)


@pytest.mark.parametrize("name", PAGES)
def test_partner_leads_without_the_role_are_refused(client, scenario, partner_lead, name):
    verified_login(client, partner_lead)
    assert client.get(url(name, scenario)).status_code == 403


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_users_are_sent_to_sign_in(client, scenario, name):
    response = client.get(url(name, scenario))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
