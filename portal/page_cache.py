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

Signed-in pages whose content is the same for everyone with the same permissions (the
Executive's dashboards: `scope=Permission(name)`) or for one user on repeated visits (My
actions: `scope=PerUser(user)`) share that content in the same way (`shared_content`),
rendered for a stand-in request without user, session or CSRF token: the layout around it,
with the user's sign-out form and messages, is rendered for every request, the content once
per version of the data. Whoever has
just saved something must see it: after any POST (every change is one) the browser's requests ask
for the version afresh for PUBLIC_PAGE_VERSION_SECONDS (`fresh_data_after_post`), the longest
another process may go on trusting a version it read before the change was committed.

Downloads (the open-data CSV, the dashboards' CSV and Excel files) are kept whole in the same
way when they are small (`shared_download`), so that a plan's export asked for again and again
after a news story or before a meeting is produced once per version of the data. A larger
download streams as it always does and is not kept: a worker never holds one whole.

Which tables make the version is registered by each app, not listed here. A model registers by
keeping its history (`history = HistoricalRecords()`, as the house style asks of every model
users edit): its history table is found from the model itself, so a model of a new app counts
as soon as it has history. A model whose rows pages show but that keeps no history names
itself in its app's AppConfig, `versioned_without_history = ["Model", ...]` (reports' frozen
rounds, accounts' erasures); its newest primary key then versions it. A model that does
neither is not in the version, and a change to it would not invalidate pages.
"""

import functools
import hashlib
import math
import time

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core import signing
from django.core.cache import cache, caches
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


@functools.cache
def _version_tables():
    """The history table of every model that keeps history, in every app, and the tables of
    the models apps list in `versioned_without_history`, with the column whose maximum
    versions each."""
    tables = [
        (model.history.model._meta.db_table, "history_id")
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None) == "history"
    ]
    for app_config in apps.get_app_configs():
        for name in getattr(app_config, "versioned_without_history", ()):
            model = app_config.get_model(name)
            tables.append((model._meta.db_table, model._meta.pk.column))
    return sorted(tables)


_checked = {"version": None, "at": float("-inf")}


def data_version(*, fresh=False):
    """The newest history id of every model that keeps history, joined into one string (one
    query, or none when this process asked less than PUBLIC_PAGE_VERSION_SECONDS ago and
    `fresh` is false)."""
    now = time.monotonic()
    if not fresh and now - _checked["at"] < settings.PUBLIC_PAGE_VERSION_SECONDS:
        return _checked["version"]
    _checked["version"], _checked["at"] = _version_query(), now
    return _checked["version"]


def _version_query():
    quote = connection.ops.quote_name
    columns = [
        f"(SELECT MAX({quote(column)}) FROM {quote(table)})" for table, column in _version_tables()
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(columns))
        return ".".join(str(value or 0) for value in cursor.fetchone())


FRESH_COOKIE = "fresh_data_until"


def fresh_data_after_post(get_response):
    """After a POST, have the browser's next requests read the version of the data afresh for
    PUBLIC_PAGE_VERSION_SECONDS: the POST's changes were committed before its response left,
    so any version read after that includes them. A short cookie rather than the session, so
    that a POST writes nothing more to the database; a forged one only costs its sender a
    query."""

    def middleware(request):
        response = get_response(request)
        seconds = settings.PUBLIC_PAGE_VERSION_SECONDS
        if request.method == "POST" and seconds:
            response.set_cookie(
                FRESH_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=math.ceil(seconds) + 1,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    return middleware


def _wants_fresh_data(request):
    try:
        return time.time() < float(request.COOKIES.get(FRESH_COOKIE, 0))
    except ValueError:
        return True


def _cache_key(prefix, parts):
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"{prefix}:{digest}"


def _is_anonymous_visit(request):
    """A GET with no session and no messages waiting. Only cookies the portal set count: a
    forged session cookie costs the one query that finds no session, and a messages cookie
    must carry the portal's signature, so that made-up cookies cannot make every request
    render its page afresh."""
    if request.method != "GET":
        return False
    cookies = request.COOKIES
    if CookieStorage.cookie_name in cookies and _is_signed(cookies[CookieStorage.cookie_name]):
        return False
    # Reading its keys loads the session; one that does not exist loads as empty.
    return settings.SESSION_COOKIE_NAME not in cookies or not request.session.keys()


def _is_signed(value):
    try:
        signing.get_cookie_signer(salt=CookieStorage.key_salt).unsign(value)
    except signing.BadSignature:
        return False
    return True


def _key(request):
    parts = [
        data_version(),
        get_language() or "",
        request.scheme,
        request.get_host(),
        request.get_full_path(),
    ]
    return _cache_key("public-page:1", parts)


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


def _shared_key(prefix, request, *vary):
    """The key of what signed-in pages and downloads share: per version of the data (read
    afresh just after this browser's POST), language, day, path and query, and `vary`."""
    parts = [
        data_version(fresh=_wants_fresh_data(request)),
        get_language() or "",
        timezone.localdate().isoformat(),
        request.get_full_path(),
        *(str(value) for value in vary),
    ]
    return _cache_key(prefix, parts)


class PerUser:
    """Content for `user` alone, shared only between their own requests: My actions. It may
    also show what the user's `permissions` allow, so holding one more makes another copy."""

    def __init__(self, user, *permissions):
        self.user = user
        self.permissions = permissions

    def key_parts(self, request):
        if request.user.pk != self.user.pk:
            raise ImproperlyConfigured("PerUser content is shared only with its own user.")
        return ["user", str(self.user.pk), *_holds(request.user, self.permissions)]


class Permission:
    """Content that is the same for everyone who holds the permission `name`: a dashboard.
    Users who also hold one of `also` (a permission that shows a button) get their own copy."""

    def __init__(self, name, *also):
        self.name = name
        self.also = also

    def key_parts(self, request):
        if not request.user.has_perm(self.name):
            raise PermissionDenied
        return ["permission", self.name, *_holds(request.user, self.also)]


def _holds(user, permissions):
    return [f"{name}={user.has_perm(name)}" for name in permissions]


def _stand_in(request):
    """A request with only `request`'s address, query and language: what shared content is
    rendered with, so that no user, session, message or CSRF token can reach it."""
    stand_in = HttpRequest()
    stand_in.method = "GET"
    stand_in.path, stand_in.path_info = request.path, request.path_info
    stand_in.GET = request.GET.copy()
    stand_in.META = {
        name: request.META[name]
        for name in ("SERVER_NAME", "SERVER_PORT", "HTTP_HOST", "SCRIPT_NAME")
        if name in request.META
    }
    stand_in.LANGUAGE_CODE = getattr(request, "LANGUAGE_CODE", get_language())
    stand_in.user = AnonymousUser()
    # What is looked up once a request and is the same for every user (the partnership's
    # identity, themes.context_processors) is shared with the page around the content.
    stand_in.csp_per_request = request.__dict__.setdefault("csp_per_request", {})
    return stand_in


def _render_shared(template_name, context, request):
    # The CSRF context processor would make a token for the stand-in; a shared page has none.
    return render_to_string(template_name, {**context, "csrf_token": ""}, _stand_in(request))


def shared_content(request, template_name, build_context, *, scope):
    """`template_name` rendered with `build_context()`, as safe HTML to place in a page.

    The HTML is kept while the data is unchanged and shared by every request for the same
    path and query, in the same language, on the same day, within the same `scope`: a
    `Permission(name)` (everyone who holds it) or a `PerUser(user)` (that user alone), each
    naming the further permissions the content shows something for. On a hit `build_context`
    is not called, so its queries do not run. Off when SHARED_CONTENT_CACHE_SECONDS is 0.

    The template is rendered for a stand-in request that has the address and query but no
    user, session, messages or CSRF token (`user` is anonymous, `perms` empty), so only what
    `build_context` returns can make the content differ between users: forms that post, and
    the user's name, belong in the page around the content.
    """
    if not isinstance(scope, PerUser | Permission):
        raise TypeError("shared_content needs scope=PerUser(user) or scope=Permission(name).")
    key_parts = scope.key_parts(request)
    seconds = settings.SHARED_CONTENT_CACHE_SECONDS
    if not seconds:
        return mark_safe(_render_shared(template_name, build_context(), request))
    key = _shared_key("shared-content:2", request, template_name, *key_parts)
    html = cache.get(key)
    if html is None:
        html = _render_shared(template_name, build_context(), request)
        cache.set(key, html, seconds)
    return mark_safe(html)


def shared_download(view):
    """Keep `view`'s streamed download whole while the data is unchanged, when it is at most
    DOWNLOAD_CACHE_BYTES, and stream it from memory to everyone who asks for the same address,
    in the same language, on the same day. The view's queries do not run on a hit. A download
    cut short, failed or too large is not kept. Put it inside the view's permission check.
    Off when SHARED_CONTENT_CACHE_SECONDS or DOWNLOAD_CACHE_BYTES is 0."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds, limit = settings.SHARED_CONTENT_CACHE_SECONDS, settings.DOWNLOAD_CACHE_BYTES
        if not (seconds and limit) or request.method != "GET":
            return view(request, *args, **kwargs)
        key = _shared_key("download:1", request, request.scheme, request.get_host())
        downloads = caches["downloads"]
        kept = downloads.get(key)
        if kept is not None:
            body, headers = kept
            return StreamingHttpResponse([body], headers=headers)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and response.streaming and not response.cookies:
            headers = {
                name: response[name]
                for name in ("Content-Type", "Content-Disposition")
                if response.has_header(name)
            }

            def keep(body):
                downloads.set(key, (body, headers), seconds)

            response.streaming_content = _kept_whole(response.streaming_content, limit, keep)
        return response

    return wrapped


def _kept_whole(blocks, limit, keep):
    """The blocks, passed on as they come; once the last has gone, `keep(body)` with all of
    them joined, unless they came to more than `limit` bytes."""
    kept, size = [], 0
    for block in blocks:
        if kept is not None:
            size += len(block)
            if size <= limit:
                kept.append(block)
            else:
                kept = None
        yield block
    if kept is not None:
        keep(b"".join(kept))
