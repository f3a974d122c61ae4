"""What sign-in and erasure keep: failed sign-ins for the throttle, and erasures of
personal data (when and how much, never whom)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignInAttemptQuerySet(models.QuerySet):
    def since(self, moment):
        """Attempts at or after `moment`."""
        return self.filter(attempted_at__gte=moment)


class SignInAttempt(models.Model):
    """A failed sign-in, kept for a short while so that every web server throttles alike.

    Successful sign-ins are not stored (they are logged); a success clears the account's
    failures. Rows older than SIGN_IN_ATTEMPT_RETENTION are deleted as new failures arrive.
    """

    username = models.CharField(_("username tried"), max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("attempted at"), db_index=True)
    objects = SignInAttemptQuerySet.as_manager()

    class Meta:
        verbose_name = _("failed sign-in attempt")
        indexes = [
            # The throttle counts recent failures by address.
            models.Index(fields=["ip_address", "attempted_at"], name="accounts_signin_ip_time"),
        ]

    def __str__(self):
        return f"{self.username} from {self.ip_address} at {self.attempted_at:%Y-%m-%d %H:%M}"


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
