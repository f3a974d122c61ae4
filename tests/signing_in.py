"""Signing in for tests: `verified_login` is `force_login` with the second factor.

`client.force_login(user)` gives a session that has passed the password step only: an
officer's or staff account's requests are then sent to set up or enter a code, as in
production. Tests that are about what a signed-in account may do sign in with
`verified_login(client, user)` instead: an account that must use two-factor sign-in (or has
it on) gets a confirmed authenticator app, and the session is verified through django-otp's
own `login`, exactly as the code page does.
"""

from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.twofactor import two_factor_required


def totp_code(device, steps_ahead=0):
    """The code the device's authenticator app shows now (or `steps_ahead` periods later,
    for a second code within one period: a device accepts each period's code once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time += steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def unused_code(device):
    """A code the device still accepts: this period's, or the next one's when this period's
    was used already (a device accepts the next period's code too)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp_code(device, steps_ahead=1 if device.last_t >= totp.t() else 0)


def confirmed_device(user):
    """The account's authenticator app, made and confirmed if it has none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def verified_login(client, user):
    """Sign `client` in as `user`, with the code too when the account uses two factors."""
    client.force_login(user)
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    if not (has_device or two_factor_required(user)):
        return
    request = HttpRequest()
    request.session = client.session
    request.user = user
    otp_login(request, confirmed_device(user))
    assert request.session[DEVICE_ID_SESSION_KEY]
    request.session.save()
