"""Sessions end after a period without activity; every request pushes the end back."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, make_user):
    client.force_login(make_user("inspector"))
    return client


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_sessions_last_eight_hours_of_inactivity():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def test_each_request_pushes_the_expiry_back(signed_in):
    row = session_row(signed_in)
    row.expire_date = timezone.now() + timedelta(minutes=5)
    row.save()
    assert signed_in.get(reverse("actions:my_actions")).status_code == 200
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(session_row(signed_in).expire_date - expected) < timedelta(seconds=30)


def test_an_inactive_session_has_expired_and_asks_to_sign_in_again(signed_in):
    row = session_row(signed_in)
    row.expire_date = timezone.now() - timedelta(seconds=1)
    row.save()
    response = signed_in.get(reverse("actions:my_actions"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_signing_out_ends_the_session_on_the_server(signed_in):
    key = signed_in.session.session_key
    signed_in.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()


def test_signing_out_needs_a_post(signed_in):
    assert signed_in.get(reverse("logout")).status_code == 405
