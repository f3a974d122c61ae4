"""A partnership's plans: partners, plans, themes, priorities and what residents said."""

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.colours import contrast_with_white
from portal.uploads import JPEG, PNG, check_upload


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
    """An organisation in the partnership, or a team inside one (Town Council → Public Health)."""

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
        """The name with its organisation ("Anytown Council Public Health"); reads `parent`."""
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
    def is_archived(self):
        return self.state == self.State.ARCHIVED

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
    """What residents said ("We want to feel safe in our town"), in the plan's order."""

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


def _logo_upload_to(instance, filename):
    return f"partnership/{filename}"


LOGO_MAX_BYTES = 1024 * 1024


def validate_logo(file):
    """A logo is a PNG or JPEG image (by its content) of at most LOGO_MAX_BYTES, however it
    was uploaded (the portal's page or the admin)."""
    if getattr(file, "_committed", False):
        return  # already stored, so checked when it was uploaded
    if check_upload(file, max_bytes=LOGO_MAX_BYTES) not in (PNG, JPEG):
        raise ValidationError(_("The logo must be a PNG or JPEG image."), code="type")


class Partnership(models.Model):
    """Who runs this portal: the partnership's name, area, contact details, logo and colour.

    One row (id 1), read by every page through `themes.context_processors.partnership`;
    until an officer saves it, `current()` answers with neutral defaults."""

    SINGLE_ID = 1
    DEFAULT_BRAND_COLOUR = "#00626e"
    # Links and the header's white text sit on the brand colour: WCAG AA asks 4.5:1.
    MINIMUM_CONTRAST = 4.5

    # Always 1: the portal holds one partnership, whatever a database sequence would give.
    id = models.PositiveSmallIntegerField(primary_key=True, default=SINGLE_ID, editable=False)
    name = models.CharField(
        _("name"),
        max_length=200,
        default="Community Safety Partnership",
        help_text=_("As residents know it, e.g. “Anytown Community Safety Partnership”."),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        default="CSP",
        help_text=_("Used where space is short: the browser tab icon and page footers."),
    )
    area = models.CharField(
        _("area"), max_length=100, blank=True, help_text=_("The town or district it serves.")
    )
    contact_email = models.EmailField(_("contact email address"), blank=True)
    website = models.URLField(_("web address"), blank=True)
    logo = models.FileField(
        _("logo"),
        upload_to=_logo_upload_to,
        blank=True,
        validators=[validate_logo],
        help_text=_("Optional: a PNG or JPEG image, at most 1 MB, shown in the page header."),
    )
    brand_colour = models.CharField(
        _("brand colour"),
        max_length=7,
        default=DEFAULT_BRAND_COLOUR,
        help_text=_(
            "A colour as six hexadecimal digits after #, e.g. #00626e. It must be dark enough "
            "for white text on it (a contrast of 4.5:1)."
        ),
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partnership")
        constraints = [
            models.CheckConstraint(
                condition=Q(id=1),
                name="themes_partnership_single_row",
                violation_error_message=_("The portal holds one partnership."),
            ),
            models.CheckConstraint(
                condition=Q(brand_colour__regex=r"^#[0-9a-fA-F]{6}$"),
                name="themes_partnership_brand_colour_hex",
                violation_error_message=_(
                    "Enter the brand colour as # and six hexadecimal digits, e.g. #00626e."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @classmethod
    def current(cls):
        """The partnership's row, or an unsaved one with the defaults (one query)."""
        return cls.objects.filter(pk=cls.SINGLE_ID).first() or cls()

    def clean(self):
        colour = self.brand_colour or ""
        if len(colour) == 7 and colour.startswith("#"):
            try:
                ratio = contrast_with_white(colour)
            except ValueError:
                return
            if ratio < self.MINIMUM_CONTRAST:
                raise ValidationError(
                    {
                        "brand_colour": _(
                            "This colour is too light for white text on it (%(ratio).1f:1): "
                            "choose a darker one."
                        )
                        % {"ratio": ratio}
                    }
                )

    @property
    def brand_colour_dark(self):
        """The brand colour a third darker, for hovered links."""
        channels = [int(self.brand_colour[i : i + 2], 16) for i in (1, 3, 5)]
        return "#" + "".join(f"{round(c * 2 / 3):02x}" for c in channels)

    @property
    def initials(self):
        """Up to three letters for the browser tab icon, from the short name."""
        letters = [word[0] for word in self.short_name.split() if word[:1].isalnum()]
        if len(letters) == 1:
            return self.short_name[:3]
        return "".join(letters)[:3]


class PublicPage(models.Model):
    """The text of a page UK public bodies publish (accessibility statement, privacy notice,
    cookies, contact), as an officer last wrote it. A page without a row shows its default
    text (`themes.page_texts.DEFAULTS`)."""

    class Kind(models.TextChoices):
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        PRIVACY = "privacy", _("Privacy notice")
        COOKIES = "cookies", _("Cookies")
        CONTACT = "contact", _("Contact us")

    kind = models.CharField(_("page"), max_length=20, choices=Kind, unique=True)
    body = models.TextField(
        _("text"),
        help_text=_(
            "Blank lines part paragraphs; a line starting “- ” is a bullet; a line starting "
            "“## ” is a heading."
        ),
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public page")
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""),
                name="themes_publicpage_body_not_empty",
                violation_error_message=_("Write the page's text."),
            ),
        ]

    def __str__(self):
        return self.get_kind_display()
