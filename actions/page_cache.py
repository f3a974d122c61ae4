"""Whole-page caching of the public pages, for visitors who are not signed in.

A public page is rendered once per version of the data and then served from the cache. The
version is the newest history id of every model that keeps history (every model users edit
does, in every app): each save, deletion or many-to-many change writes a history row, so the
version moves with the data on every web server at once and a cached page is not served
after a change. Asking for the version is one small query (an index lookup per table); on a
hit it is the only query of the request. Each process asks at most once per
PUBLIC_PAGE_VERSION_SECONDS (one second), so under load a hit needs no query at all and a
change reaches anonymous visitors within that second.

Signed-in users, and visitors with a session or pending messages, always get a freshly
rendered page: their pages carry their name, forms and messages. A page that set a cookie or
used a CSRF token is never stored. Entries also expire after PUBLIC_PAGE_CACHE_SECONDS,
which bounds how long a page can lag in the one case the version misses: two writes whose
transactions commit in the opposite order to the one in which they took their history ids.

A model whose data a public page shows must keep its history (HistoricalRecords), as the
house style asks of every model users edit; one that does not would not invalidate pages.
"""

import functools
import hashlib
import time

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language


@functools.cache
def _history_tables():
    """The history table of every model that keeps history, in every app."""
    return sorted(
        model.history.model._meta.db_table
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None) == "history"
    )


_checked = {"version": None, "at": float("-inf")}


def data_version():
    """The newest history id of every model that keeps history, joined into one string (one
    query, or none when this process asked less than PUBLIC_PAGE_VERSION_SECONDS ago)."""
    now = time.monotonic()
    if now - _checked["at"] < settings.PUBLIC_PAGE_VERSION_SECONDS:
        return _checked["version"]
    _checked["version"], _checked["at"] = _version_query(), now
    return _checked["version"]


def _version_query():
    tables = [connection.ops.quote_name(table) for table in _history_tables()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"(SELECT MAX(history_id) FROM {table})" for table in tables)
        )
        return ".".join(str(value or 0) for value in cursor.fetchone())


def _is_anonymous_visit(request):
    cookies = request.COOKIES
    return (
        request.method == "GET"
        and settings.SESSION_COOKIE_NAME not in cookies
        and CookieStorage.cookie_name not in cookies
    )


def _key(request):
    parts = [
        data_version(),
        get_language() or "",
        request.scheme,
        request.get_host(),
        request.get_full_path(),
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"public-page:1:{digest}"


def _may_store(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
    )


def public_page_cache(view):
    """Serve `view`'s page from the cache to anonymous visitors while the data is unchanged."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or not _is_anonymous_visit(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if _may_store(request, response):
                cache.set(key, (response.content, response["Content-Type"]), seconds)
        # The page differs for signed-in users: shared caches downstream must know.
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
