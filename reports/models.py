"""Frozen reporting rounds and the officers' commentary on them.

When an officer closes a round, `reports.services.round_close` copies every action of the plan
(number, text, theme, leads, status) and the round's reported updates into these tables, so
that the round's dashboard and board pack read the same figures and words years later, even
after an update is corrected.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actions.models import Action, ProgressUpdate, ReportingRound, Status
from themes.models import ChoiceLabels, Partner, Priority, Theme


class RoundSnapshot(models.Model):
    """The figures of one reporting round, frozen when it closed."""

    round = models.OneToOneField(
        ReportingRound, models.PROTECT, related_name="snapshot", verbose_name=_("round")
    )
    closed_at = models.DateTimeField(_("frozen at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    # Rounds closed before snapshots were kept are frozen afterwards from the records as
    # they stood then; pages say so.
    is_after_the_fact = models.BooleanField(_("frozen after the round had closed"), default=False)

    def __str__(self):
        return f"Snapshot of {self.round}"


class ActionSnapshotQuerySet(models.QuerySet):
    def in_plan(self, plan):
        """Every frozen action of every closed round of `plan`."""
        return self.filter(snapshot__round__plan=plan)


class ActionSnapshot(ChoiceLabels, models.Model):
    """One action as it stood when its round closed."""

    snapshot = models.ForeignKey(RoundSnapshot, models.CASCADE, related_name="actions")
    # The live action, for links and trends; the frozen fields below never follow it.
    action = models.ForeignKey(
        Action, models.SET_NULL, null=True, blank=True, related_name="snapshots"
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("what will be done"))
    theme = models.ForeignKey(
        Theme, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("theme")
    )
    theme_number = models.PositiveSmallIntegerField(_("theme number"))
    theme_title = models.CharField(_("theme title"), max_length=200)
    lead_names = models.TextField(_("lead partners"), blank=True)
    lead_role = models.CharField(_("lead role"), max_length=200, blank=True)
    leads = models.ManyToManyField(Partner, blank=True, related_name="action_snapshots")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="action_snapshots")
    status = models.CharField(_("status"), max_length=20, choices=Status)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    is_overdue = models.BooleanField(_("overdue when the round closed"), default=False)
    is_missing = models.BooleanField(_("no update when the round closed"), default=False)
    objects = ActionSnapshotQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "number"],
                name="reports_actionsnapshot_number_once_per_snapshot",
                violation_error_message=_("This round already holds that action."),
            ),
        ]
        indexes = [
            # Dashboards count a round's actions by theme and status.
            models.Index(fields=["snapshot", "theme", "status"], name="reports_snap_theme_status"),
            # Trends read one action's status across rounds.
            models.Index(fields=["action", "snapshot"], name="reports_snap_action"),
        ]

    def __str__(self):
        return f"Action {self.number} in {self.snapshot.round.name}"


class UpdateSnapshot(ChoiceLabels, models.Model):
    """A reported update (submitted or published) as it stood when its round closed."""

    action_snapshot = models.ForeignKey(ActionSnapshot, models.CASCADE, related_name="updates")
    update = models.ForeignKey(
        ProgressUpdate, models.SET_NULL, null=True, blank=True, related_name="snapshots"
    )
    partner_name = models.CharField(_("reporting partner"), max_length=400, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status)
    state = models.CharField(_("state"), max_length=10, choices=ProgressUpdate.State)
    narrative = models.TextField(_("progress"))
    public_summary = models.TextField(_("public summary"), blank=True)
    updated_at = models.DateTimeField(_("last changed at"))

    def __str__(self):
        return f"Update on {self.action_snapshot}"

    def differs_from(self, update):
        """Whether `update` now says something else than it did when the round closed."""
        return (self.status, self.narrative, self.public_summary) != (
            update.status,
            update.narrative,
            update.public_summary,
        )


class RoundCommentary(models.Model):
    """A CSP officer's short commentary on a round, shown at the top of its board page."""

    MAX_LENGTH = 1200

    round = models.OneToOneField(
        ReportingRound, models.PROTECT, related_name="commentary", verbose_name=_("round")
    )
    text = models.TextField(
        _("commentary"),
        max_length=MAX_LENGTH,
        help_text=_(
            "A few sentences for the Executive: what stands out this round. Paragraphs are "
            "separated by a blank line."
        ),
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = _("round commentaries")
        constraints = [
            models.CheckConstraint(
                condition=~Q(text=""),
                name="reports_roundcommentary_text_not_empty",
                violation_error_message=_("Write the commentary."),
            ),
        ]

    def __str__(self):
        return f"Commentary on {self.round}"
