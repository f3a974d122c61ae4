"""Outcome indicators: what the partnership measures, its figures over time and its targets.

Actions say what partners do; indicators show whether it works. Each indicator has values
(a figure for a period, optionally broken down by ward, LSOA or age group) and targets (a
figure to reach by a date). Corrections are versioned like everything else.
"""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.roles import VIEW_INTERNAL_PAGES, is_officer
from indicators.comparisons import Comparison, Trend
from indicators.periods import (
    Frequency,
    format_date,
    format_figure,
    future_period_message,
    is_period_start,
    negative_count_message,
    period_label,
    period_start_for,
)

# The crime types of data.police.uk's street-level files, exactly as the files spell them.
POLICE_CRIME_TYPES = [
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
]


class IndicatorQuerySet(models.QuerySet):
    def public(self):
        """Indicators the public may read."""
        return self.filter(is_public=True)

    def visible_to(self, user):
        """Every indicator for Executive members and officers; for anyone else the public ones
        and those their partners own."""
        if user.has_perm(VIEW_INTERNAL_PAGES):
            return self
        if not user.is_authenticated:
            return self.public()
        partners = user.partners.all()
        return self.filter(
            Q(is_public=True) | Q(owner__in=partners) | Q(owner__parent__in=partners)
        ).distinct()

    def with_totals(self):
        """Prefetch each indicator's totals (figures with no breakdown) in period order, and
        its targets by date, into `totals` and `ordered_targets` (two queries)."""
        return self.prefetch_related(
            Prefetch(
                "values",
                IndicatorValue.objects.totals().order_by("period_start"),
                to_attr="totals",
            ),
            Prefetch(
                "targets", IndicatorTarget.objects.order_by("target_on"), to_attr="ordered_targets"
            ),
        )

    def for_summary(self):
        """What indicators/summary.html shows: name, unit, owner, latest figure,
        direction of travel and target, in name order (three queries: indicators, totals,
        targets)."""
        return self.select_related("owner__parent").with_totals().order_by("name")

    def public_for_theme(self, theme):
        """The public indicators linked to `theme`, for indicators/summary.html (a list; three
        queries)."""
        return list(self.public().filter(themes=theme).for_summary())

    def public_by_commitment(self, plan):
        """{commitment id: [public indicators that evidence it, in name order]} for `plan`,
        for indicators/summary.html (four queries: links, indicators, totals, targets)."""
        links = list(
            Indicator.commitments.through.objects.filter(
                commitment__statement__plan=plan, indicator__is_public=True
            ).values_list("commitment_id", "indicator_id")
        )
        indicators = {
            indicator.pk: indicator
            for indicator in self.filter(pk__in={i for _c, i in links}).for_summary()
        }
        by_commitment = {}
        for commitment_id, indicator_id in links:
            by_commitment.setdefault(commitment_id, []).append(indicators[indicator_id])
        for listed in by_commitment.values():
            listed.sort(key=lambda indicator: indicator.name)
        return by_commitment

    def for_list(self):
        """The indicator list page: as the summary (three queries)."""
        return self.for_summary()


_NOT_A_COUNT = re.compile(r"%|\b(per|rate|change|ratio|score|index|difference)", re.IGNORECASE)


