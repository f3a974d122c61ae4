"""Numbered actions, their ordered lead partners and their linked documents."""

from collections import Counter, defaultdict

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import CHANGE_ACTIONS, is_officer
from actions.models.updates import REPORTED_STATES, ProgressUpdate
from actions.statuses import (
    FINISHED_STATUSES,
    OVERDUE,
    OVERDUE_LABEL,
    Status,
    StatusCounts,
)
from themes.models import ChoiceLabels, Commitment, Partner, Plan, Priority, Theme


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
        if is_officer(user):
            return self.all()
        if user.has_perm(CHANGE_ACTIONS):
            return self.led_by_any(user.partners.all())
        return self.none()

    def with_missing_update(self, round, *, partners=None):
        """Annotate `is_missing`: the action is active and an update owed in `round` is
        neither submitted nor published. With `partners`, only the updates they (or their
        teams) owe count. Who owes what is ActionLeadQuerySet.owing_in."""
        owing = ActionLead.objects.filter(action=OuterRef("pk")).owing_in(round)
        if partners is not None:
            owing = owing.filter(Q(partner__in=partners) | Q(partner__parent__in=partners))
            unreported = Exists(owing)
        else:
            # An action nobody leads still owes its own update.
            own = ProgressUpdate.objects.filter(
                action=OuterRef("pk"), round=round, partner=None, state__in=REPORTED_STATES
            )
            leads = ActionLead.objects.filter(action=OuterRef("pk"))
            unreported = Exists(owing) | (~Exists(leads) & ~Exists(own))
        active = ~Q(status__in=[Status.COMPLETE, Status.CARRIED_FORWARD])
        return self.annotate(
            is_missing=ExpressionWrapper(active & unreported, output_field=BooleanField())
        )

    def missing_update_in(self, round, *, partners=None):
        """Active actions of the round's plan still owing an update in it (owed by one of
        `partners`, when given): see with_missing_update."""
        return (
            self.filter(plan_id=round.plan_id)
            .with_missing_update(round, partners=partners)
            .filter(is_missing=True)
        )

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

    def owed_partner(self, lead_partners):
        """The `partner` of the update `lead_partners` owe on this action in a round: None
        (the action's own update) when one of them is the first-named lead, else the first
        of them that leads it; see ActionLeadQuerySet.with_owed_update. Reads the prefetched
        lead links."""
        links = list(self.lead_links.all())
        if links and links[0].partner in lead_partners:
            return None
        return next((link.partner for link in links if link.partner in lead_partners), None)

    def is_updated_in(self, round):
        """Whether the action's last published update is of `round` (never when None)."""
        return round is not None and self.last_published_round_id == round.pk

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


class ActionLeadQuerySet(models.QuerySet):
    def with_owed_update(self, round):
        """Annotate what each lead owes in `round`, the one rule of who reports what.

        `owes_whole_action`: the first-named lead (the only one, on an action one partner
        leads) owes the action's own update (partner=None), with the summary and status of
        the whole action; every other lead owes its own part (partner=that lead).
        `has_reported`: that update is submitted or published."""
        earlier = ActionLead.objects.filter(
            action=OuterRef("action"), position__lt=OuterRef("position")
        )
        reported = ProgressUpdate.objects.filter(
            action=OuterRef("action"), round=round, state__in=REPORTED_STATES
        )
        whole = Exists(reported.filter(partner=None))
        part = Exists(reported.filter(partner=OuterRef("partner")))
        return self.annotate(
            owes_whole_action=ExpressionWrapper(~Exists(earlier), output_field=BooleanField()),
            has_reported=ExpressionWrapper(
                (~Exists(earlier) & whole) | (Exists(earlier) & part),
                output_field=BooleanField(),
            ),
        )

    def owing_in(self, round):
        """Leads whose owed update in `round` is neither submitted nor published (see
        with_owed_update); the action's state is left to the caller."""
        return self.with_owed_update(round).filter(has_reported=False)


class ActionLead(models.Model):
    """One lead partner of an action, in the order the plan names them."""

    action = models.ForeignKey(Action, models.CASCADE, related_name="lead_links")
    partner = models.ForeignKey(Partner, models.PROTECT, related_name="action_lead_links")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    history = HistoricalRecords()
    objects = ActionLeadQuerySet.as_manager()

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
