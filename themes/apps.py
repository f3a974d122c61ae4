from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _partnership_for_emails():
    from themes.models import Partnership

    return {"partnership": Partnership.current()}


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Plans and themes")

    def ready(self):
        # Emails sent by apps that may not import this one (sign-in's password reset) name
        # the partnership too.
        from portal.emails import email_context_provider

        email_context_provider(_partnership_for_emails)
