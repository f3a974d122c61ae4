from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_roles(sender, **kwargs):
    from actions.accounts import roles_ensure

    roles_ensure()


class ActionsConfig(AppConfig):
    name = "actions"
    verbose_name = _("Actions and progress")

    def ready(self):
        # The role groups need the permissions that exist only after migrate, so they are
        # (re)created after every migrate, tests' databases included.
        post_migrate.connect(_ensure_roles, sender=self)
