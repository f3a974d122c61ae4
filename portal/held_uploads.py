"""An uploaded file held between its preview and its confirmation.

A page that checks a file and shows what it would do keeps the file until the user confirms
or cancels: `upload_hold` stores it under a random name in a private folder of
`default_storage` and remembers it in the session, with a digest of its bytes; `upload_held`
reads it back on confirmation and refuses it if it has gone, belongs to something else or
no longer has those bytes; `upload_release` deletes it. Holding a new file releases the one
held before under the same key, and deletes files of the folder older than a session can
last, whose users never came back.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone


class UploadGone(Exception):
    """No file is held under the key for this: it was never held, released, or expired."""


class UploadChanged(Exception):
    """The held file's bytes are not those that were checked."""


def upload_digest(data):
    return hashlib.sha256(data).hexdigest()


def upload_hold(request, key, data, *, folder, extension, filename, **owner):
    """Store `data` under `folder` (ending in "/") and remember it in the session under
    `key`, with `filename` (what the user called it) and `owner` (what it is for, e.g.
    plan=pk). Returns what the session remembers: name, digest, filename and `owner`."""
    upload_release(request, key, folder=folder)
    _remove_stale(folder)
    name = default_storage.save(
        f"{folder}{secrets.token_urlsafe(24)}{extension}", ContentFile(data)
    )
    held = {**owner, "name": name, "digest": upload_digest(data), "filename": filename[:200]}
    request.session[key] = held
    return held


def upload_held(request, key, **owner):
    """(what the session remembers, the file's bytes) of the file held under `key` for
    `owner`; UploadGone or UploadChanged when it cannot be used."""
    held = request.session.get(key)
    if not held or any(held.get(name) != value for name, value in owner.items()):
        raise UploadGone
    try:
        with default_storage.open(held["name"], "rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        raise UploadGone from None
    if upload_digest(data) != held["digest"]:
        raise UploadChanged
    return held, data


def upload_release(request, key, *, folder):
    """Delete the file held under `key`, if any, and forget it."""
    held = request.session.pop(key, None)
    if held and held["name"].startswith(folder):
        default_storage.delete(held["name"])


def _remove_stale(folder):
    """Delete held files older than a session can last: their sessions ended unconfirmed."""
    try:
        _folders, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    for name in names:
        path = folder + name
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except FileNotFoundError:
            continue
