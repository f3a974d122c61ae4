"""Sign-in throttling, the audit log of sign-ins, sign-outs and refusals, and session expiry.

Failed sign-ins are counted in the database (`SignInAttempt`), so every web server process
sees the same counts. After a few failures for one account or one address each further
failure is answered more slowly; after more, sign-in is refused for a while whatever the
password. Every sign-in, failed sign-in, sign-out, refusal and permission refusal (403) is
written to the "csp_portal.audit" logger; passwords never are.

A session ends SESSION_COOKIE_AGE after its last refresh, and activity refreshes it at most
once every SESSION_REFRESH_SECONDS (`session_refresh_middleware`): an idle session ends on
time within those few minutes, and a signed-in page does not write to the database on every
request.
"""

import functools
import ipaddress
import logging
import math
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Max
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import ngettext
from django.views import csrf, defaults

from accounts.models import SignInAttempt

audit = logging.getLogger("csp_portal.audit")

DEFAULTS = {
    "WINDOW_SECONDS": 15 * 60,  # failures older than this are not counted
    "LOCKOUT_SECONDS": 15 * 60,  # how long sign-in is refused after the last failure
    "ACCOUNT_SLOW_AFTER": 3,
    "ACCOUNT_LOCK_AFTER": 5,
    # One office's staff may share an address behind their organisation's proxy.
    "ADDRESS_SLOW_AFTER": 10,
    "ADDRESS_LOCK_AFTER": 30,
    "DELAY_SECONDS": 1.0,  # added per failure past the "slow" mark...
    "MAX_DELAY_SECONDS": 3.0,  # ...up to this, so a worker is never tied up for long
    "RETENTION_SECONDS": 30 * 24 * 60 * 60,
}


def throttle_setting(name):
    return getattr(settings, "SIGN_IN_THROTTLE", {}).get(name, DEFAULTS[name])


def client_ip(request):
    """The visitor's address: REMOTE_ADDR, or the address the outermost of
    TRUSTED_PROXY_COUNT reverse proxies saw, read from X-Forwarded-For."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _normalise(username):
    return str(username or "").strip().lower()[:150]


@dataclass(frozen=True)
class Failures:
    account: int
    address: int
    latest_account: object
    latest_address: object


def recent_failures(username, ip):
    """Failed sign-ins in the window for the account and for the address (2 queries)."""
    since = timezone.now() - timedelta(seconds=throttle_setting("WINDOW_SECONDS"))
    recent = SignInAttempt.objects.since(since)
    by_account = recent.filter(username=_normalise(username)).aggregate(
        n=Count("pk"), latest=Max("attempted_at")
    )
    by_address = {"n": 0, "latest": None}
    if ip:
        by_address = recent.filter(ip_address=ip).aggregate(
            n=Count("pk"), latest=Max("attempted_at")
        )
    return Failures(by_account["n"], by_address["n"], by_account["latest"], by_address["latest"])


@dataclass(frozen=True)
class Refusal:
    seconds: int

    @property
    def minutes(self):
        return max(1, math.ceil(self.seconds / 60))

    @property
    def message(self):
        return ngettext(
            "Too many failed sign-in attempts. Try again in %(minutes)d minute.",
            "Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
            self.minutes,
        ) % {"minutes": self.minutes}


def sign_in_refusal(username, ip, failures=None):
    """A Refusal while the account or the address is locked out, else None (2 queries)."""
    failures = failures or recent_failures(username, ip)
    lockout = timedelta(seconds=throttle_setting("LOCKOUT_SECONDS"))
    now = timezone.now()
    ends = []
    if failures.account >= throttle_setting("ACCOUNT_LOCK_AFTER"):
        ends.append(failures.latest_account + lockout)
    if failures.address >= throttle_setting("ADDRESS_LOCK_AFTER"):
        ends.append(failures.latest_address + lockout)
    ends = [end for end in ends if end > now]
    if not ends:
        return None
    return Refusal(math.ceil((max(ends) - now).total_seconds()))


def sign_in_delay(failures):
    """Seconds to wait before answering a failed sign-in, given the recent failures."""
    excess = max(
        failures.account - throttle_setting("ACCOUNT_SLOW_AFTER") + 1,
        failures.address - throttle_setting("ADDRESS_SLOW_AFTER") + 1,
        0,
    )
    return min(throttle_setting("MAX_DELAY_SECONDS"), excess * throttle_setting("DELAY_SECONDS"))


def failure_record(*, username, ip):
    """Store one failed sign-in and forget those past the retention period."""
    now = timezone.now()
    SignInAttempt.objects.create(username=_normalise(username), ip_address=ip, attempted_at=now)
    retention = timedelta(seconds=throttle_setting("RETENTION_SECONDS"))
    SignInAttempt.objects.filter(attempted_at__lt=now - retention).delete()


def log_refusal(request, username, refusal):
    audit.warning(
        "sign-in refused: too many failures username=%r ip=%s retry_after=%ds",
        _normalise(username),
        client_ip(request),
        refusal.seconds,
    )


class ThrottledModelBackend(ModelBackend):
    """Django's backend, refusing every password while the account or address is locked out.

    The sign-in form shows the refusal's message; this also covers the admin's sign-in page
    and any other caller of authenticate().
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if request is not None and not getattr(request, "sign_in_throttle_checked", False):
            refusal = sign_in_refusal(username, client_ip(request))
            if refusal:
                request.sign_in_refused = True
                log_refusal(request, username, refusal)
                raise PermissionDenied(refusal.message)
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own permissions and their groups', as ModelBackend gives them, read with
        one written-out statement. Every signed-in request asks: ModelBackend's two ORM queries
        took 3.6-4.4 ms of it, 2.3-2.9 ms of them the worker compiling the queries and building
        their rows, the rest PostgreSQL planning their joins; this takes about 1 ms, 0.3 ms of
        it the worker's (docs/benchmarks.md)."""
        ordinary = user_obj.is_active and not (user_obj.is_anonymous or user_obj.is_superuser)
        if obj is not None or not ordinary:
            return super().get_all_permissions(user_obj, obj)  # none, or every permission
        if not hasattr(user_obj, "_perm_cache"):
            with connection.cursor() as cursor:
                cursor.execute(_permissions_sql(), [user_obj.pk, user_obj.pk])
                user_obj._perm_cache = {f"{app}.{codename}" for app, codename in cursor}
        return user_obj._perm_cache


