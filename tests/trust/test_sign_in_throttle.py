"""Repeated failed sign-ins are refused for a while, with a clear message, and at once (no
worker waits). Failures pause an account only from the addresses they came from, so a
stranger cannot lock the owner out; a guess spread over many addresses pauses the account
everywhere but its known addresses, and an emailed link lifts that pause. The counts live in
the database, so every web server process shares them."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import KnownAddress, SignInAttempt
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
ATTACKER = "203.0.113.66"
OWNER = "198.51.100.7"


@pytest.fixture
def account(make_user):
    return make_user("inspector")


def sign_in(client, username="inspector", password="wrong password", ip=OWNER):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def spread_failures(count, username="inspector"):
    """`count` failures for the account, each from a different address, as a botnet makes."""
    for n in range(count):
        sign_in(Client(), username=username, ip=f"10.0.{n // 250}.{n % 250 + 1}")


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


def test_failed_sign_ins_never_wait_in_the_worker(client, account):
    with mock.patch("time.sleep", side_effect=AssertionError("a worker waited")):
        started = time.monotonic()
        for _ in range(10):
            sign_in(client)
        elapsed = time.monotonic() - started
    assert elapsed < 1.0
    assert SignInAttempt.objects.count() == 5  # the rest were refused at once, uncounted


def test_a_refusal_says_how_long_to_wait(client, account):
    for _ in range(5):
        sign_in(client)
    response = sign_in(client)
    assert b"Too many failed sign-in attempts. Try again in 15 minutes." in response.content


def test_the_fifth_failure_pauses_the_pair_with_a_clear_message(client, account):
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


def test_the_pause_holds_for_every_web_server_process(account):
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
    make_user("colleague")
    sign_in(Client(), username="colleague", password=PASSWORD, ip="203.0.113.9")
    for n in range(6):
        sign_in(client, username=f"guess{n}", ip="203.0.113.9")
    refused = sign_in(client, username="victim", password=PASSWORD, ip="203.0.113.9")
    assert b"Too many failed sign-in attempts" in refused.content
    other_address = sign_in(Client(), username="victim", password=PASSWORD, ip="192.0.2.1")
    assert other_address.status_code == 302
    # An account that signed in from this address lately is paused only by its own failures.
    known = sign_in(Client(), username="colleague", password=PASSWORD, ip="203.0.113.9")
    assert known.status_code == 302


def test_the_lock_does_not_reveal_whether_an_account_exists(client):
    for _ in range(5):
        sign_in(client, username="no-such-account")
    assert b"Too many failed" in sign_in(client, username="no-such-account").content


def test_a_successful_sign_in_clears_the_failures_from_its_own_address(client, account):
    for _ in range(3):
        sign_in(client)
    sign_in(Client(), ip=ATTACKER)
    sign_in(client, password=PASSWORD)
    assert list(SignInAttempt.objects.values_list("ip_address", flat=True)) == [ATTACKER]


def test_an_attackers_failures_do_not_stop_the_owner_from_another_address(account):
    for _ in range(5):
        sign_in(Client(), ip=ATTACKER)
    assert b"Too many failed" in sign_in(Client(), password=PASSWORD, ip=ATTACKER).content
    owner = Client()
    assert sign_in(owner, password=PASSWORD, ip=OWNER).status_code == 302
    assert owner.session["_auth_user_id"] == str(account.pk)


def test_an_attacker_changing_address_still_cannot_lock_the_owners_usual_address(settings, account):
    sign_in(Client(), password=PASSWORD, ip=OWNER)  # the owner's usual address
    settings.SIGN_IN_THROTTLE = {**settings.SIGN_IN_THROTTLE, "ACCOUNT_LOCK_AFTER": 20}
    spread_failures(25)
    assert sign_in(Client(), password=PASSWORD, ip=OWNER).status_code == 302


def test_a_guess_spread_over_many_addresses_pauses_the_account_elsewhere(settings, account):
    settings.SIGN_IN_THROTTLE = {**settings.SIGN_IN_THROTTLE, "ACCOUNT_LOCK_AFTER": 20}
    spread_failures(19)
    assert sign_in(Client(), password=PASSWORD, ip="192.0.2.200").status_code == 302
    spread_failures(20)
    refused = sign_in(Client(), password=PASSWORD, ip="192.0.2.201")
    assert refused.status_code == 200
    assert b"use the link we emailed to the account" in refused.content


def test_the_account_wide_limit_is_out_of_reach_of_a_few_addresses(account):
    for ip in ["203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4"]:
        for _ in range(6):
            sign_in(Client(), ip=ip)
    assert sign_in(Client(), password=PASSWORD, ip="192.0.2.1").status_code == 302


def test_the_account_wide_pause_emails_the_owner_once(settings, account):
    settings.SIGN_IN_THROTTLE = {**settings.SIGN_IN_THROTTLE, "ACCOUNT_LOCK_AFTER": 20}
    spread_failures(30)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["inspector@example.org"]
    assert "/accounts/unlock/" in mail.outbox[0].body


def test_the_pause_of_an_unknown_account_emails_nobody(settings, account):
    settings.SIGN_IN_THROTTLE = {**settings.SIGN_IN_THROTTLE, "ACCOUNT_LOCK_AFTER": 20}
    spread_failures(20, username="no-such-account")
    assert mail.outbox == []
    refused = sign_in(Client(), username="no-such-account", ip="192.0.2.9")
    assert b"use the link we emailed to the account" in refused.content


def unlock_link(settings):
    settings.SIGN_IN_THROTTLE = {**settings.SIGN_IN_THROTTLE, "ACCOUNT_LOCK_AFTER": 20}
    spread_failures(20)
    (message,) = mail.outbox
    return next(w for w in message.body.split() if "/accounts/unlock/" in w)


def test_the_unlock_link_restores_sign_in_from_anywhere_once(client, settings, account):
    link = unlock_link(settings)
    page = client.get(link)
    assert b"Let me sign in again" in page.content
    assert client.post(link).status_code == 302
    assert sign_in(Client(), password=PASSWORD, ip="192.0.2.77").status_code == 302
    spread_failures(20)
    used_again = client.post(link)
    assert b"This link does not work" in used_again.content
    assert b"Too many failed" in sign_in(Client(), password=PASSWORD, ip="192.0.2.78").content


def test_the_unlock_link_expires(client, settings, account):
    link = unlock_link(settings)
    later = time.time() + 60 * 60 + 1
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(link)
    assert b"This link does not work" in response.content
    assert b"Too many failed" in sign_in(Client(), password=PASSWORD, ip="192.0.2.79").content


def test_a_tampered_unlock_link_does_nothing(client, settings, account):
    link = unlock_link(settings)
    assert b"This link does not work" in client.post(link[:-4] + "abc/").content
    assert SignInAttempt.objects.count() == 20


def test_a_successful_sign_in_remembers_its_address(client, account):
    sign_in(client, password=PASSWORD)
    assert KnownAddress.objects.get().ip_address == OWNER


def test_a_known_address_is_still_paused_by_its_own_failures(client, account):
    sign_in(Client(), password=PASSWORD)
    for _ in range(5):
        sign_in(client)
    assert b"Too many failed" in sign_in(client, password=PASSWORD).content


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
    verified_login(client, account)
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
