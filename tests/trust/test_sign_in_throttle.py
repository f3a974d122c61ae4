"""Repeated failed sign-ins are slowed, then refused for a while, with a clear message; the
counts live in the database, so every web server process shares them."""

import time
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SignInAttempt

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def quick_throttle(settings):
    settings.SIGN_IN_THROTTLE = {
        **settings.SIGN_IN_THROTTLE,
        "DELAY_SECONDS": 0.01,
        "MAX_DELAY_SECONDS": 0.02,
    }


@pytest.fixture
def account(make_user):
    return make_user("inspector")


def sign_in(client, username="inspector", password="wrong password", ip="198.51.100.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_a_correct_password_signs_in(client, account):
    response = sign_in(client, password=PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(account.pk)


def test_a_wrong_password_says_so_and_shows_the_username_back(client, account):
    response = sign_in(client)
    assert response.status_code == 200
    assert b"Enter a correct username and password" in response.content
    assert b'value="inspector"' in response.content
    assert SignInAttempt.objects.filter(username="inspector").count() == 1


def test_failures_after_the_third_are_answered_more_slowly(client, account, settings):
    settings.SIGN_IN_THROTTLE = {
        **settings.SIGN_IN_THROTTLE,
        "DELAY_SECONDS": 0.2,
        "MAX_DELAY_SECONDS": 0.4,
    }
    timings = []
    for _ in range(4):
        started = time.monotonic()
        sign_in(client)
        timings.append(time.monotonic() - started)
    assert max(timings[:2]) < 0.15
    assert timings[2] >= 0.2  # third failure: one step
    assert timings[3] >= 0.4  # fourth: two steps (the cap)


def test_the_fifth_failure_locks_the_account_with_a_clear_message(client, account):
    for _ in range(4):
        sign_in(client)
    response = sign_in(client)
    assert b"Too many failed sign-in attempts. Try again in 15 minutes." in response.content


def test_a_locked_account_refuses_even_the_right_password(client, account):
    for _ in range(5):
        sign_in(client)
    response = sign_in(client, password=PASSWORD)
    assert response.status_code == 200
    assert b"Too many failed sign-in attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_refused_attempts_do_not_extend_the_lockout(client, account):
    for _ in range(5):
        sign_in(client)
    for _ in range(3):
        sign_in(client, password=PASSWORD)
    assert SignInAttempt.objects.count() == 5


def test_the_lock_holds_for_every_web_server_process(account):
    """Two clients stand for two gunicorn workers: the count is in the database."""
    for _ in range(5):
        sign_in(Client())
    response = sign_in(Client(), password=PASSWORD)
    assert b"Too many failed sign-in attempts" in response.content


def test_the_lock_ends_when_the_lockout_has_passed(client, account):
    for _ in range(5):
        sign_in(client)
    SignInAttempt.objects.update(attempted_at=timezone.now() - timedelta(minutes=16))
    assert sign_in(client, password=PASSWORD).status_code == 302


def test_the_remaining_minutes_count_down(client, account):
    for _ in range(5):
        sign_in(client)
    SignInAttempt.objects.update(attempted_at=timezone.now() - timedelta(minutes=14, seconds=5))
    response = sign_in(client, password=PASSWORD)
    assert b"Try again in 1 minute." in response.content


def test_usernames_are_counted_whatever_their_case(client, account):
    for username in ("inspector", "INSPECTOR", "Inspector ", "inSpector", "inspectoR"):
        sign_in(client, username=username)
    assert b"Too many failed" in sign_in(client, password=PASSWORD).content


def test_one_address_trying_many_accounts_is_refused(client, settings, make_user):
    settings.SIGN_IN_THROTTLE = {**settings.SIGN_IN_THROTTLE, "ADDRESS_LOCK_AFTER": 6}
    make_user("victim")
    for n in range(6):
        sign_in(client, username=f"guess{n}", ip="203.0.113.9")
    refused = sign_in(client, username="victim", password=PASSWORD, ip="203.0.113.9")
    assert b"Too many failed sign-in attempts" in refused.content
    other_address = sign_in(Client(), username="victim", password=PASSWORD, ip="192.0.2.1")
    assert other_address.status_code == 302


def test_the_lock_does_not_reveal_whether_an_account_exists(client):
    for _ in range(5):
        sign_in(client, username="no-such-account")
    assert b"Too many failed" in sign_in(client, username="no-such-account").content


def test_a_successful_sign_in_clears_the_accounts_failures(client, account):
    for _ in range(3):
        sign_in(client)
    sign_in(client, password=PASSWORD)
    assert not SignInAttempt.objects.filter(username="inspector").exists()


def test_the_admin_sign_in_page_is_throttled_too(client, make_user):
    make_user("staffer", is_staff=True)
    for _ in range(5):
        client.post(reverse("admin:login"), {"username": "staffer", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "staffer", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_the_forwarded_address_is_counted(client, settings, account):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SIGN_IN_THROTTLE = {**settings.SIGN_IN_THROTTLE, "ADDRESS_LOCK_AFTER": 100}
    client.post(
        reverse("login"),
        {"username": "inspector", "password": "wrong"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.20",
    )
    assert SignInAttempt.objects.get().ip_address == "198.51.100.20"


def test_old_failures_are_deleted_after_the_retention_period(client, account):
    SignInAttempt.objects.create(
        username="someone", ip_address="192.0.2.5", attempted_at=timezone.now() - timedelta(days=31)
    )
    sign_in(client)
    assert list(SignInAttempt.objects.values_list("username", flat=True)) == ["inspector"]


def test_passwords_must_pass_the_validators(client, account):
    client.force_login(account)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert b"This password is too short" in response.content
    assert b"This password is too common" in response.content
    account.refresh_from_db()
    assert account.check_password(PASSWORD)
    assert get_user_model().objects.get(pk=account.pk).check_password(PASSWORD)