@functools.cache
def _permissions_sql():
    user = get_user_model()
    table = {
        name: connection.ops.quote_name(model._meta.db_table)
        for name, model in [
            ("permission", Permission),
            ("content_type", ContentType),
            ("user_permission", user.user_permissions.through),
            ("group_permission", Group.permissions.through),
            ("user_group", user.groups.through),
        ]
    }
    return (
        f"SELECT ct.app_label, p.codename FROM {table['permission']} p "
        f"JOIN {table['content_type']} ct ON ct.id = p.content_type_id "
        f"WHERE p.id IN (SELECT permission_id FROM {table['user_permission']} WHERE user_id = %s "
        f"UNION SELECT gp.permission_id FROM {table['group_permission']} gp "
        f"JOIN {table['user_group']} ug ON ug.group_id = gp.group_id WHERE ug.user_id = %s)"
    )


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    if request is not None and getattr(request, "sign_in_refused", False):
        return  # already logged as a refusal; refused attempts do not extend the lockout
    username = credentials.get(get_user_model().USERNAME_FIELD, "")
    ip = client_ip(request)
    failure_record(username=username, ip=ip)
    audit.warning("sign-in failed username=%r ip=%s", _normalise(username), ip)


SESSION_REFRESHED_AT = "_refreshed_at"


def session_refresh_middleware(get_response):
    """Push a session's end back when it was last pushed back over SESSION_REFRESH_SECONDS
    ago: marking it modified makes SessionMiddleware save it with a new expiry. Listed after
    SessionMiddleware, so that this runs on the response first."""

    def middleware(request):
        response = get_response(request)
        session = request.session
        if not session.is_empty():
            now = int(time.time())
            if now - session.get(SESSION_REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[SESSION_REFRESHED_AT] = now
        return response

    return middleware


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    if hasattr(request, "session"):
        request.session[SESSION_REFRESHED_AT] = int(time.time())
    SignInAttempt.objects.filter(username=_normalise(user.get_username())).delete()
    audit.info("sign-in user=%r ip=%s", user.get_username(), client_ip(request))


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    username = user.get_username() if user is not None else ""
    audit.info("sign-out user=%r ip=%s", username, client_ip(request))


def _who(request):
    user = getattr(request, "user", None)
    return user.get_username() if user is not None and user.is_authenticated else ""


def permission_denied(request, exception):
    """handler403: log the refusal, then Django's own view renders templates/403.html."""
    audit.warning(
        "permission refused user=%r method=%s path=%r ip=%s",
        _who(request),
        request.method,
        request.path,
        client_ip(request),
    )
    return defaults.permission_denied(request, exception)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: log the refusal, then render templates/403_csrf.html."""
    audit.warning(
        "request refused: CSRF check failed user=%r method=%s path=%r ip=%s reason=%r",
        _who(request),
        request.method,
        request.path,
        client_ip(request),
        reason,
    )
    return csrf.csrf_failure(request, reason)
