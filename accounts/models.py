"""What sign-in and erasure keep: failed sign-ins for the throttle, the addresses accounts
signed in from lately, and erasures of personal data (when and how much, never whom)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInAttemptQuerySet(models.QuerySet):
    def since(self, moment):
        """Attempts at or after `moment`."""
        return self.filter(attempted_at__gte=moment)


class SignInAttempt(models.Model):
    """A failed sign-in (a wrong password, or a wrong two-factor code), kept for a short while
    so that every web server throttles alike.

    Successful sign-ins are not stored here (they are logged, and their address remembered as
    a `KnownAddress`); a success clears the failures of its own kind for its account and
    address. Rows older than the retention period are deleted as new failures arrive.
    """

    class Kind(models.TextChoices):
        PASSWORD = "password", _("password")
        CODE = "code", _("two-factor code")

    username = models.CharField(_("username tried"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PASSWORD)
    attempted_at = models.DateTimeField(_("attempted at"), db_index=True)
    objects = SignInAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("failed sign-in attempt")
        indexes = [
            # The throttle counts recent failures by address.
            models.Index(fields=["ip_address", "attempted_at"], name="accounts_signin_ip_time"),
            # ...and by account and address together.
            models.Index(
                fields=["username", "ip_address", "attempted_at"],
                name="accounts_signin_user_ip_time",
            ),
        ]

    def __str__(self):
        return f"{self.username} from {self.ip_address} at {self.attempted_at:%Y-%m-%d %H:%M}"


class KnownAddress(models.Model):
    """An address an account signed in from successfully, lately.

    Failures from other addresses never pause sign-in from here, so a stranger's guesses do
    not lock the owner out of their usual office or home. Rows unused for longer than the
    throttle's KNOWN_ADDRESS_SECONDS are deleted as new sign-ins arrive.
    """

    username = models.CharField(_("username"), max_length=150)
    ip_address = models.GenericIPAddressField(_("IP address"))
    signed_in_at = models.DateTimeField(_("last signed in at"))

    class Meta:
        verbose_name = _("known sign-in address")
        verbose_name_plural = _("known sign-in addresses")
        constraints = [
            # The throttle asks "has this account signed in from this address lately?".
            models.UniqueConstraint(
                fields=["username", "ip_address"],
                name="accounts_knownaddress_once_per_account",
                violation_error_message=_("This address is already known for this account."),
            ),
        ]

    def __str__(self):
        return f"{self.username} from {self.ip_address}"


class DataErasure(models.Model):
    """One erasure of a person's data: when, and how many rows it changed; never whom.

    Erasure rewrites rows without writing history (a history row would be a fresh copy of
    what is erased), so the newest history id does not move; this table's newest id is part
    of the version of the data instead (portal/page_cache.py), and every worker drops its
    cached pages and downloads at once."""

    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    rows_changed = models.PositiveIntegerField(_("rows changed"))

    class Meta:
        verbose_name = _("erasure of personal data")

    def __str__(self):
        return f"Erasure of {self.rows_changed} rows at {self.erased_at:%Y-%m-%d %H:%M}"
