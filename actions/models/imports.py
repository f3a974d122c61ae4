"""What an officer chose on a plan's last spreadsheet import, offered again on the next."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from themes.models import Plan


class PlanImportChoices(models.Model):
    """What an officer chose when importing a plan's spreadsheet, offered again next time:
    which field each heading fills, and what each unknown lead name became."""

    plan = models.OneToOneField(
        Plan, models.CASCADE, related_name="import_choices", verbose_name=_("plan")
    )
    # {heading as compared: column key, or "ignore"}
    columns = models.JSONField(_("columns"), default=dict, blank=True)
    # {lead name as compared: partner pk, "create" or "role"}
    partners = models.JSONField(_("lead names"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    history = HistoricalRecords()

    def __str__(self):
        return f"Import choices for {self.plan}"
