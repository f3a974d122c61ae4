"""What partners do: numbered actions, reporting rounds and progress updates."""

from collections import Counter, defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from themes.models import ChoiceLabels, Commitment, Partner, Plan, Priority, Theme


class Status(models.TextChoices):
    """How an action is going, as a CSP reports it."""

    NOT_RECORDED = "not_recorded", _("Not recorded")
    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    COMPLETE = "complete", _("Complete")
    CARRIED_FORWARD = "carried_forward", _("Carried forward")


# What each status means, for the public "What the statuses mean" page and the open data.
STATUS_MEANINGS = {
    Status.NOT_RECORDED: _("No progress has been published for this action yet."),
    Status.NOT_STARTED: _("Work on the action has not begun yet; it is planned to start later."),
    Status.ON_TRACK: _("The action is going as planned and is expected to be done on time."),
    Status.AT_RISK: _(
        "There are problems that may stop the action being done on time or in full. The lead "
        "partners know about them and are working to put them right."
    ),
    Status.OFF_TRACK: _(
        "The action will not be done as planned unless something changes: more time, more "
        "money or another way of doing it."
    ),
    Status.COMPLETE: _("The action has been done."),
    Status.CARRIED_FORWARD: _(
        "The action was not finished within its plan and continues in the next plan."
    ),
}
# Not a status partners report: the portal shows it once an action is past its due date.
OVERDUE = "overdue"
OVERDUE_LABEL = _("Overdue")
OVERDUE_MEANING = _(
    "The action's due date has passed and the partnership has not reported it done or carried "
    "forward. The last status it reported is shown beside it."
)
FINISHED_STATUSES = (Status.COMPLETE, Status.CARRIED_FORWARD)


class StatusCounts:
    """How many actions have each status, in the order statuses are listed."""

    def __init__(self, counter=None):
        self.counter = counter or Counter()

    @classmethod
    def of(cls, actions):
        """Count the public statuses of actions already in memory."""
        return cls(Counter(action.public_status for action in actions))

    def __iter__(self):
        for status in Status:
            if self.counter[status.value]:
                yield {
                    "value": status.value,
                    "label": status.label,
                    "count": self.counter[status.value],
                }

    @property
    def total(self):
        return sum(self.counter.values())


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


class ActionQuerySet(models.QuerySet):
    def in_plan_order(self):
        """Actions by the plan's own numbering."""
        return self.order_by("plan__start_year", "plan_id", "number")

    def status_counts_by(self, field):
        """{value of `field`: StatusCounts of public statuses}, in one query."""
        counts = defaultdict(Counter)
        rows = self.order_by().values(field, "public_status").annotate(n=Count("pk"))
        for row in rows:
            counts[row[field]][row["public_status"]] += row["n"]
        return {key: StatusCounts(counter) for key, counter in counts.items()}

    def for_public_list(self):
        """What public action lists show: theme, ordered leads, in plan order."""
        return (
            self.select_related("plan", "theme", "last_published_round")
            .prefetch_related(
                Prefetch("lead_links", ActionLead.objects.select_related("partner__parent"))
            )
            .order_by("number")
        )

    def public_overdue(self, *, today=None):
        """Actions of the current plan past their due date whose published status is neither
        complete nor carried forward (the rule of `Action.is_public_overdue`)."""
        today = today or timezone.localdate()
        return self.filter(plan__state=Plan.State.CURRENT, due_on__lt=today).exclude(
            public_status__in=FINISHED_STATUSES
        )

    def led_by_any(self, partners):
        """Actions led by any of `partners` or by a team inside one of them."""
        # The partners first, then their lead links through the partner index: an OR across
        # the join to the partner made PostgreSQL read every lead link of every plan.
        leading = Partner.objects.filter(Q(pk__in=partners) | Q(parent__in=partners))
        led = ActionLead.objects.filter(action=OuterRef("pk"), partner__in=leading)
        return self.filter(Exists(led))

    def active(self):
        """Actions still being delivered: not complete and not carried forward."""
        return self.exclude(status__in=[Status.COMPLETE, Status.CARRIED_FORWARD])

    def editable_by(self, user):
        """Actions `user` may edit and report on: all for officers, their partners' for leads."""
        if user.has_perm("actions.publish_progressupdate"):
            return self.all()
        if user.has_perm("actions.change_action"):
            return self.led_by_any(user.partners.all())
        return self.none()

    def missing_update_in(self, round):
        """Active actions of the round's plan with no submitted or published update in it."""
        reported = ProgressUpdate.objects.filter(
            action=OuterRef("pk"),
            round=round,
            state__in=[ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.PUBLISHED],
        )
        return self.filter(plan_id=round.plan_id).active().exclude(Exists(reported))

    def public(self):
        """Actions of the plans residents may read: the current plan and the archive."""
        return self.filter(plan__in=Plan.objects.public())

    def for_open_data(self, *, every_update=True):
        """What the open-data downloads show: for_public_list() plus priorities and only the
        published updates, newest first (4 queries). Without `every_update` (the CSV, which
        shows the latest one's public summary), that summary alone, as
        `latest_public_summary` (3 queries)."""
        published = ProgressUpdate.objects.published()
        actions = self.for_public_list().prefetch_related("priorities")
        if not every_update:
            latest = published.filter(action=OuterRef("pk")).newest_first()
            return actions.annotate(
                latest_public_summary=Subquery(latest.values("public_summary")[:1])
            )
        published = published.select_related("round", "partner__parent").newest_first()
        return actions.prefetch_related(Prefetch("updates", published, to_attr="published_updates"))


