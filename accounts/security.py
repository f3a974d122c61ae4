"""Sign-in throttling, the audit log of sign-ins, sign-outs and refusals, and session expiry.

Failed sign-ins are counted in the database (`SignInAttempt`), so every web server process
sees the same counts, and no worker ever waits: a refused attempt is answered at once, with
how long to wait. Failures pause sign-in

- for one account from one address, after PAIR_LOCK_AFTER failures of that pair: a stranger's
  guesses pause their own address, never the owner's;
- from one address for every account, after ADDRESS_LOCK_AFTER failures from it (someone
  trying many accounts), except for accounts that signed in from it lately;
- for one account from every address it has not signed in from lately, after
  ACCOUNT_LOCK_AFTER failures in ACCOUNT_WINDOW_SECONDS (a guess spread over many addresses).
  The account's owner is emailed a link that works once and lifts this pause at once.

An address an account signed in from lately (`KnownAddress`) is only ever paused by that
pair's own failures. Wrong two-factor codes are counted apart: CODE_LOCK_AFTER of them pause
code entry for the account (only someone who knows the password can make them).

Every sign-in, failed sign-in, sign-out, refusal and permission refusal (403) is written to
the "csp_portal.audit" logger; passwords and codes never are.

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
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import connection
from django.db.models import Count, Max
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext
from django.views import csrf, defaults

from accounts.models import KnownAddress, SignInAttempt

audit = logging.getLogger("csp_portal.audit")

DEFAULTS = {
    "WINDOW_SECONDS": 15 * 60,  # failures older than this are not counted...
    "LOCKOUT_SECONDS": 15 * 60,  # ...and a pause lasts this long after the last failure
    "PAIR_LOCK_AFTER": 5,  # one account from one address
    # One office's staff may share an address behind their organisation's proxy.
    "ADDRESS_LOCK_AFTER": 30,
    # One account from everywhere: far more than a few addresses can reach at the pair
    # limit, few enough to stop a guess spread over many addresses.
    "ACCOUNT_WINDOW_SECONDS": 24 * 60 * 60,
    "ACCOUNT_LOCK_AFTER": 50,
    "CODE_LOCK_AFTER": 5,  # wrong two-factor codes for one account
    "KNOWN_ADDRESS_SECONDS": 30 * 24 * 60 * 60,  # "lately", for a known address
    "UNLOCK_LINK_SECONDS": 60 * 60,
    "RETENTION_SECONDS": 30 * 24 * 60 * 60,
}

UNLOCK_SALT = "accounts.security.sign_in_unlock"


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


def _seconds_ago(name):
    return timezone.now() - timedelta(seconds=throttle_setting(name))


@dataclass(frozen=True)
class Refusal:
    seconds: int
    emailed: bool = False  # the account-wide pause, which the emailed link lifts

    @property
    def minutes(self):
        return max(1, math.ceil(self.seconds / 60))

    @property
    def message(self):
        if self.emailed:
            return ngettext(
                "Too many failed sign-in attempts for this account. Try again in %(minutes)d "
                "minute, or use the link we emailed to the account's address.",
                "Too many failed sign-in attempts for this account. Try again in %(minutes)d "
                "minutes, or use the link we emailed to the account's address.",
                self.minutes,
            ) % {"minutes": self.minutes}
        return ngettext(
            "Too many failed sign-in attempts. Try again in %(minutes)d minute.",
            "Too many failed sign-in attempts. Try again in %(minutes)d minutes.",
            self.minutes,
        ) % {"minutes": self.minutes}


def _pause_end(failures, limit):
    """When a pause of LOCKOUT_SECONDS after the last of `failures` ends, or None when they
    are fewer than `limit` (1 query)."""
    found = failures.aggregate(n=Count("pk"), latest=Max("attempted_at"))
    if found["n"] < limit:
        return None
    return found["latest"] + timedelta(seconds=throttle_setting("LOCKOUT_SECONDS"))


def _account_pause_end(username):
    """When the account-wide pause ends, or None (1 query, 2 while it holds): when the
    oldest of the last ACCOUNT_LOCK_AFTER failures leaves the window."""
    limit = throttle_setting("ACCOUNT_LOCK_AFTER")
    oldest = (
        SignInAttempt.objects.since(_seconds_ago("ACCOUNT_WINDOW_SECONDS"))
        .filter(username=username, kind=SignInAttempt.Kind.PASSWORD)
        .order_by("-attempted_at")
        .values_list("attempted_at", flat=True)[limit - 1 : limit]
    )
    oldest = next(iter(oldest), None)
    if oldest is None:
        return None
    return oldest + timedelta(seconds=throttle_setting("ACCOUNT_WINDOW_SECONDS"))


def is_known_address(username, ip):
    """Whether the account signed in from this address lately (1 query)."""
    if not ip:
        return False
    return KnownAddress.objects.filter(
        username=_normalise(username),
        ip_address=ip,
        signed_in_at__gte=_seconds_ago("KNOWN_ADDRESS_SECONDS"),
    ).exists()


def _refusal(ends, emailed=False):
    now = timezone.now()
    if ends is None or ends <= now:
        return None
    return Refusal(math.ceil((ends - now).total_seconds()), emailed)


def sign_in_refusal(username, ip):
    """A Refusal while a password from this address for this account is paused, else None
    (2 to 5 queries)."""
    username = _normalise(username)
    recent = SignInAttempt.objects.since(_seconds_ago("WINDOW_SECONDS")).filter(
        kind=SignInAttempt.Kind.PASSWORD
    )
    refusal = _refusal(
        _pause_end(
            recent.filter(username=username, ip_address=ip), throttle_setting("PAIR_LOCK_AFTER")
        )
    )
    if refusal:
        return refusal
    address_end = None
    if ip:
        address_end = _pause_end(
            recent.filter(ip_address=ip), throttle_setting("ADDRESS_LOCK_AFTER")
        )
    account = _refusal(_account_pause_end(username), emailed=True)
    address = _refusal(address_end)
    if (account or address) and not is_known_address(username, ip):
        return account or address
    return None


def code_refusal(username):
    """A Refusal while two-factor codes for the account are paused, else None (1 query)."""
    failures = SignInAttempt.objects.since(_seconds_ago("WINDOW_SECONDS")).filter(
        username=_normalise(username), kind=SignInAttempt.Kind.CODE
    )
    return _refusal(_pause_end(failures, throttle_setting("CODE_LOCK_AFTER")))


def failure_record(*, username, ip, kind=SignInAttempt.Kind.PASSWORD):
    """Store one failed sign-in and forget those past the retention period."""
    now = timezone.now()
    attempt = SignInAttempt.objects.create(
        username=_normalise(username), ip_address=ip, kind=kind, attempted_at=now
    )
    retention = timedelta(seconds=throttle_setting("RETENTION_SECONDS"))
    SignInAttempt.objects.filter(attempted_at__lt=now - retention).delete()
    return attempt


def success_record(*, username, ip, kind=SignInAttempt.Kind.PASSWORD):
    """Clear this pair's failures of this kind, and remember the address as the account's.

    Only the pair's own failures go: a stranger's failures from elsewhere still count
    towards the account-wide pause, so the owner signing in does not reset them."""
    username = _normalise(username)
    now = timezone.now()
    SignInAttempt.objects.filter(username=username, ip_address=ip, kind=kind).delete()
    if ip:
        KnownAddress.objects.update_or_create(
            username=username, ip_address=ip, defaults={"signed_in_at": now}
        )
    KnownAddress.objects.filter(signed_in_at__lt=_seconds_ago("KNOWN_ADDRESS_SECONDS")).delete()


def unlock_token_make(attempt):
    """A signed link token that lifts the account-wide pause caused by failures up to
    `attempt`; it stops working once used, since using it deletes that attempt."""
    return signing.dumps({"u": attempt.username, "a": attempt.pk}, salt=UNLOCK_SALT)


def unlock_token_check(token):
    """The username a still-valid unlock token is for, else None (1 query)."""
    try:
        data = signing.loads(
            token, salt=UNLOCK_SALT, max_age=throttle_setting("UNLOCK_LINK_SECONDS")
        )
    except signing.BadSignature:  # SignatureExpired is one
        return None
    if not SignInAttempt.objects.filter(pk=data["a"], username=data["u"]).exists():
        return None
    return data


def sign_in_pause_lift(*, token, ip):
    """Lift the account-wide pause a valid token was sent for; the token then stops working.
    Returns whether it was valid."""
    data = unlock_token_check(token)
    if data is None:
        audit.warning("sign-in unlock link refused ip=%s", ip)
        return False
    SignInAttempt.objects.filter(
        username=data["u"], kind=SignInAttempt.Kind.PASSWORD, pk__lte=data["a"]
    ).delete()
    audit.info("sign-in unlocked by emailed link username=%r ip=%s", data["u"], ip)
    return True


def unlock_link_send(*, attempt, request):
    """Email the account with this username (if there is one, with an address) a link that
    lifts the account-wide pause."""
    account = (
        get_user_model()
        .objects.filter(username__iexact=attempt.username, is_active=True)
        .exclude(email="")
        .first()
    )
    if account is None:
        return
    link = request.build_absolute_uri(reverse("sign_in_unlock", args=[unlock_token_make(attempt)]))
    context = {
        "account": account,
        "link": link,
        "hours": throttle_setting("UNLOCK_LINK_SECONDS") // 3600,
    }
    subject = render_to_string("registration/sign_in_unlock_subject.txt", context)
    body = render_to_string("registration/sign_in_unlock_email.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [account.email])
    except OSError:
        audit.error("sign-in unlock link not sent username=%r", attempt.username)
        return
    audit.warning("sign-in paused for the account, unlock link sent username=%r", attempt.username)


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
    attempt = failure_record(username=username, ip=ip)
    audit.warning("sign-in failed username=%r ip=%s", _normalise(username), ip)
    if request is not None and _account_failures(attempt.username) == throttle_setting(
        "ACCOUNT_LOCK_AFTER"
    ):
        unlock_link_send(attempt=attempt, request=request)


def _account_failures(username):
    return (
        SignInAttempt.objects.since(_seconds_ago("ACCOUNT_WINDOW_SECONDS"))
        .filter(username=username, kind=SignInAttempt.Kind.PASSWORD)
        .count()
    )


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
    success_record(username=user.get_username(), ip=client_ip(request))
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
