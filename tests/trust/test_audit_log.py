"""Every sign-in, failed sign-in, refusal, sign-out and permission refusal is logged to
"csp_portal.audit", without passwords, in a form that a forged username cannot break."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.roles import EXECUTIVE
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"


def test_a_sign_in_is_logged_with_the_address(client, make_user, audit):
    make_user("inspector")
    client.post(
        reverse("login"),
        {"username": "inspector", "password": PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    assert audit() == ["sign-in user='inspector' ip=198.51.100.7"]


def test_a_failed_sign_in_is_logged_without_the_password(client, make_user, audit):
    make_user("inspector")
    client.post(reverse("login"), {"username": "inspector", "password": "S3cret-Typo!"})
    assert audit() == ["sign-in failed username='inspector' ip=127.0.0.1"]
    assert "S3cret" not in " ".join(audit())


def test_a_refused_sign_in_is_logged(client, make_user, audit):
    make_user("inspector")
    for _ in range(6):
        client.post(reverse("login"), {"username": "inspector", "password": "wrong"})
    assert audit()[-1].startswith(
        "sign-in refused: too many failures username='inspector' ip=127.0.0.1 retry_after="
    )


def test_a_sign_out_is_logged(client, make_user, audit):
    verified_login(client, make_user("inspector"))
    client.post(reverse("logout"))
    assert audit()[-1] == "sign-out user='inspector' ip=127.0.0.1"


def test_a_permission_refusal_is_logged_and_explained(client, make_user, audit):
    verified_login(client, make_user("inspector"))
    response = client.get(reverse("reports:dashboard_index"))
    assert response.status_code == 403
    assert b"You do not have permission to see this page" in response.content
    assert audit()[-1] == (
        "permission refused user='inspector' method=GET path='/dashboards/' ip=127.0.0.1"
    )


def test_a_csrf_refusal_is_logged(make_user, audit):
    client = Client(enforce_csrf_checks=True)
    verified_login(client, make_user("inspector"))
    client.post(reverse("logout"))
    assert audit()[-1].startswith(
        "request refused: CSRF check failed user='inspector' method=POST path='/accounts/logout/'"
    )


def test_a_forged_username_cannot_add_lines_to_the_log(client, audit):
    client.post(
        reverse("login"),
        {"username": "x\nsign-in user='admin' ip=1.2.3.4", "password": "wrong"},
    )
    (line,) = audit()
    assert "\n" not in line
    assert line.startswith('sign-in failed username="x\\nsign-in user=')


def test_the_audit_logger_is_configured_to_keep_info_records(settings):
    assert settings.LOGGING["loggers"]["csp_portal.audit"]["level"] == "INFO"
    assert logging.getLogger("csp_portal.audit").getEffectiveLevel() == logging.INFO


def test_account_invitations_changes_and_deactivations_are_logged(
    client, officer, make_partner, audit
):
    police = make_partner("Bedfordshire Police", slug="police")
    verified_login(client, officer)
    data = {"first_name": "A", "last_name": "B", "email": "ab@example.org", "partners": [police.pk]}
    client.post(reverse("actions:account_invite"), data)
    account = get_user_model().objects.get(username="ab@example.org")
    client.post(reverse("actions:account_edit", args=[account.pk]), {"role": EXECUTIVE})
    client.post(reverse("actions:account_deactivate", args=[account.pk]))
    client.post(reverse("actions:account_reactivate", args=[account.pk]))
    assert audit()[1:] == [  # after the officer's sign-in
        "account invited user='ab@example.org' by='officer'",
        "account changed user='ab@example.org' by='officer' role='Executive' partners=[]",
        "account deactivated user='ab@example.org' by='officer'",
        "account reactivated user='ab@example.org' by='officer'",
    ]
