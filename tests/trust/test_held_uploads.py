"""portal.held_uploads: a file held between its preview and its confirmation."""

import os
import time

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.files import storage
from django.test import RequestFactory

from portal.held_uploads import (
    UploadChanged,
    UploadGone,
    upload_held,
    upload_hold,
    upload_release,
)

# The module `storage`, not `default_storage` itself: collecting a test module touches its
# names, and touching that lazy object before the test settings apply fixes it too early.
FOLDER = "held/"


@pytest.fixture
def request_with_session(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


def hold(request, data=b"a,b\n1,2\n", **owner):
    return upload_hold(
        request, "key", data, folder=FOLDER, extension=".csv", filename="mine.csv", **owner
    )


def test_a_held_file_is_read_back_for_its_owner(request_with_session):
    held = hold(request_with_session, plan=7)
    assert held["name"].startswith(FOLDER) and "mine" not in held["name"]
    assert upload_held(request_with_session, "key", plan=7) == (held, b"a,b\n1,2\n")


def test_it_is_refused_for_another_owner(request_with_session):
    hold(request_with_session, plan=7)
    with pytest.raises(UploadGone):
        upload_held(request_with_session, "key", plan=8)


def test_it_is_refused_once_its_bytes_change(request_with_session):
    held = hold(request_with_session)
    with storage.default_storage.open(held["name"], "wb") as stored:
        stored.write(b"something else")
    with pytest.raises(UploadChanged):
        upload_held(request_with_session, "key")


def test_released_and_replaced_files_are_deleted(request_with_session):
    first = hold(request_with_session)
    second = hold(request_with_session, b"new")
    assert not storage.default_storage.exists(first["name"])
    upload_release(request_with_session, "key", folder=FOLDER)
    assert not storage.default_storage.exists(second["name"])
    with pytest.raises(UploadGone):
        upload_held(request_with_session, "key")


def test_files_older_than_a_session_are_removed_on_the_next_hold(request_with_session, settings):
    old = hold(request_with_session)
    request_with_session.session.flush()
    then = time.time() - settings.SESSION_COOKIE_AGE - 60
    os.utime(storage.default_storage.path(old["name"]), (then, then))
    hold(request_with_session)
    assert not storage.default_storage.exists(old["name"])
