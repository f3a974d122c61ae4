"""What every part of the demo data generator shares: the prefix that marks generated rows,
the errors and results it reports, dates, and bulk inserts that still record history.

Rows are written with bulk inserts that still record history: `bulk_create_with_history` for
each model, and the many-to-many snapshots simple_history keeps with each historical record
written alongside.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from simple_history.utils import bulk_create_with_history

PREFIX = "demo-"
CHANGE_REASON = "Generated demo data"
BATCH_SIZE = 2000
LONDON = ZoneInfo("Europe/London")
# The current plan starts in April of this year; earlier plans go back from it. Fixed, so
# that a seed gives the same dates whenever it is run.
CURRENT_PLAN_START = 2023


class DemoDataError(Exception):
    """Generation refused; the message says why and what to do."""


@dataclass
class GenerationResult:
    created: Counter = field(default_factory=Counter)
    notes: list = field(default_factory=list)
    seconds: float = 0.0

    def add(self, model, count):
        self.created[model.__name__] += count

    def summary(self):
        parts = [f"{n} {name}" for name, n in sorted(self.created.items())]
        return f"Generated in {self.seconds:.1f} s: " + ", ".join(parts) + "."


def weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


# Dates ----------------------------------------------------------------------------------------


def add_months(day, months):
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def moment(day, rng):
    """A weekday working hour on or after `day`, in the UK's time zone."""
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return datetime.datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(9, 16),
        rng.choice([0, 15, 30, 45]),
        tzinfo=LONDON,
    )


# History helpers ------------------------------------------------------------------------------


def history_create(model, objs, result, user, when):
    """Bulk insert `objs` with one "created" historical record each, dated `when` unless an
    object says otherwise (`_history_date`); returns them with their ids."""
    created = bulk_create_with_history(
        objs,
        model,
        batch_size=BATCH_SIZE,
        default_user=user,
        default_change_reason=CHANGE_REASON,
        default_date=when,
    )
    result.add(model, len(created))
    result.add(model.history.model, len(created))
    return created


def history_link(model, field_name, pairs, result):
    """Insert many-to-many rows [(instance, target), ...] and snapshot them in the latest
    historical record of each instance, as simple_history does when saving one object."""
    m2m = model._meta.get_field(field_name)
    through = m2m.remote_field.through
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    rows = through.objects.bulk_create(
        [through(**{source: obj, target: other}) for obj, other in pairs],
        batch_size=BATCH_SIZE,
    )
    result.add(through, len(rows))
    history_snapshot(model, field_name, {obj.pk for obj, _ in pairs}, result)
    return rows


def history_snapshot(model, field_name, pks, result):
    """Copy the current many-to-many rows of objects `pks` into their latest historical
    records (2 queries and the inserts)."""
    if not pks:
        return
    history_model = model.history.model
    m2m = model._meta.get_field(field_name)
    through = m2m.remote_field.through
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    snapshot_model = getattr(history_model, field_name).model
    latest = {}
    for pk, history_id in (
        history_model.objects.filter(id__in=pks)
        .order_by("history_id")
        .values_list("id", "history_id")
    ):
        latest[pk] = history_id
    rows = through.objects.filter(**{f"{source}_id__in": pks}).values_list(
        "pk", f"{source}_id", f"{target}_id"
    )
    snapshots = [
        snapshot_model(
            history_id=latest[source_id],
            id=pk,
            **{f"{source}_id": source_id, f"{target}_id": target_id},
        )
        for pk, source_id, target_id in rows
    ]
    snapshot_model.objects.bulk_create(snapshots, batch_size=BATCH_SIZE)
    result.add(snapshot_model, len(snapshots))