class Indicator(models.Model):
    """Something the partnership measures to see whether what it does works."""

    class Direction(models.TextChoices):
        HIGHER_IS_BETTER = "higher", _("Higher is better")
        LOWER_IS_BETTER = "lower", _("Lower is better")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    counts = models.TextField(
        _("what it counts"),
        help_text=_("For example “ASB incidents reported in the Town Centre”."),
    )
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("Where the figures come from, e.g. “police recorded crime”."),
    )
    unit = models.CharField(
        _("unit"), max_length=50, help_text=_("What a figure is in: “incidents”, “people”, “%”.")
    )
    direction = models.CharField(_("which direction is better"), max_length=10, choices=Direction)
    frequency = models.CharField(
        _("how often it is measured"), max_length=20, choices=Frequency, default=Frequency.MONTHLY
    )
    owner = models.ForeignKey(
        "themes.Partner",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("owning partner"),
        help_text=_("Its members, and its organisation's, may enter figures."),
    )
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Shown on the public site and in downloads.")
    )
    themes = models.ManyToManyField(
        "themes.Theme", blank=True, related_name="indicators", verbose_name=_("themes")
    )
    priorities = models.ManyToManyField(
        "themes.Priority", blank=True, related_name="indicators", verbose_name=_("priorities")
    )
    commitments = models.ManyToManyField(
        "themes.Commitment",
        blank=True,
        related_name="indicators",
        verbose_name=_("commitments it evidences"),
    )
    actions = models.ManyToManyField(
        "actions.Action", blank=True, related_name="indicators", verbose_name=_("actions")
    )
    police_crime_types = models.TextField(
        _("police crime types it counts"),
        blank=True,
        help_text=_(
            "One a line, as data.police.uk names them (e.g. “Anti-social behaviour”). "
            "The police crime importer counts these crimes each month into this indicator."
        ),
    )
    police_lsoa_codes = models.TextField(
        _("only in these LSOAs"),
        blank=True,
        help_text=_(
            "LSOA codes, one a line (e.g. E01015695), to count only crimes in an area such as "
            "the Town Centre. Leave empty to count everywhere."
        ),
    )
    police_lsoa_prefix = models.CharField(
        _("only in LSOAs named after"),
        max_length=100,
        blank=True,
        help_text=_(
            "The council area as LSOA names begin, e.g. “Anytown” for “Anytown 010A”: a force's "
            "files cover more than one council. Leave empty to count every LSOA in the files."
        ),
    )
    police_by_lsoa = models.BooleanField(
        _("also a figure for each LSOA"),
        default=False,
        help_text=_("Besides the whole area's figure, one for each LSOA, named after it."),
    )
    history = HistoricalRecords(m2m_fields=[themes, priorities, commitments, actions])
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="indicators_indicator_name_not_empty",
                violation_error_message=_("Give the indicator a name."),
            ),
            # Police street-level files are monthly; a quarter imported month by month would
            # be overwritten by its last month.
            models.CheckConstraint(
                condition=Q(police_crime_types="") | Q(frequency="monthly"),
                name="indicators_indicator_police_counts_are_monthly",
                violation_error_message=_(
                    "An indicator that counts police crime types must be measured monthly."
                ),
            ),
        ]
        indexes = [
            # Public pages and downloads list public indicators by name.
            models.Index(fields=["is_public", "name"], name="indicators_public_name"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("indicators:indicator_detail", args=[self.slug])

    def clean(self):
        unknown = [t for t in self.crime_type_list if t not in POLICE_CRIME_TYPES]
        if unknown:
            raise ValidationError(
                {
                    "police_crime_types": gettext(
                        "“%(types)s” is not a data.police.uk crime type. They are: %(known)s."
                    )
                    % {"types": "”, “".join(unknown), "known": ", ".join(POLICE_CRIME_TYPES)}
                }
            )

    @property
    def is_count(self):
        """Whether its figures count things (incidents, people), never fewer than none: any
        unit but a percentage, a rate, a change, a ratio, a score or an index."""
        return not _NOT_A_COUNT.search(self.unit)

    @property
    def crime_type_list(self):
        return [line.strip() for line in self.police_crime_types.splitlines() if line.strip()]

    @property
    def lsoa_code_list(self):
        return [line.strip() for line in self.police_lsoa_codes.splitlines() if line.strip()]

    def counts_police_lsoa(self, name):
        """Whether crimes in the LSOA called `name` count, by the area's name (whole words:
        “Anytown” takes “Anytown 010A”, not “Anytownley 001A”)."""
        prefix = self.police_lsoa_prefix.strip()
        return not prefix or name == prefix or name.startswith(prefix + " ")

    @property
    def police_area(self):
        """Where the police import counts its crimes, in words."""
        parts = []
        if prefix := self.police_lsoa_prefix.strip():
            parts.append(gettext("LSOAs named after “%s”") % prefix)
        if codes := self.lsoa_code_list:
            parts.append(ngettext("%d LSOA listed", "%d LSOAs listed", len(codes)) % len(codes))
        return ", ".join(parts) or gettext("Every LSOA in the files")

    @property
    def lower_is_better(self):
        return self.direction == self.Direction.LOWER_IS_BETTER

    def label_for(self, period_start):
        return period_label(period_start, self.frequency)

    def can_enter_values(self, user):
        """CSP officers, and members of the owning partner or of its organisation, may enter
        figures and targets. One query for a signed-in user who is not an officer."""
        if not user.is_authenticated:
            return False
        if is_officer(user):
            return True
        if self.owner_id is None:
            return False
        owners = [self.owner_id]
        if self.owner.parent_id:
            owners.append(self.owner.parent_id)
        return user.partners.filter(pk__in=owners).exists()

    def total_values(self):
        """The figures with no breakdown, oldest first: from `with_totals()` when prefetched,
        otherwise one query."""
        if hasattr(self, "totals"):
            return self.totals
        return list(self.values.totals().order_by("period_start"))

    def target_list(self):
        """Targets by date: from `with_totals()` when prefetched, otherwise one query."""
        if hasattr(self, "ordered_targets"):
            return self.ordered_targets
        return list(self.targets.order_by("target_on"))

    def _judge(self, latest, other):
        if latest == other:
            return Trend.NO_CHANGE
        if (latest < other) == self.lower_is_better:
            return Trend.BETTER
        return Trend.WORSE

    def direction_of_travel(self):
        """Whether the latest total is better, worse or no different from the previous
        available one (periods with no figure are skipped, and `consecutive` says so), judged
        by the indicator's direction; "no data" with fewer than two figures. Reads
        `total_values()` (no query when prefetched)."""
        totals = self.total_values()
        if len(totals) < 2:
            return Comparison(Trend.NO_DATA, latest=totals[-1] if totals else None)
        previous, latest = totals[-2], totals[-1]
        expected_previous = period_start_for(
            latest.period_start - datetime.timedelta(days=1), self.frequency
        )
        return Comparison(
            self._judge(latest.figure, previous.figure),
            latest=latest,
            previous=previous,
            consecutive=previous.period_start == expected_previous,
        )

    def against_target(self):
        """The latest total against the target it counts towards: the first target dated on
        or after the latest period's start, else the last target. `better` means met (or
        beaten), `worse` not met; "no data" without a figure or a target. No query when
        prefetched with `with_totals()`."""
        totals, targets = self.total_values(), self.target_list()
        if not totals or not targets:
            return Comparison(Trend.NO_DATA, latest=totals[-1] if totals else None)
        latest = totals[-1]
        target = next((t for t in targets if t.target_on >= latest.period_start), targets[-1])
        trend = self._judge(latest.figure, target.figure)
        return Comparison(
            Trend.BETTER if trend == Trend.NO_CHANGE else trend, latest=latest, target=target
        )


class IndicatorValueQuerySet(models.QuerySet):
    def totals(self):
        """Figures for the whole area (no breakdown)."""
        return self.filter(breakdown="")

    def public(self):
        """Figures of public indicators."""
        return self.filter(indicator__is_public=True)

    def for_download(self):
        """Public figures with their indicator, by indicator, period and breakdown."""
        return (
            self.public()
            .select_related("indicator")
            .order_by("indicator__name", "indicator_id", "period_start", "breakdown")
        )


class IndicatorValue(models.Model):
    """An indicator's figure for one period, for the whole area or one part of a breakdown."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    period_start = models.DateField(
        _("period"), help_text=_("The first day of the month, quarter or year it is for.")
    )
    frequency = models.CharField(
        _("period length"),
        max_length=20,
        choices=Frequency,
        help_text=_("Copied from the indicator when the figure is entered."),
    )
    breakdown = models.CharField(
        _("breakdown"),
        max_length=100,
        blank=True,
        help_text=_("A ward, LSOA or age group; leave empty for the figure for the whole area."),
    )
    figure = models.DecimalField(_("figure"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()
    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start", "breakdown"],
                name="indicators_indicatorvalue_one_per_period_and_breakdown",
                violation_error_message=_(
                    "This indicator already has a figure for that period and breakdown: "
                    "change that one instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_start__day=1),
                name="indicators_indicatorvalue_period_starts_on_first",
                violation_error_message=_("A period starts on the first day of a month."),
            ),
        ]
        indexes = [
            # Indicator pages read one indicator's figures in period order.
            models.Index(
                fields=["indicator", "breakdown", "period_start"],
                name="indicators_value_period",
            ),
        ]

    def __str__(self):
        label = self.period_label
        if self.breakdown:
            label = f"{label}, {self.breakdown}"
        return f"{self.indicator_id}: {label}: {self.figure}"

    @property
    def period_label(self):
        return period_label(self.period_start, self.frequency)

    def clean(self):
        """Reads the indicator (a query unless it is loaded) when the figure is negative."""
        errors = {}
        if (
            self.frequency
            and self.period_start
            and not is_period_start(self.period_start, self.frequency)
        ):
            errors["period_start"] = gettext(
                "%(date)s is not the start of a %(frequency)s period."
            ) % {
                "date": format_date(self.period_start),
                "frequency": Frequency(self.frequency).label.lower(),
            }
        elif self.frequency and (
            message := future_period_message(self.period_start, self.frequency)
        ):
            errors["period_start"] = message
        if self.indicator_id and self.figure is not None and self.figure < 0:
            if message := negative_count_message(self.indicator, self.figure):
                errors["figure"] = message
        if errors:
            raise ValidationError(errors)


class IndicatorTarget(models.Model):
    """A figure the partnership aims to reach by a date."""

    indicator = models.ForeignKey(
        Indicator, models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    target_on = models.DateField(_("to reach by"))
    figure = models.DecimalField(_("target figure"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "target_on"],
                name="indicators_indicatortarget_one_per_date",
                violation_error_message=_("This indicator already has a target for that date."),
            ),
        ]

    def __str__(self):
        return f"{format_figure(self.figure)} by {format_date(self.target_on)}"


def theme_directions(plan, *, public_only=False):
    """{theme id: {"better": n, "worse": n, "no_change": n, "no_data": n}} for the themes of
    `plan` that have indicators: each indicator's direction of travel, counted under every
    theme it is linked to. Three queries (links, indicators, their totals), however many
    themes, indicators or figures."""
    links = Indicator.themes.through.objects.filter(theme__plan=plan)
    if public_only:
        links = links.filter(indicator__is_public=True)
    pairs = list(links.values_list("theme_id", "indicator_id"))
    indicators = Indicator.objects.filter(pk__in={i for _t, i in pairs}).prefetch_related(
        Prefetch(
            "values", IndicatorValue.objects.totals().order_by("period_start"), to_attr="totals"
        )
    )
    trends = {i.pk: i.direction_of_travel().trend for i in indicators}
    directions = {}
    for theme_id, indicator_id in pairs:
        counts = directions.setdefault(theme_id, {trend.value: 0 for trend in Trend})
        counts[trends[indicator_id]] += 1
    return directions
