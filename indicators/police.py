"""Monthly counts of crimes from data.police.uk street-level files.

The whole input is read first and nothing is written unless every row is good; writing runs
in one transaction. Re-importing the same files changes nothing.
"""

import csv
import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.models import Frequency, Indicator, IndicatorValue, period_label
from indicators.periods import future_period_message

POLICE_COLUMNS = [
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
]


class PoliceFileError(Exception):
    """A street-level file is not in the data.police.uk format; the message says where."""


@dataclass
class PoliceImportResult:
    files: int = 0
    rows: int = 0
    months: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    # (indicator, period label, breakdown, old figure or None, new figure) of each figure
    # that is new or changes, for the preview.
    changes: list = field(default_factory=list)
    # The indicators whose remembered area options the import changed.
    options_changed: list = field(default_factory=list)

    @property
    def total_changes(self):
        """The changes of whole-area figures (no breakdown), which the preview lists."""
        return [change for change in self.changes if not change[2]]

    def summary(self):
        if not self.indicators:
            return _(
                "No indicator counts police crime types: set “police crime types it counts” "
                "on an indicator first. Nothing was imported."
            )
        months = ", ".join(m.strftime("%B %Y") for m in self.months) or _("none")
        return _(
            "Read %(rows)s crimes in %(files)s files (months: %(months)s) for %(indicators)s. "
            "Figures created: %(new)s, changed: %(changed)s, unchanged: %(unchanged)s."
        ) % {
            "rows": self.rows,
            "files": self.files,
            "months": months,
            "indicators": ", ".join(i.name for i in self.indicators),
            "new": self.outcomes["new"],
            "changed": self.outcomes["changed"],
            "unchanged": self.outcomes["unchanged"],
        }


def _police_rows(name, stream):
    reader = csv.DictReader(stream)
    missing = [column for column in POLICE_COLUMNS if column not in (reader.fieldnames or [])]
    if missing:
        raise PoliceFileError(
            _("%(file)s is not a data.police.uk street-level file: it has no column %(cols)s.")
            % {"file": name, "cols": ", ".join(f"“{c}”" for c in missing)}
        )
    for row in reader:
        month_text = (row["Month"] or "").strip()
        match = re.fullmatch(r"(\d{4})-(\d{2})", month_text)
        if not match or not 1 <= int(match[2]) <= 12:
            raise PoliceFileError(
                _("%(file)s, row %(row)s, column “Month”: “%(text)s” is not a month like 2025-03.")
                % {"file": name, "row": reader.line_num, "text": month_text}
            )
        month = datetime.date(int(match[1]), int(match[2]), 1)
        if message := future_period_message(month, Frequency.MONTHLY):
            raise PoliceFileError(
                _("%(file)s, row %(row)s, column “Month”: %(message)s")
                % {"file": name, "row": reader.line_num, "message": message}
            )
        yield month, row


def police_crimes_count(*, files, indicators):
    """Count the crimes in street-level `files` ([(name, text stream)]) for each indicator,
    per month, in the indicator's area (its LSOA codes, its LSOA name prefix) and per LSOA
    when the indicator asks for it. Returns ({(indicator id, month, breakdown): count},
    months seen, rows read); every month seen gets a total, zero when nothing matched."""
    counts = Counter()
    months = set()
    rows = 0
    wanted = [(i, set(i.crime_type_list), set(i.lsoa_code_list)) for i in indicators]
    for name, stream in files:
        for month, row in _police_rows(name, stream):
            rows += 1
            months.add(month)
            crime_type = (row["Crime type"] or "").strip()
            lsoa_code = (row["LSOA code"] or "").strip()
            lsoa_name = (row["LSOA name"] or "").strip()
            for indicator, crime_types, lsoa_codes in wanted:
                if crime_type not in crime_types or (lsoa_codes and lsoa_code not in lsoa_codes):
                    continue
                if not indicator.counts_police_lsoa(lsoa_name):
                    continue
                counts[(indicator.pk, month, "")] += 1
                if indicator.police_by_lsoa and (lsoa_name or lsoa_code):
                    counts[(indicator.pk, month, lsoa_name or lsoa_code)] += 1
    for indicator, _types, _codes in wanted:
        for month in months:
            counts.setdefault((indicator.pk, month, ""), 0)
    return counts, sorted(months), rows


def police_indicators():
    """The indicators that count police crime types, by name."""
    return list(Indicator.objects.exclude(police_crime_types="").order_by("name"))


def _remember_options(indicators, options, *, dry_run):
    """Give every indicator the area options given (`police_by_lsoa`, `police_lsoa_prefix`),
    saved with their history unless `dry_run`: the next import uses them without being
    told. Returns the indicators whose options changed."""
    given = {name: value for name, value in options.items() if value is not None}
    changed = []
    for indicator in indicators:
        if all(getattr(indicator, name) == value for name, value in given.items()):
            continue
        for name, value in given.items():
            setattr(indicator, name, value)
        changed.append(indicator)
        if not dry_run:
            indicator._change_reason = _("Police import options")
            indicator.save(update_fields=list(given))
    return changed


@transaction.atomic
def police_crimes_import(*, files, dry_run=False, options=None):
    """Write monthly counts from street-level `files` into every indicator that counts police
    crime types, each in its own area and, if it asks, per LSOA. `options` (from the command
    line) change those remembered choices first, for every such indicator. Figures that
    already match are left alone, so importing the same files again changes nothing; an
    LSOA figure of an imported month that the files no longer show is corrected to zero.
    All or nothing; `dry_run` writes nothing."""
    indicators = police_indicators()
    result = PoliceImportResult(indicators=indicators)
    if options:
        result.options_changed = _remember_options(indicators, options, dry_run=dry_run)
    counts, result.months, result.rows = police_crimes_count(files=files, indicators=indicators)
    result.files = len(files)
    if not indicators or not result.months:
        return result
    existing_values = IndicatorValue.objects.filter(
        indicator__in=indicators, period_start__in=result.months
    )
    existing = {(v.indicator_id, v.period_start, v.breakdown): v for v in existing_values}
    per_lsoa = {indicator.pk for indicator in indicators if indicator.police_by_lsoa}
    for key in existing:
        if key[2] and key[0] in per_lsoa:
            counts.setdefault(key, 0)
    by_id = {indicator.pk: indicator for indicator in indicators}
    for (indicator_id, month, breakdown), count in sorted(counts.items()):
        figure = Decimal(count).quantize(Decimal("0.01"))
        value = existing.get((indicator_id, month, breakdown))
        if value is not None and value.figure == figure:
            result.outcomes["unchanged"] += 1
            continue
        result.outcomes["changed" if value else "new"] += 1
        result.changes.append(
            (
                by_id[indicator_id],
                period_label(month, Frequency.MONTHLY),
                breakdown,
                value.figure if value else None,
                figure,
            )
        )
        if dry_run:
            continue
        value = value or IndicatorValue(
            indicator_id=indicator_id,
            period_start=month,
            breakdown=breakdown,
            frequency=Frequency.MONTHLY,
        )
        value.figure = figure
        value._change_reason = _("Imported from police street-level crime files")
        value.save()
    return result