class Action(ChoiceLabels, models.Model):
    plan = models.ForeignKey(Plan, models.PROTECT, related_name="actions", verbose_name=_("plan"))
    theme = models.ForeignKey(
        Theme, models.PROTECT, related_name="actions", verbose_name=_("theme")
    )
    number = models.PositiveIntegerField(
        _("number"), help_text=_("The plan's own number for this action; gaps are allowed.")
    )
    text = models.TextField(_("what will be done"))
    easy_read_summary = models.TextField(
        _("easy-read summary"), blank=True, help_text=_("A short summary in plain, simple words.")
    )
    leads = models.ManyToManyField(
        Partner,
        through="ActionLead",
        related_name="led_actions",
        blank=True,
        verbose_name=_("lead partners"),
    )
    lead_role = models.CharField(
        _("lead role"),
        max_length=200,
        blank=True,
        help_text=_(
            "A job title that leads the action, e.g. Community Safety Partnership Manager."
        ),
    )
    contact_name = models.CharField(
        _("named contact"),
        max_length=200,
        blank=True,
        help_text=_("A person's name is private: it is never shown publicly unless marked below."),
    )
    contact_is_public = models.BooleanField(_("the contact's name may be published"), default=False)
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="actions", verbose_name=_("priorities")
    )
    commitments = models.ManyToManyField(
        Commitment, blank=True, related_name="actions", verbose_name=_("commitments it delivers")
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.NOT_RECORDED
    )
    # What residents see: kept in step with the latest published update by the services
    # that publish, so public lists need no subquery per row.
    public_status = models.CharField(
        _("published status"), max_length=20, choices=Status, default=Status.NOT_RECORDED
    )
    last_published_at = models.DateTimeField(_("last published update"), null=True, blank=True)
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    last_published_round = models.ForeignKey(
        "ReportingRound",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("round of the last published update"),
    )
    history = HistoricalRecords(m2m_fields=[priorities, commitments])
    objects = ActionQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="actions_action_number_unique_in_plan",
                violation_error_message=_("This plan already has an action with that number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="actions_action_number_positive",
                violation_error_message=_("Action numbers start at 1."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(due_on__isnull=True)
                | Q(starts_on__lte=F("due_on")),
                name="actions_action_starts_before_due",
                violation_error_message=_("An action cannot be due before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="actions_action_text_not_empty",
                violation_error_message=_("Say what the action will do."),
            ),
        ]
        indexes = [
            # Lists filter actions by theme and status within a plan.
            models.Index(fields=["theme", "number"], name="actions_action_theme_number"),
            models.Index(fields=["plan", "status"], name="actions_action_plan_status"),
            models.Index(fields=["plan", "public_status"], name="actions_action_plan_public"),
        ]

    def __str__(self):
        return f"{self.number}. {self.text.splitlines()[0][:80] if self.text else ''}"

    def get_absolute_url(self):
        return reverse("public:action_detail", args=[self.plan.slug, self.number])

    def clean(self):
        if self.theme_id and self.plan_id and self.theme.plan_id != self.plan_id:
            raise ValidationError({"theme": _("The theme must belong to the action's plan.")})

    def refresh_public_status(self):
        """Copy status, round and date of the latest published update (one query); save if
        anything changed."""
        latest = self.updates.published().newest_first().first()
        new = (
            latest.status if latest else Status.NOT_RECORDED,
            latest.published_at if latest else None,
            latest.round_id if latest else None,
        )
        if (self.public_status, self.last_published_at, self.last_published_round_id) == new:
            return False
        self.public_status, self.last_published_at, self.last_published_round_id = new
        self._change_reason = "Published progress changed"
        self.save(update_fields=["public_status", "last_published_at", "last_published_round"])
        return True

    @property
    def is_public_overdue(self):
        """Past its due date in the current plan and not reported complete or carried
        forward; reads `plan`."""
        return (
            self.due_on is not None
            and self.due_on < timezone.localdate()
            and self.public_status not in FINISHED_STATUSES
            and self.plan.state == Plan.State.CURRENT
        )

    @property
    def shown_status(self):
        """The status residents see: "overdue" once `is_public_overdue`, else the published one."""
        return OVERDUE if self.is_public_overdue else self.public_status

    @property
    def shown_status_label(self):
        return OVERDUE_LABEL if self.is_public_overdue else self.get_public_status_display()

    @property
    def heading(self):
        """ "Action 12: Reduce knife crime in the town centre", cut at a word after about
        ten words, for page titles and headings."""
        first_line = self.text.strip().splitlines()[0] if self.text.strip() else ""
        words = first_line.split()
        short = " ".join(words[:12]) + ("…" if len(words) > 12 else "")
        return _("Action %(number)s: %(text)s") % {"number": self.number, "text": short}

    @property
    def public_contact_name(self):
        """The named contact, only when the record says it may be published."""
        return self.contact_name if self.contact_is_public else ""

    @property
    def public_text(self):
        """What residents read of the action itself: its wording, easy-read summary and
        public contact."""
        parts = [self.text, self.easy_read_summary, self.public_contact_name]
        return "\n\n".join(part for part in parts if part)


class ActionLead(models.Model):
    """One lead partner of an action, in the order the plan names them."""

    action = models.ForeignKey(Action, models.CASCADE, related_name="lead_links")
    partner = models.ForeignKey(Partner, models.PROTECT, related_name="action_lead_links")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["action", "partner"],
                name="actions_actionlead_partner_once_per_action",
                violation_error_message=_("This partner already leads this action."),
            ),
            models.UniqueConstraint(
                fields=["action", "position"],
                name="actions_actionlead_position_unique",
                violation_error_message=_("Two leads of an action cannot share a position."),
            ),
        ]

    def __str__(self):
        return f"{self.partner} leads action {self.action.number}"


class LinkedDocument(models.Model):
    """A document an action refers to: a title, and a link or a file when there is one."""

    action = models.ForeignKey(Action, models.CASCADE, related_name="documents")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to="documents/%Y/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(title=""),
                name="actions_linkeddocument_title_not_empty",
                violation_error_message=_("Give the document a title."),
            ),
            models.UniqueConstraint(
                fields=["action", "position"],
                name="actions_linkeddocument_position_unique",
                violation_error_message=_("Two documents of an action cannot share a position."),
            ),
        ]

    def __str__(self):
        return self.title


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
        Action, models.PROTECT, related_name="updates", verbose_name=_("action")
    )
    round = models.ForeignKey(
        ReportingRound, models.PROTECT, related_name="updates", verbose_name=_("reporting round")
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
    def public_text(self):
        """What residents read of this update: its public summary once published."""
        return self.public_summary if self.state == self.State.PUBLISHED else ""

    def clean(self):
        if self.round_id and self.action_id and self.round.plan_id != self.action.plan_id:
            raise ValidationError({"round": _("The round must belong to the action's plan.")})


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
