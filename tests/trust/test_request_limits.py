"""Request bodies are refused by their declared size before anything reads them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import SignInAttempt
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def test_an_anonymous_upload_is_refused_unread(client, settings):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * (settings.ANONYMOUS_REQUEST_MAX_BYTES))
    response = client.post(reverse("login"), {"username": "someone", "password": "x", "f": big})
    assert response.status_code == 413
    assert "What you sent is too large" in response.content.decode()
    # The sign-in view never ran: no failed attempt was counted.
    assert not SignInAttempt.objects.exists()


def test_a_declared_length_alone_is_enough_to_refuse(client):
    response = client.generic(
        "POST", reverse("login"), b"username=a", CONTENT_LENGTH=str(300 * 1024 * 1024)
    )
    assert response.status_code == 413


def test_an_ordinary_sign_in_form_is_not_affected(client, make_user):
    make_user("ordinary")
    response = client.post(
        reverse("login"), {"username": "ordinary", "password": "a-long-test-password"}
    )
    assert response.status_code == 302


def test_a_signed_in_user_may_send_a_document_but_not_more(client, officer, settings):
    settings.REQUEST_MAX_BYTES = 2 * 1024 * 1024
    verified_login(client, officer)
    under = SimpleUploadedFile("a.pdf", b"%PDF-" + b"x" * (1024 * 1024))
    assert client.post(reverse("actions:my_actions"), {"f": under}).status_code != 413
    over = SimpleUploadedFile("b.pdf", b"%PDF-" + b"x" * (2 * 1024 * 1024))
    response = client.post(reverse("actions:my_actions"), {"f": over})
    assert response.status_code == 413
    assert "2.0\xa0MB" in response.content.decode()
