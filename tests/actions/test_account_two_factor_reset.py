"""An officer resets a partner lead's or Executive member's two-factor sign-in after a lost
phone; only the administrator resets an officer's or a staff account's. Asked to confirm
first, and written to the audit log."""

import logging

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.asserts import assertContains, assertRedirects

from accounts.roles import OFFICERS
from tests.signing_in import confirmed_device, verified_login

pytestmark = pytest.mark.django_db


def url(account):
    return reverse("actions:account_two_factor_reset", args=[account.pk])


@pytest.fixture
def lead(police_lead):
    confirmed_device(police_lead)
    StaticDevice.objects.create(user=police_lead, name="Recovery codes")
    return police_lead


def has_two_factor(account):
    return (
        TOTPDevice.objects.filter(user=account).exists()
        or StaticDevice.objects.filter(user=account).exists()
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, lead):
    assert client.post(url(lead)).url.startswith(reverse("login"))
    assert has_two_factor(lead)


@pytest.mark.parametrize("persona", ["council_lead", "executive"])
def test_partner_leads_and_the_executive_are_refused(client, request, persona, lead):
    verified_login(client, request.getfixturevalue(persona))
    assert client.post(url(lead)).status_code == 403
    assert has_two_factor(lead)


def test_the_account_page_offers_the_reset_and_it_asks_to_confirm(client, officer, lead):
    verified_login(client, officer)
    edit = client.get(reverse("actions:account_edit", args=[lead.pk]))
    assertContains(edit, url(lead))
    page = client.get(url(lead))
    assertContains(page, "Reset two-factor sign-in for Sam Inspector?")
    assertContains(page, '<form method="post"')
    assert has_two_factor(lead)  # opening the page changes nothing


def test_an_officer_resets_a_partner_leads_two_factor(client, officer, lead, caplog):
    caplog.set_level(logging.INFO, logger="csp_portal.audit")
    lead_session = Client()
    verified_login(lead_session, lead)
    verified_login(client, officer)
    response = client.post(url(lead), follow=True)
    assertRedirects(response, reverse("actions:account_edit", args=[lead.pk]))
    assertContains(response, "Two-factor sign-in was reset for Sam Inspector.")
    assert not has_two_factor(lead)
    assert "two-factor reset user='inspector' by='officer'" in caplog.text
    # Their session no longer counts as verified; a partner lead carries on without it.
    assert lead_session.get(reverse("actions:my_actions")).status_code == 200


def test_an_officer_cannot_reset_another_officers_two_factor(client, officer, make_user):
    colleague = make_user("colleague", role=OFFICERS)
    confirmed_device(colleague)
    verified_login(client, officer)
    assert client.post(url(colleague)).status_code == 403
    assert has_two_factor(colleague)


def test_an_officer_cannot_reset_a_staff_accounts_two_factor(client, officer, make_user):
    staff = make_user("staffer", is_staff=True)
    confirmed_device(staff)
    verified_login(client, officer)
    assert client.post(url(staff)).status_code == 403
    assert has_two_factor(staff)


def test_the_administrator_resets_an_officers_two_factor(client, make_user):
    admin = make_user("root", is_staff=True, is_superuser=True)
    colleague = make_user("colleague", role=OFFICERS, is_staff=True)
    confirmed_device(colleague)
    verified_login(client, admin)
    assert client.post(url(colleague)).status_code == 302
    assert not has_two_factor(colleague)
    # At their next sign-in they set up a new app before anything else.
    again = Client()
    verified_login(again, colleague)
    TOTPDevice.objects.filter(user=colleague).delete()
    response = again.get(reverse("actions:my_actions"))
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_the_confirmation_page_reads_a_fixed_number_of_queries(
    client, officer, lead, django_assert_num_queries
):
    verified_login(client, officer)
    # session, user, the session's device, the partnership, the account, its groups, its
    # partners, the officer's permissions
    with django_assert_num_queries(8):
        client.get(url(lead))
