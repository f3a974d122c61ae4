import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.roles import EXECUTIVE, OFFICERS, PARTNER_LEADS
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def edit_url(account):
    return reverse("actions:account_edit", args=[account.pk])


def roles(account):
    return sorted(account.groups.values_list("name", flat=True))


@pytest.fixture
def lead(make_user, police):
    return make_user("lead", role=PARTNER_LEADS, partners=[police])


def test_anonymous_visitors_are_sent_to_sign_in(client, lead, council):
    response = client.post(edit_url(lead), {"role": EXECUTIVE, "partners": [council.pk]})
    assert response.url.startswith(reverse("login"))
    assert roles(lead) == [PARTNER_LEADS]


@pytest.mark.parametrize("persona", ["police_lead", "executive"])
def test_partner_leads_and_the_executive_are_refused(client, request, persona, lead, council):
    verified_login(client, request.getfixturevalue(persona))
    assert client.get(edit_url(lead)).status_code == 403
    response = client.post(edit_url(lead), {"role": EXECUTIVE, "partners": [council.pk]})
    assert response.status_code == 403
    assert roles(lead) == [PARTNER_LEADS]


def test_an_officer_changes_an_accounts_partners_and_role(client, officer, lead, police, council):
    verified_login(client, officer)
    page = client.get(edit_url(lead))
    assertContains(page, "Partner lead")
    assert b'value="CSP officers"' not in page.content  # officers do not make officers
    response = client.post(edit_url(lead), {"role": PARTNER_LEADS, "partners": [council.pk]})
    assertRedirects(response, reverse("actions:account_list"))
    assert list(lead.partners.all()) == [council]
    # Each partner's history records who added or removed the member.
    assert police.history.first().history_user == officer
    assert council.history.first().history_user == officer
    client.post(edit_url(lead), {"role": EXECUTIVE, "partners": []}, follow=True)
    assert roles(lead) == [EXECUTIVE]
    assert not lead.partners.exists()


def test_saving_says_so(client, officer, lead, police):
    verified_login(client, officer)
    response = client.post(
        edit_url(lead), {"role": EXECUTIVE, "partners": [police.pk]}, follow=True
    )
    assertContains(response, "Saved the role and partners of lead.")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"role": PARTNER_LEADS, "partners": []},
            "Choose at least one partner for a partner lead.",
        ),
        ({"role": OFFICERS}, "Select a valid choice."),
        ({"role": "Everything"}, "Select a valid choice."),
        ({}, "This field is required."),
    ],
)
def test_a_refused_change_says_why_and_saves_nothing(client, officer, lead, police, data, message):
    verified_login(client, officer)
    response = client.post(edit_url(lead), data)
    assert response.status_code == 200
    assertContains(response, message)
    assert roles(lead) == [PARTNER_LEADS]
    assert list(lead.partners.all()) == [police]


def test_officers_cannot_change_officers_staff_administrators_or_themselves(
    client, officer, make_user
):
    others = [
        make_user("colleague", role=OFFICERS),
        make_user("staff", is_staff=True),
        make_user("admin", is_superuser=True),
        officer,
    ]
    verified_login(client, officer)
    for account in others:
        assert client.get(edit_url(account)).status_code == 403, account
        assert client.post(edit_url(account), {"role": EXECUTIVE}).status_code == 403
    assert roles(others[0]) == [OFFICERS]


def test_the_administrator_may_make_an_officer_but_never_staff(client, make_user, lead):
    admin = make_user("admin", is_superuser=True, is_staff=True)
    verified_login(client, admin)
    client.post(edit_url(lead), {"role": OFFICERS})
    lead.refresh_from_db()
    assert roles(lead) == [OFFICERS]
    assert not lead.is_staff and not lead.is_superuser


def test_other_groups_are_left_alone(client, officer, lead, police):
    other = Group.objects.create(name="Newsletter")
    lead.groups.add(other)
    verified_login(client, officer)
    client.post(edit_url(lead), {"role": EXECUTIVE, "partners": [police.pk]})
    assert roles(lead) == [EXECUTIVE, "Newsletter"]


def test_an_unknown_account_is_not_found(client, officer):
    verified_login(client, officer)
    assert client.get(reverse("actions:account_edit", args=[99999])).status_code == 404


def test_the_page_reads_a_fixed_number_of_queries(
    client, officer, make_user, make_partner, django_assert_num_queries
):
    council = make_partner("Luton Council")
    partners = [make_partner("Bedfordshire Police"), make_partner("Health", parent=council)]
    lead = make_user("lead", role=PARTNER_LEADS, partners=partners)
    verified_login(client, officer)
    # session, user, the session's two-factor device, the partnership, account, its groups, its
    # partners, permissions, whether the account has two-factor sign-in, the partner choices
    with django_assert_num_queries(10):
        client.get(edit_url(lead))
