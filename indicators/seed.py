"""Load the shipped indicators (fixtures/seed_indicators.json): the outcomes the plans name,
with no figures and no targets. Idempotent: each indicator is matched on its slug and saved only
when something differs; the whole load runs in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction

from indicators.models import Indicator
from themes.models import Commitment, Plan

CHANGE_REASON = "Loaded from the seed indicators"
FIELDS = ["name", "counts", "source", "unit", "direction", "frequency", "is_public"]


class SeedIndicatorError(Exception):
    """The seed file is malformed or names something that does not exist."""


def _links(row, where):
    plan_slug = row.get("plan")
    plan = Plan.objects.filter(slug=plan_slug).first()
    if plan is None:
        raise SeedIndicatorError(
            f"{where}: plan “{plan_slug}” is not loaded; run load_seed_plans first."
        )
    themes = []
    for number in row.get("themes", []):
        theme = plan.themes.filter(number=number).first()
        if theme is None:
            raise SeedIndicatorError(f"{where}: plan {plan_slug} has no theme {number}.")
        themes.append(theme)
    commitments = []
    for link in row.get("commitments", []):
        commitment = Commitment.objects.filter(
            statement__plan=plan,
            statement__position=link["statement"],
            position=link["commitment"],
        ).first()
        if commitment is None:
            raise SeedIndicatorError(
                f"{where}: plan {plan_slug} has no commitment {link['commitment']} under "
                f"statement {link['statement']}."
            )
        commitments.append(commitment)
    return themes, commitments


@transaction.atomic
def seed_indicators_load(*, data):
    """Create or update the indicators in `data`; returns (created, changed) counts."""
    created = changed = 0
    for row in data.get("indicators", []):
        slug = row.get("slug")
        where = f"indicator {slug}"
        missing = [name for name in ["slug", "plan", *FIELDS] if name not in row]
        if missing:
            raise SeedIndicatorError(f"{where}: missing {', '.join(missing)}.")
        values = {name: row[name] for name in FIELDS}
        indicator = Indicator.objects.filter(slug=slug).first()
        is_new = indicator is None
        if is_new:
            indicator = Indicator(slug=slug)
        if is_new or any(getattr(indicator, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(indicator, name, value)
            try:
                indicator.full_clean()
            except ValidationError as error:
                raise SeedIndicatorError(f"{where}: {'; '.join(error.messages)}") from None
            indicator._change_reason = CHANGE_REASON
            indicator.save()
            created, changed = (created + 1, changed) if is_new else (created, changed + 1)
        themes, commitments = _links(row, where)
        if set(indicator.themes.all()) != set(themes):
            indicator.themes.set(themes)
        if set(indicator.commitments.all()) != set(commitments):
            indicator.commitments.set(commitments)
    return created, changed
