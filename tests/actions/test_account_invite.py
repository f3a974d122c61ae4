import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.roles import PARTNER_LEADS
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db

URL = reverse("actions:account_invite")


def invite(police, **overrides):
    data = {
        "first_name": "Alex",
        "last_name": "Sergeant",
        "email": "Alex.Sergeant@Example.org",
        "partners": [police.pk],
    }
    data.update(overrides)
    return data


def test_anonymous_visitors_are_sent_to_sign_in(client, police):
    assert client.post(URL, invite(police)).url.startswith(reverse("login"))
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize("persona", ["police_lead", "executive"])
def test_partner_leads_and_the_executive_are_refused(client, request, persona, police):
    verified_login(client, request.getfixturevalue(persona))
    assert client.get(URL).status_code == 403
    assert client.post(URL, invite(police)).status_code == 403
    assert not get_user_model().objects.filter(email__iexact="alex.sergeant@example.org")
    assert mail.outbox == []


def test_an_officer_invites_a_partner_lead_who_chooses_a_password(client, officer, police):
    verified_login(client, officer)
    assertContains(client.get(URL), "Invite a partner lead")
    response = client.post(URL, invite(police), follow=True)
    assertRedirects(response, reverse("actions:account_list"))
    assertContains(response, "An invitation to choose a password was sent to")
    account = get_user_model().objects.get(username="alex.sergeant@example.org")
    assert account.email == "alex.sergeant@example.org"
    assert not account.has_usable_password()
    assert not account.is_staff and not account.is_superuser
    assert list(account.groups.values_list("name", flat=True)) == [PARTNER_LEADS]
    assert list(account.partners.all()) == [police]
    assert police.history.first().history_user == officer  # the membership is versioned
    (message,) = mail.outbox
    assert message.to == ["alex.sergeant@example.org"]
    assert "Bedfordshire Police" in message.body
    link = re.search(r"https?://\S+", message.body).group(0)

    client.logout()
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    password = "correct horse battery staple 42"
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )
    account.refresh_from_db()
    assert account.check_password(password)
    assert client.login(username="alex.sergeant@example.org", password=password)
    assert b"This link has expired" in client.get(link, follow=True).content  # used once


def test_an_invited_account_cannot_reset_a_password_it_never_chose(client, officer, police):
    verified_login(client, officer)
    client.post(URL, invite(police))
    client.logout()
    client.post(reverse("password_reset"), {"email": "alex.sergeant@example.org"})
    assert len(mail.outbox) == 1  # the invitation only


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"partners": []}, "Choose at least one partner they work for."),
        ({"email": "not an address"}, "Enter a valid email address."),
        ({"email": "OFFICER@example.org"}, "An account with this email address already exists."),
        ({"first_name": ""}, "This field is required."),
    ],
)
def test_a_refused_invitation_says_why_and_saves_nothing(
    client, officer, police, overrides, message
):
    verified_login(client, officer)
    before = get_user_model().objects.count()
    response = client.post(URL, invite(police, **overrides))
    assert response.status_code == 200
    assertContains(response, message)
    assertContains(response, "<title>Error:")
    assert get_user_model().objects.count() == before
    assert mail.outbox == []


def test_when_the_email_cannot_be_sent_no_account_is_made(client, officer, police, settings):
    # A mail server that refuses connections.
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    verified_login(client, officer)
    response = client.post(URL, invite(police))
    assertContains(response, "The invitation could not be sent, so no account was made.")
    assert not get_user_model().objects.filter(email="alex.sergeant@example.org").exists()
    assert not police.members.exists()
