from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Plans and themes")

    def ready(self):
        # The audit log and the sign-in throttle listen to Django's sign-in signals.
        from themes import security  # noqa: F401
