from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")
    # Frozen figures of closed rounds are only ever added and keep no history; their newest
    # id versions the cached pages (portal/page_cache.py).
    versioned_without_history = ["RoundSnapshot"]
