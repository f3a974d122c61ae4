"""Sign-in and password reset pages: complete, GOV.UK markup, and no account enumeration."""

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_labels_its_fields_and_suggests_autocomplete(client):
    html = client.get(reverse("login")).content.decode()
    assert html.count("<h1") == 1
    assert '<label class="govuk-label" for="id_username">' in html
    assert '<label class="govuk-label" for="id_password">' in html
    assert 'class="govuk-input"' in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert "<title>Sign in –" in html


def test_a_failed_sign_in_shows_the_error_summary_and_marks_the_title(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    html = response.content.decode()
    assert 'class="govuk-error-summary"' in html
    assert "<title>Error: Sign in" in html
    assert "govuk-input--error" in html


def test_password_reset_does_not_reveal_whether_an_address_has_an_account(client, make_user):
    make_user("inspector")
    known = client.post(reverse("password_reset"), {"email": "inspector@example.org"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1


def test_the_reset_link_lets_the_user_choose_a_new_password(client, make_user):
    user = make_user("inspector")
    client.post(reverse("password_reset"), {"email": "inspector@example.org"})
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    new_password = "correct horse battery staple 42"
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_a_used_reset_link_says_it_has_expired(client):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "bad-token"]))
    assert b"This link has expired" in response.content


@pytest.mark.parametrize(
    "name", ["password_reset", "password_reset_done", "password_reset_complete", "login"]
)
def test_account_pages_have_one_heading_and_a_title(client, name):
    html = client.get(reverse(name)).content.decode()
    assert html.count("<h1") == 1
    assert re.search(r"<title>[^<]+ – Community Safety Partnership</title>", html)
