"""Progress updates: a narrative report on one action for one reporting round."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actions.statuses import Status
from themes.models import ChoiceLabels, Partner


class ProgressUpdateQuerySet(models.QuerySet):
    def published(self):
        """Updates the public may read."""
        return self.filter(state=ProgressUpdate.State.PUBLISHED)

    def newest_first(self):
        """Latest round first (rounds without a start date by creation), then latest published."""
        return self.order_by(
            F("round__starts_on").desc(nulls_last=True),
            "-round_id",
            F("published_at").desc(nulls_last=True),
            "-pk",
        )

    def for_feed(self):
        """Updates with a publication date, latest first, with the action, round and partner
        a feed entry names (one query). Transcribed updates without a date are left out."""
        return (
            self.filter(published_at__isnull=False)
            .select_related("action__plan", "action__theme", "round", "partner__parent")
            .order_by("-published_at", "-pk")
        )


class ProgressUpdate(ChoiceLabels, models.Model):
    """A narrative progress report on one action for one reporting round."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Sent back")
        PUBLISHED = "published", _("Published")

    action = models.ForeignKey(
        "actions.Action", models.PROTECT, related_name="updates", verbose_name=_("action")
    )
    round = models.ForeignKey(
        "actions.ReportingRound",
        models.PROTECT,
        related_name="updates",
        verbose_name=_("reporting round"),
    )
    partner = models.ForeignKey(
        Partner,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="updates",
        verbose_name=_("contributing partner"),
        help_text=_("Set when one of several lead partners reports its own part of the work."),
    )
    narrative = models.TextField(
        _("progress"),
        help_text=_("Paragraphs separated by a blank line; start a line with “- ” for a bullet."),
    )
    public_summary = models.TextField(_("public summary"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NOT_RECORDED
    )
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    review_comment = models.TextField(_("comment from the CSP officer"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_updates",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    # Empty on published updates transcribed from documents that give no publication date.
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        permissions = [("publish_progressupdate", "Can publish or send back progress updates")]
        constraints = [
            # One update per action per round, or one per contributing partner for shared actions.
            models.UniqueConstraint(
                fields=["action", "round"],
                condition=Q(partner__isnull=True),
                name="actions_progressupdate_one_per_round",
                violation_error_message=_("This action already has an update for that round."),
            ),
            models.UniqueConstraint(
                fields=["action", "round", "partner"],
                condition=Q(partner__isnull=False),
                name="actions_progressupdate_one_per_partner_per_round",
                violation_error_message=_(
                    "This partner already has an update on this action for that round."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(narrative=""),
                name="actions_progressupdate_narrative_not_empty",
                violation_error_message=_("Write what progress has been made."),
            ),
        ]
        indexes = [
            # Public pages read an action's published updates, newest first.
            models.Index(fields=["action", "state"], name="actions_update_action_state"),
            models.Index(fields=["round", "state"], name="actions_update_round_state"),
        ]

    def __str__(self):
        return f"Update on action {self.action.number}, {self.round.name}"

    @property
    def is_corrected_since_frozen(self):
        """Whether it says something else now than when its round closed and was frozen. The
        frozen copies are the reports app's `snapshots`: one query unless prefetched."""
        return any(copy.differs_from(self) for copy in self.snapshots.all())

    @property
    def is_changed_only_by_correction(self):
        """Published in a round that has closed: an officer changes it only by correcting it,
        giving a reason. Reads the round (select_related it)."""
        return self.state == self.State.PUBLISHED and not self.round.is_open

    @property
    def shows_status(self):
        """Whether the update says how the work goes: a lead's part of a shared action
        proposes no status, and its "Not recorded" is no news."""
        return self.partner_id is None or self.status != Status.NOT_RECORDED

    @property
    def public_text(self):
        """What residents read of this update: its public summary once published."""
        return self.public_summary if self.state == self.State.PUBLISHED else ""

    def clean(self):
        if self.round_id and self.action_id and self.round.plan_id != self.action.plan_id:
            raise ValidationError({"round": _("The round must belong to the action's plan.")})


# Updates that count as reported; drafts and updates sent back do not.
REPORTED_STATES = [ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.PUBLISHED]
