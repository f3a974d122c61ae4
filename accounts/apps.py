from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles(sender, **kwargs):
    from accounts.roles import roles_ensure

    roles_ensure()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and sign-in")
    # An erasure rewrites rows without history; its id versions the cached pages
    # (portal/page_cache.py), so that erased names leave them at once.
    versioned_without_history = ["DataErasure"]

    def ready(self):
        # The audit log and the sign-in throttle listen to Django's sign-in signals.
        from accounts import security  # noqa: F401

        # The role groups need the permissions that exist only after migrate, so they are
        # (re)created after every migrate, tests' databases included.
        post_migrate.connect(_ensure_roles, sender=self)
