"""Two-factor sign-in: a code from an authenticator app (TOTP) or a one-use recovery code,
asked for after the password, with django-otp's devices.

Officers, staff and superusers must use it; partner leads and Executive members may turn it
on. `TwoFactorRequiredMiddleware` is the one place that enforces it: a signed-in session that
has not given its code reaches only the pages marked `two_factor_exempt` (set-up, the code,
sign-out) and public pages.
"""

import logging
import math
from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from accounts.models import SignInAttempt
from accounts.roles import MANAGE_ACCOUNTS
from accounts.security import client_ip, code_refusal, failure_record, success_record
from themes.context_processors import current_partnership

audit = logging.getLogger("csp_portal.audit")

RECOVERY_CODE_COUNT = 10
NEW_CODES_SESSION_KEY = "two_factor_new_codes"
SETUP_KEY_SESSION_KEY = "two_factor_setup_key"


def two_factor_required(user):
    """Whether the account must use two-factor sign-in: superusers, staff and officers (who
    hold the permission to manage accounts, whatever group gave it to them). Reads the
    account's permissions (one query, shared with the page's own checks)."""
    return user.is_superuser or user.is_staff or user.has_perm(MANAGE_ACCOUNTS)


def confirmed_device(user):
    """The account's confirmed authenticator app, or None (1 query)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_exempt(view):
    """Mark a view that a session still waiting for its second factor may open."""
    view.two_factor_exempt = True
    return view


class TwoFactorRequiredMiddleware:
    """After OTPMiddleware and LoginRequiredMiddleware: a signed-in session that has not been
    verified with a code is sent to enter one when the account has two-factor sign-in, or
    to set it up when the account must have it. Public pages and the exempt views stay open.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        if getattr(view_func, "two_factor_exempt", False):
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        query = urlencode({"next": request.get_full_path()})
        if confirmed_device(user) is not None:
            return redirect(f"{reverse('two_factor_verify')}?{query}")
        if two_factor_required(user):
            return redirect(f"{reverse('two_factor_setup')}?{query}")
        return None


def totp_issuer(device):
    """The name authenticator apps show beside the portal's codes: the partnership's short
    name and "Portal" ("Anytown CSP Portal"), read when a device is set up."""
    return f"{current_partnership().short_name} Portal"


def secret_text(device):
    """The device's secret as authenticator apps take it typed in: base32 in groups of 4."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device):
    """The set-up QR code as inline SVG, drawn by segno from our own data."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, dark="#0b0c0c", light="#ffffff", title="QR code"
    )
    return mark_safe(svg)  # noqa: S308 - segno's own markup around our own data


def setup_device(request):
    """The authenticator app being set up, unsaved: its secret is kept in the session, so that
    reloading the set-up page shows the same one and opening the page writes nothing."""
    key = request.session.get(SETUP_KEY_SESSION_KEY)
    if not key:
        key = request.session[SETUP_KEY_SESSION_KEY] = default_key()
    return TOTPDevice(user=request.user, name="Authenticator app", key=key, confirmed=False)


def _code_failed(request, user, what):
    failure_record(
        username=user.get_username(), ip=client_ip(request), kind=SignInAttempt.Kind.CODE
    )
    audit.warning(
        "two-factor %s failed user=%r ip=%s", what, user.get_username(), client_ip(request)
    )


def _verified(request, user, device, what):
    success_record(
        username=user.get_username(), ip=client_ip(request), kind=SignInAttempt.Kind.CODE
    )
    # A session that gains its second factor gets a new key, as one that signs in does.
    request.session.cycle_key()
    otp_login(request, device)
    audit.info("two-factor %s user=%r ip=%s", what, user.get_username(), client_ip(request))


@transaction.atomic
def two_factor_enable(*, request, device, code):
    """Confirm the account's new authenticator app (from `setup_device`) with its first code,
    verify the session, and make 10 recovery codes. Returns the recovery codes, or None when
    the code is wrong."""
    user = request.user
    if code_refusal(user.get_username()):
        _code_failed(request, user, "set-up code")
        return None
    # Checked with django-otp's TOTP before the device is saved (its verify_token saves it),
    # so that a wrong code leaves no device behind; the portal's count of codes applies.
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if not (code.strip().isdigit() and totp.verify(int(code), device.tolerance)):
        _code_failed(request, user, "set-up code")
        return None
    TOTPDevice.objects.filter(user=user).delete()
    device.last_t = totp.t()  # this code is used: it does not verify a second time
    device.drift = totp.drift
    device.confirmed = True
    device.save()
    request.session.pop(SETUP_KEY_SESSION_KEY, None)
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes")
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
    _verified(request, user, device, "turned on")
    return codes


def code_verify(*, request, code):
    """Check a code from the authenticator app, or a recovery code (used up when it works),
    and verify the session with it. Returns a refusal message, or None when it worked."""
    user = request.user
    refusal = code_refusal(user.get_username())
    if refusal:
        audit.warning(
            "two-factor code refused: too many failures user=%r ip=%s",
            user.get_username(),
            client_ip(request),
        )
        return refusal.message
    code = "".join(code.split()).lower()
    # A 6-digit code is the app's; anything else may be a recovery code.
    kind = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    for device in kind.objects.filter(user=user, confirmed=True):
        allowed, details = device.verify_is_allowed()
        if not allowed and details.get("locked_until"):
            # django-otp's own short wait after a wrong code, doubled after each one.
            wait = math.ceil((details["locked_until"] - timezone.now()).total_seconds())
            return ngettext(
                "Wait %(seconds)d second, then enter the code your app shows.",
                "Wait %(seconds)d seconds, then enter the code your app shows.",
                wait,
            ) % {"seconds": wait}
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            used = "recovery code" if kind is StaticDevice else "code"
            _verified(request, user, verified, f"verified with a {used}")
            return None
    _code_failed(request, user, "code")
    refusal = code_refusal(user.get_username())
    if refusal:
        return refusal.message
    return gettext(
        "The code is not right. Enter the 6-digit code your app shows now, or a recovery code."
    )


def two_factor_devices_delete(user):
    """Delete the account's authenticator apps and recovery codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def two_factor_disable(*, request):
    """Turn two-factor sign-in off for the signed-in account, which has just given a code."""
    two_factor_devices_delete(request.user)
    audit.info(
        "two-factor turned off user=%r ip=%s", request.user.get_username(), client_ip(request)
    )


@transaction.atomic
def two_factor_reset(*, account, reset_by):
    """Remove an account's second factor after a lost phone: its sessions must set it up
    again (when required) or go without it, at their next request."""
    two_factor_devices_delete(account)
    audit.info("two-factor reset user=%r by=%r", account.get_username(), reset_by.get_username())


def next_url(request, default=None):
    """The `next` page after the code, if it is one of ours, else the usual page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else (default or reverse(settings.LOGIN_REDIRECT_URL))
