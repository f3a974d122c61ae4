"""Reporting rounds, and the reminders sent while one is open."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from themes.models import ChoiceLabels, Plan


class ReportingRoundQuerySet(models.QuerySet):
    def open(self):
        """Rounds still collecting updates."""
        return self.filter(state=ReportingRound.State.OPEN)


class ReportingRound(ChoiceLabels, models.Model):
    """A reporting period of a plan ("Q3 2025–26"), in which every active action reports once."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey(Plan, models.PROTECT, related_name="rounds", verbose_name=_("plan"))
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    due_on = models.DateField(_("updates due on"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.OPEN)
    history = HistoricalRecords()
    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "name"],
                name="actions_reportinground_name_unique_in_plan",
                violation_error_message=_(
                    "This plan already has a reporting round with that name."
                ),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(due_on__isnull=True)
                | Q(starts_on__lte=F("due_on")),
                name="actions_reportinground_starts_before_due",
                violation_error_message=_("A round cannot be due before it starts."),
            ),
        ]
        indexes = [
            # My actions, the bulk update page and reminders look up each plan's open round;
            # the few open rounds, not every round of every plan.
            models.Index(
                fields=["plan"], condition=Q(state="open"), name="actions_round_open_in_plan"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.plan})"

    def get_absolute_url(self):
        return reverse("actions:round_detail", args=[self.pk])

    @property
    def is_open(self):
        return self.state == self.State.OPEN

    @property
    def is_overdue(self):
        """Whether the round is still open after the day it was due."""
        return bool(self.is_open and self.due_on and self.due_on < timezone.localdate())


class ReminderSent(models.Model):
    """One reminder email to one person on one day, so that nobody gets two in a day."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="update_reminders"
    )
    sent_on = models.DateField(_("sent on"))
    action_count = models.PositiveIntegerField(_("actions listed"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "sent_on"],
                name="actions_remindersent_once_a_day",
                violation_error_message=_("This person has already been reminded today."),
            ),
        ]

    def __str__(self):
        return f"Reminder to {self.recipient} on {self.sent_on}"
