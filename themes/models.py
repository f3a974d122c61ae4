"""A partnership's plans: partners, plans, themes, priorities and what residents said."""

import functools

from django.conf import settings
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


@functools.cache
def _choice_labels(field, language):
    return {value: force_str(label) for value, label in field.flatchoices}


class ChoiceLabels:
    """get_FOO_display() read from a table of each field's labels per language. Django's own
    translates and hashes every choice of the field on every call: a page or an export of a
    few hundred rows made tens of thousands of translation lookups."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return _choice_labels(field, get_language()).get(value, value)


class PartnerQuerySet(models.QuerySet):
    def executive(self):
        """Partners that sit on the CSP Executive, in name order."""
        return self.filter(is_on_executive=True).order_by("name")


class Partner(models.Model):
    """An organisation in the partnership, or a team inside one (Luton Council → Public Health)."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("part of"),
        help_text=_("The organisation this team belongs to, if it is a team."),
    )
    is_statutory = models.BooleanField(_("statutory partner"), default=False)
    is_on_executive = models.BooleanField(_("sits on the CSP Executive"), default=False)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="partners",
        verbose_name=_("members"),
        help_text=_("Accounts that work for this partner and may update the actions it leads."),
    )
    history = HistoricalRecords(m2m_fields=[members])
    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        # Accounts are people working for partners: officers invite partner leads and manage
        # their roles and partners on the portal's account pages.
        permissions = [("manage_accounts", "Can invite partner leads and manage accounts")]
        constraints = [
            # Two teams may share a name ("Public Health") only under different parents.
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="themes_partner_name_unique_within_parent",
                violation_error_message=_("This organisation already has a team with that name."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(parent__isnull=True),
                name="themes_partner_name_unique_at_top_level",
                violation_error_message=_("An organisation with that name already exists."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")),
                name="themes_partner_not_its_own_parent",
                violation_error_message=_("A partner cannot be a team of itself."),
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        """The name with its organisation ("Luton Council Public Health"); reads `parent`."""
        if self.parent_id:
            return f"{self.parent.name} {self.name}"
        return self.name


class PlanQuerySet(models.QuerySet):
    def public(self):
        """Plans residents may read: the current one and the archive, never drafts."""
        return self.exclude(state=Plan.State.DRAFT)

    def current(self):
        """The plan the partnership is delivering now, or None."""
        return self.filter(state=Plan.State.CURRENT).first()

    def newest_first(self):
        """Plans by the year they start, latest first."""
        return self.order_by("-start_year", "title")


class Plan(ChoiceLabels, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CURRENT = "current", _("Current")
        ARCHIVED = "archived", _("Archived")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    summary = models.TextField(_("summary"), blank=True)
    partners_publish_directly = models.BooleanField(
        _("partners publish directly"),
        default=False,
        help_text=_("Partner leads' submitted updates go public without an officer's review."),
    )
    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        permissions = [("view_internal_pages", "Can read internal pages and dashboards")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lte=F("end_year")),
                name="themes_plan_starts_before_it_ends",
                violation_error_message=_("A plan cannot end before it starts."),
            ),
            # The public home page shows "the current plan": there can only be one.
            models.UniqueConstraint(
                fields=["state"],
                condition=Q(state="current"),
                name="themes_plan_one_current",
                violation_error_message=_(
                    "Another plan is already current: archive it before making this one current."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:plan_detail", args=[self.slug])

    @property
    def period(self):
        """ "2024–2028", or "2018–19" for a plan that runs over one financial year."""
        if self.end_year == self.start_year + 1:
            return f"{self.start_year}–{self.end_year % 100:02d}"
        if self.end_year == self.start_year:
            return str(self.start_year)
        return f"{self.start_year}–{self.end_year}"


class ThemeQuerySet(models.QuerySet):
    def with_leads(self):
        """Themes in number order with their lead agencies (one extra query)."""
        return self.prefetch_related(leads_prefetch()).order_by("number")


def leads_prefetch():
    """A theme's lead agencies in order, with their parent organisations."""
    return Prefetch("lead_links", ThemeLead.objects.select_related("partner__parent"))


class Theme(models.Model):
    plan = models.ForeignKey(Plan, models.PROTECT, related_name="themes", verbose_name=_("plan"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    easy_read_summary = models.TextField(
        _("easy-read summary"), blank=True, help_text=_("A short summary in plain, simple words.")
    )
    leads = models.ManyToManyField(
        Partner, through="ThemeLead", related_name="led_themes", verbose_name=_("lead agencies")
    )
    history = HistoricalRecords()
    objects = ThemeQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="themes_theme_number_unique_in_plan",
                violation_error_message=_("This plan already has a theme with that number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="themes_theme_number_positive",
                violation_error_message=_("Theme numbers start at 1."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("public:theme_detail", args=[self.plan.slug, self.number])


class ThemeLead(models.Model):
    """One lead agency of a theme, in the order the plan names them."""

    theme = models.ForeignKey(Theme, models.CASCADE, related_name="lead_links")
    partner = models.ForeignKey(Partner, models.PROTECT, related_name="theme_lead_links")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["theme", "partner"],
                name="themes_themelead_partner_once_per_theme",
                violation_error_message=_("This partner already leads this theme."),
            ),
            models.UniqueConstraint(
                fields=["theme", "position"],
                name="themes_themelead_position_unique",
                violation_error_message=_("Two leads of a theme cannot share a position."),
            ),
        ]

    def __str__(self):
        return f"{self.partner} leads {self.theme}"


class Priority(models.Model):
    """A cross-cutting priority of a plan, numbered within it."""

    plan = models.ForeignKey(
        Plan, models.PROTECT, related_name="priorities", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = _("priorities")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="themes_priority_number_unique_in_plan",
                violation_error_message=_("This plan already has a priority with that number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="themes_priority_number_positive",
                violation_error_message=_("Priority numbers start at 1."),
            ),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ResidentStatement(models.Model):
    """What residents said ("We want to feel safe in Luton"), in the plan's order."""

    plan = models.ForeignKey(
        Plan, models.PROTECT, related_name="statements", verbose_name=_("plan")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("what residents said"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "position"],
                name="themes_residentstatement_position_unique_in_plan",
                violation_error_message=_("This plan already has a statement in that position."),
            ),
        ]

    def __str__(self):
        return self.text


class Commitment(models.Model):
    """What the partnership is doing in answer to a resident statement."""

    statement = models.ForeignKey(
        ResidentStatement,
        models.CASCADE,
        related_name="commitments",
        verbose_name=_("resident statement"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("what we are doing"))
    themes = models.ManyToManyField(
        Theme,
        blank=True,
        related_name="commitments",
        verbose_name=_("themes that deliver it"),
    )
    history = HistoricalRecords(m2m_fields=[themes])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "position"],
                name="themes_commitment_position_unique_in_statement",
                violation_error_message=_(
                    "This statement already has a commitment in that position."
                ),
            ),
        ]

    def __str__(self):
        return self.text
