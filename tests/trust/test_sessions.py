"""Sessions end after a period without activity; activity pushes the end back, at most once
every few minutes."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.security import SESSION_REFRESHED_AT
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, make_user):
    verified_login(client, make_user("inspector"))
    return client


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_sessions_last_eight_hours_of_inactivity():
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_REFRESH_SECONDS == 5 * 60
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


def backdate_refresh(client, seconds):
    """Pretend the session was last pushed back `seconds` ago."""
    session = client.session
    session[SESSION_REFRESHED_AT] = int(time.time()) - seconds
    session.save()
    row = session_row(client)
    row.expire_date = timezone.now() + timedelta(minutes=5)
    row.save()


def test_a_request_pushes_the_expiry_back_when_it_was_last_pushed_minutes_ago(signed_in):
    backdate_refresh(signed_in, settings.SESSION_REFRESH_SECONDS + 1)
    response = signed_in.get(reverse("actions:my_actions"))
    assert response.status_code == 200
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(session_row(signed_in).expire_date - expected) < timedelta(seconds=30)
    # and the browser's cookie lasts as long
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_requests_soon_after_the_last_push_write_nothing(signed_in):
    backdate_refresh(signed_in, 10)
    before = session_row(signed_in).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get(reverse("actions:my_actions")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert session_row(signed_in).expire_date == before


def test_signing_in_starts_the_period(client, make_user):
    verified_login(client, make_user("constable"))
    expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(session_row(client).expire_date - expected) < timedelta(seconds=30)
    assert client.session[SESSION_REFRESHED_AT] == pytest.approx(time.time(), abs=30)


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
