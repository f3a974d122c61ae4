from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from actions.models import Action, ActionLead, LinkedDocument, ProgressUpdate, ReportingRound
from themes.models import (
    Commitment,
    Partner,
    Plan,
    Priority,
    ResidentStatement,
    Theme,
    ThemeLead,
)

pytestmark = pytest.mark.django_db

SMALL = {"actions": 30, "rounds": 3, "plans": 2, "partners": 8}
HISTORICAL_MODELS = [
    Partner,
    Plan,
    Theme,
    ThemeLead,
    Priority,
    ResidentStatement,
    Commitment,
    Action,
    ActionLead,
    LinkedDocument,
    ReportingRound,
    ProgressUpdate,
]


def generate(**options):
    out = StringIO()
    call_command("generate_demo_data", stdout=out, **{**SMALL, "seed": 7, **options})
    return out.getvalue()


def content():
    """What the generated data says, without database ids or creation times."""
    plans = []
    for plan in Plan.objects.order_by("slug"):
        actions = []
        for action in plan.actions.order_by("number"):
            updates = [
                (
                    u.round.name,
                    u.partner.slug if u.partner else None,
                    u.state,
                    u.status,
                    u.narrative,
                    u.public_summary,
                    u.published_at,
                    u.author.username if u.author else None,
                )
                for u in action.updates.select_related("round", "partner", "author").order_by(
                    "round__starts_on", "partner__slug"
                )
            ]
            leads = [link.partner.slug for link in action.lead_links.select_related("partner")]
            actions.append(
                (
                    action.number,
                    action.theme.number,
                    action.text,
                    action.status,
                    action.public_status,
                    action.last_published_at,
                    leads,
                    sorted(p.number for p in action.priorities.all()),
                    updates,
                )
            )
        statements = [
            (s.text, [c.text for c in s.commitments.order_by("position")])
            for s in plan.statements.order_by("position")
        ]
        plans.append((plan.slug, plan.title, plan.state, statements, actions))
    return plans


@pytest.fixture
def generated():
    return generate()


def test_it_generates_the_sizes_asked_for(generated):
    assert Plan.objects.count() == 2
    assert Action.objects.count() == 30
    assert Partner.objects.count() == 8
    assert ReportingRound.objects.count() == 2 * 3
    current = Plan.objects.get(state=Plan.State.CURRENT)
    assert Plan.objects.exclude(pk=current.pk).get().state == Plan.State.ARCHIVED
    # Every action has its own update, published, in every closed round: 15 actions with 2
    # closed rounds in the current plan, 15 with 3 in the archived one.
    closed = ProgressUpdate.objects.filter(round__state=ReportingRound.State.CLOSED)
    assert closed.filter(partner=None).count() == 15 * 2 + 15 * 3
    assert set(closed.values_list("state", flat=True)) == {ProgressUpdate.State.PUBLISHED}
    # The open round holds a mix of workflow states, and not every action has reported.
    open_updates = ProgressUpdate.objects.filter(round__state=ReportingRound.State.OPEN)
    assert open_updates.filter(partner=None).count() < 15
    assert len(set(open_updates.values_list("state", flat=True))) >= 2
    assert "30 Action" in generated


def test_shared_actions_carry_one_contribution_per_other_lead_partner(generated):
    shared = [
        action
        for action in Action.objects.prefetch_related("lead_links", "updates")
        if len(action.lead_links.all()) > 1
    ]
    assert shared
    for action in shared:
        lead_ids = [link.partner_id for link in action.lead_links.all()]
        for update in action.updates.all():
            if update.partner_id:
                assert update.partner_id in lead_ids[1:]


def test_every_generated_row_has_history(generated):
    for model in HISTORICAL_MODELS:
        # Only one action in ten links documents; a small plan may have none.
        assert model.objects.exists() or model is LinkedDocument, model
        without_history = model.objects.exclude(pk__in=model.history.values("id"))
        assert not without_history.exists(), model
    assert ProgressUpdate.history.count() == ProgressUpdate.objects.count()


def test_history_keeps_the_many_to_many_links(generated):
    action = Action.objects.filter(priorities__isnull=False).first()
    latest = action.history.first()
    assert {row.priority_id for row in latest.priorities.all()} == set(
        action.priorities.values_list("pk", flat=True)
    )
    partner = Partner.objects.filter(members__isnull=False).first()
    assert {row.user_id for row in partner.history.first().members.all()} == set(
        partner.members.values_list("pk", flat=True)
    )


def test_published_status_matches_what_refresh_public_status_computes(generated):
    actions = list(Action.objects.all())
    assert any(action.last_published_round_id for action in actions)
    for action in actions:
        assert action.refresh_public_status() is False, action.number


def test_the_same_seed_gives_the_same_content(generated):
    first = content()
    generate(replace=True)
    assert content() == first
    generate(replace=True, seed=8)
    assert content() != first


def test_a_second_run_without_replace_is_refused(generated):
    with pytest.raises(CommandError, match="already holds generated demo data.*--replace"):
        generate()
    assert Action.objects.count() == 30


def test_replace_deletes_only_generated_data(make_action, make_partner):
    own = make_action(1, leads=[make_partner("Bedfordshire Police")])
    generate()
    generate(replace=True, actions=10, plans=1)
    assert Action.objects.count() == 10 + 1
    assert Action.objects.filter(pk=own.pk).exists()
    assert Partner.objects.filter(slug="bedfordshire-police").exists()
    assert get_user_model().objects.filter(username__startswith="demo-").exists()
    # The history of the replaced rows went with them; nothing else lost its history.
    for model in HISTORICAL_MODELS:
        orphans = model.history.exclude(id__in=model.objects.values("pk"))
        assert not orphans.exists(), model
    assert own.history.exists()


def test_an_existing_current_plan_stays_current(plan):
    out = generate()
    assert Plan.objects.get(state=Plan.State.CURRENT) == plan
    assert Plan.objects.filter(slug__startswith="demo-", state=Plan.State.DRAFT).count() == 1
    assert "already the current plan" in out


def test_it_refuses_sizes_that_make_no_sense():
    with pytest.raises(CommandError, match="--plans must be at least 1"):
        generate(plans=0)
    with pytest.raises(CommandError, match="at least one action"):
        generate(actions=2, plans=3)
    assert not Action.objects.exists()


def test_replace_also_deletes_what_other_apps_froze_of_generated_rounds(generated):
    call_command("freeze_closed_rounds", stdout=StringIO())
    frozen = ReportingRound.objects.filter(snapshot__isnull=False)
    assert frozen.count() == 2 + 3
    generate(replace=True)
    assert ReportingRound.objects.filter(snapshot__isnull=False).count() == 0
    assert Action.objects.count() == 30
