import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.roles import EXECUTIVE, PARTNER_LEADS
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db

URL = reverse("actions:account_list")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(URL).url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["police_lead", "executive"])
def test_partner_leads_and_the_executive_are_refused(client, request, persona):
    verified_login(client, request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403


def test_it_lists_accounts_with_role_partners_status_and_last_sign_in(
    client, officer, make_user, make_partner, django_assert_num_queries
):
    council = make_partner("Luton Council")
    health = make_partner("Public Health", parent=council)
    for n, partner in enumerate([make_partner("Bedfordshire Police"), health, council]):
        make_user(f"lead{n}", role=PARTNER_LEADS, partners=[partner], is_active=n != 1)
    make_user("board", role=EXECUTIVE, first_name="Ruth", last_name="Board")
    make_user("admin", is_superuser=True, is_staff=True)
    verified_login(client, officer)
    # session, user, the session's two-factor device, the partnership, permissions, page count,
    # accounts, their groups, their partners (+parent)
    with django_assert_num_queries(9):
        response = client.get(URL)
    rows = {row.account.username: row for row in response.context["rows"]}
    assert rows["lead1"].partners == ["Luton Council Public Health"]
    assert rows["lead0"].role == "Partner lead"
    assert rows["board"].role == "Executive"
    assert rows["admin"].role == "Administrator"
    assert rows["officer"].role == "Officer"
    assert [name for name, row in rows.items() if row.can_manage] == [
        "board",
        "lead0",
        "lead1",
        "lead2",
    ]
    assertContains(response, "Deactivated")
    assertContains(response, "Ruth Board")
    assertContains(response, reverse("actions:account_edit", args=[rows["lead0"].account.pk]))
    assertNotContains(response, reverse("actions:account_edit", args=[rows["admin"].account.pk]))
    assertContains(response, "Never")


def test_it_is_paginated(client, officer, make_user):
    for n in range(51):
        make_user(f"lead{n:02}", role=PARTNER_LEADS)
    verified_login(client, officer)
    response = client.get(URL)
    assert len(response.context["rows"]) == 50
    assertContains(response, "Page 1 of 2")


def test_officers_find_it_in_their_menu(client, officer, police_lead):
    verified_login(client, officer)
    assertContains(client.get(reverse("actions:my_actions")), f'href="{URL}"')
    verified_login(client, police_lead)
    assertNotContains(client.get(reverse("actions:my_actions")), f'href="{URL}"')
