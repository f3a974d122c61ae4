import pytest
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.roles import OFFICERS, PARTNER_LEADS
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def url(name, account):
    return reverse(f"actions:{name}", args=[account.pk])


@pytest.fixture
def lead(make_user, police):
    return make_user("lead", role=PARTNER_LEADS, partners=[police])


@pytest.mark.parametrize("name", ["account_deactivate", "account_reactivate"])
def test_anonymous_visitors_are_sent_to_sign_in(client, lead, name):
    assert client.post(url(name, lead)).url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["police_lead", "executive"])
@pytest.mark.parametrize("name", ["account_deactivate", "account_reactivate"])
def test_partner_leads_and_the_executive_are_refused(client, request, persona, lead, name):
    verified_login(client, request.getfixturevalue(persona))
    assert client.post(url(name, lead)).status_code == 403
    lead.refresh_from_db()
    assert lead.is_active


def test_an_officer_deactivates_and_reactivates_an_account(client, officer, lead):
    lead_client = type(client)()
    verified_login(lead_client, lead)
    verified_login(client, officer)
    response = client.post(url("account_deactivate", lead), follow=True)
    assertRedirects(response, reverse("actions:account_list"))
    assertContains(response, "lead can no longer sign in.")
    lead.refresh_from_db()
    assert not lead.is_active
    # The open session ends with it.
    assert lead_client.get(reverse("actions:my_actions")).url.startswith(reverse("login"))
    assert not lead_client.login(username="lead", password="a-long-test-password")

    response = client.post(url("account_reactivate", lead), follow=True)
    assertContains(response, "lead can sign in again.")
    lead.refresh_from_db()
    assert lead.is_active
    assert lead_client.login(username="lead", password="a-long-test-password")


def test_it_needs_a_post(client, officer, lead):
    verified_login(client, officer)
    assert client.get(url("account_deactivate", lead)).status_code == 405
    lead.refresh_from_db()
    assert lead.is_active


def test_nobody_deactivates_their_own_account(client, officer):
    verified_login(client, officer)
    response = client.post(url("account_deactivate", officer), follow=True)
    assertContains(response, "You cannot deactivate or reactivate your own account.")
    officer.refresh_from_db()
    assert officer.is_active


def test_officers_cannot_deactivate_officers_or_the_administrator(client, officer, make_user):
    colleague = make_user("colleague", role=OFFICERS)
    admin = make_user("admin", is_superuser=True, is_staff=True)
    verified_login(client, officer)
    for account in [colleague, admin]:
        assert client.post(url("account_deactivate", account)).status_code == 403
        account.refresh_from_db()
        assert account.is_active


def test_an_officer_sends_an_invitation_again_until_a_password_is_chosen(client, officer, police):
    verified_login(client, officer)
    client.post(
        reverse("actions:account_invite"),
        {"first_name": "A", "last_name": "B", "email": "ab@example.org", "partners": [police.pk]},
    )
    invited = police.members.get()
    page = client.get(url("account_edit", invited))
    assertContains(page, "Send the invitation again")
    response = client.post(url("account_invite_resend", invited), follow=True)
    assertContains(response, "The invitation was sent again to ab@example.org.")
    assert [m.to for m in mail.outbox] == [["ab@example.org"], ["ab@example.org"]]
    invited.set_password("a-chosen-long-password")
    invited.save()
    response = client.post(url("account_invite_resend", invited), follow=True)
    assertContains(response, "has already chosen a password")
    assert len(mail.outbox) == 2


def test_partner_leads_cannot_send_invitations(client, police_lead, lead):
    verified_login(client, police_lead)
    assert client.post(url("account_invite_resend", lead)).status_code == 403
    client.logout()
    assert client.post(url("account_invite_resend", lead)).url.startswith(reverse("login"))
    assert mail.outbox == []
