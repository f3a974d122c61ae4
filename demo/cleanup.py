"""Finding and deleting the generated demo data, and nothing else."""

from collections import Counter

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q

from actions.models import Action, ActionLead, LinkedDocument, ProgressUpdate, ReportingRound
from demo.bulk import PREFIX, DemoDataError
from themes.models import (
    Commitment,
    Partner,
    Plan,
    Priority,
    ResidentStatement,
    Theme,
    ThemeLead,
)


def demo_data_exists():
    """Whether generated plans, partners or accounts are in the database (3 queries)."""
    return (
        Plan.objects.filter(slug__startswith=PREFIX).exists()
        or Partner.objects.filter(slug__startswith=PREFIX).exists()
        or get_user_model().objects.filter(username__startswith=PREFIX).exists()
    )


def _raw_delete(queryset):
    # Deleting through the ORM would load every row and let simple_history write a deletion
    # record for each of them, one INSERT at a time: hours for a large data set. Generated
    # rows and their history go together, straight from the database.
    return queryset._raw_delete(queryset.db)


def _references_release(model, rows, handled):
    """Rows of models this module does not generate (a round's frozen figures, say) that
    refer to the generated `rows` of `model`: deleted through the ORM, with what they
    cascade to, when they depend on them; unlinked when the link may be empty."""
    for relation in model._meta.related_objects:
        field = relation.field
        if relation.many_to_many:
            through = relation.through
            if through not in handled and field.model not in handled:
                through._base_manager.filter(
                    **{f"{field.m2m_reverse_field_name()}__in": rows}
                ).delete()
            continue
        other = relation.related_model
        if other in handled or relation.on_delete is models.DO_NOTHING:
            continue
        referring = other._base_manager.filter(**{f"{field.name}__in": rows})
        if relation.on_delete is models.SET_NULL:
            referring.update(**{field.name: None})
        else:
            referring.delete()


@transaction.atomic
def demo_data_delete():
    """Delete the generated plans with everything in them and their history, then the
    generated partners and accounts. Nothing else is touched."""
    plans = Plan.objects.filter(slug__startswith=PREFIX)
    plan_ids = list(plans.values_list("pk", flat=True))
    partners = Partner.objects.filter(slug__startswith=PREFIX)
    users = get_user_model().objects.filter(username__startswith=PREFIX)
    outside = ~Q(action__plan__slug__startswith=PREFIX)
    if (
        ActionLead.objects.filter(outside, partner__in=partners).exists()
        or ProgressUpdate.objects.filter(outside, partner__in=partners).exists()
        or ThemeLead.objects.filter(~Q(theme__plan__in=plan_ids), partner__in=partners).exists()
    ):
        raise DemoDataError(
            "Generated partners lead actions or themes of plans that were not generated; "
            "remove those links first. Nothing was deleted."
        )
    action_ids = Action.objects.filter(plan_id__in=plan_ids).values("pk")
    statement_ids = ResidentStatement.objects.filter(plan_id__in=plan_ids).values("pk")
    commitment_ids = Commitment.objects.filter(statement_id__in=statement_ids).values("pk")
    theme_ids = Theme.objects.filter(plan_id__in=plan_ids).values("pk")
    by_action = Q(action_id__in=action_ids)
    by_plan = Q(plan_id__in=plan_ids)
    steps = [
        (ProgressUpdate.history.model, by_action),
        (ProgressUpdate, by_action),
        (Action.history.model.priorities.model, by_action),
        (Action.history.model.commitments.model, by_action),
        (Action.priorities.through, by_action),
        (Action.commitments.through, by_action),
        (ActionLead.history.model, by_action),
        (ActionLead, by_action),
        (LinkedDocument.history.model, by_action),
        (LinkedDocument, by_action),
        (Action.history.model, by_plan),
        (Action, by_plan),
        (ReportingRound.history.model, by_plan),
        (ReportingRound, by_plan),
        (Commitment.history.model.themes.model, Q(commitment_id__in=commitment_ids)),
        (Commitment.themes.through, Q(commitment_id__in=commitment_ids)),
        (Commitment.history.model, Q(statement_id__in=statement_ids)),
        (Commitment, Q(statement_id__in=statement_ids)),
        (ResidentStatement.history.model, by_plan),
        (ResidentStatement, by_plan),
        (Priority.history.model, by_plan),
        (Priority, by_plan),
        (ThemeLead.history.model, Q(theme_id__in=theme_ids)),
        (ThemeLead, Q(theme_id__in=theme_ids)),
        (Theme.history.model, by_plan),
        (Theme, by_plan),
        (Plan.history.model, Q(id__in=plan_ids)),
        (Plan, Q(id__in=plan_ids)),
        (Partner.history.model.members.model, Q(partner_id__in=partners.values("pk"))),
        (Partner.members.through, Q(partner_id__in=partners.values("pk"))),
        (Partner.history.model, Q(slug__startswith=PREFIX)),
        (Partner, Q(parent__isnull=False, slug__startswith=PREFIX)),
        (Partner, Q(slug__startswith=PREFIX)),
    ]
    handled = {model for model, _ in steps}
    # From plans down to updates, so that what other apps froze of a round goes with the
    # round before anything points at single actions or updates.
    for model, condition in reversed(steps):
        _references_release(model, model._base_manager.filter(condition), handled)
    deleted = Counter()
    for model, condition in steps:
        deleted[model.__name__] += _raw_delete(model._base_manager.filter(condition))
    deleted["User"] = users.count()
    users.delete()
    return deleted
