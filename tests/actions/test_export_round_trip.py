"""Exporting a plan and importing the file into an empty plan recreates it exactly."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from actions.exports import plan_export_rows, rows_to_csv, rows_to_xlsx
from actions.import_services import plan_import_apply
from actions.imports import CREATE, import_preview, parse_rows, read_table
from actions.models import Action, ActionLead, ProgressUpdate, Status
from themes.models import Plan

pytestmark = pytest.mark.django_db

WRITERS = {"csv": rows_to_csv, "xlsx": rows_to_xlsx}


def snapshot(plan):
    """Everything the import format carries, as plain values."""
    actions = (
        Action.objects.filter(plan=plan)
        .select_related("theme")
        .prefetch_related("lead_links__partner__parent", "updates__round")
        .order_by("number")
    )
    return [
        {
            "number": action.number,
            "theme": (action.theme.number, action.theme.title),
            "text": action.text,
            "leads": [link.partner.full_name for link in action.lead_links.all()],
            "lead_role": action.lead_role,
            "dates": (action.starts_on, action.due_on),
            "status": action.status,
            "public_status": action.public_status,
            "last_round": action.last_published_round.name if action.last_published_round else "",
            "updates": sorted(
                (u.round.name, u.narrative, u.public_summary, u.status, u.state, u.partner_id)
                for u in action.updates.all()
            ),
        }
        for action in actions
    ]


def import_into_new_plan(make_plan, data):
    plan = make_plan("Empty plan", state=Plan.State.DRAFT)
    table = read_table(data)
    preview = import_preview(plan=plan, parsed=parse_rows(table))
    assert preview.problems == []
    assert preview.unknown_partners == []  # the partners are the portal's own
    plan_import_apply(
        plan=plan,
        rows=table,
        user=None,
        publish=True,
        partner_mapping={},
        theme_mapping={item.key: CREATE for item in preview.unknown_themes},
    )
    return plan


@pytest.fixture
def seed_plan():
    call_command("load_seed_plans", stdout=StringIO())
    return Plan.objects.get(slug="business-plan-2018-19")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_2018_19_seed_plan_survives_the_round_trip(seed_plan, make_plan, file_format):
    original = snapshot(seed_plan)
    assert len(original) == 28
    data = WRITERS[file_format](plan_export_rows(seed_plan))
    copy = import_into_new_plan(make_plan, data)
    assert snapshot(copy) == original
    assert list(copy.themes.order_by("number").values_list("number", "title")) == list(
        seed_plan.themes.order_by("number").values_list("number", "title")
    )
    # and the copy exports to the very same file
    assert WRITERS["csv"](plan_export_rows(copy)) == WRITERS["csv"](plan_export_rows(seed_plan))


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_plan_with_shared_leads_and_several_rounds_survives_the_round_trip(
    plan, make_plan, make_theme, make_action, make_partner, make_round, make_update, file_format
):
    council = make_partner("Luton Council")
    health = make_partner("Public Health", slug="council-public-health", parent=council)
    police = make_partner("Bedfordshire Police")
    first = make_action(
        3,
        theme=make_theme(2),
        leads=[health, police],
        text="=Reduce harm\n\n- first\n- second “quoted” – dashed £5",
        lead_role="- Manager",
        starts_on=datetime.date(2025, 4, 1),
        due_on=datetime.date(2026, 3, 31),
        status=Status.AT_RISK,
    )
    q1, q2 = make_round("Q1 2025–26"), make_round("Q2 2025–26")
    make_update(first, round=q1, state="published", narrative="One.", public_summary="One.",
                status=Status.ON_TRACK)  # fmt: skip
    make_update(first, round=q2, state="published", narrative="Two.\n\nMore.",
                public_summary="For residents.", status=Status.AT_RISK)  # fmt: skip
    make_action(7, theme=make_theme(5), leads=[police, council], status=Status.COMPLETE)
    original = snapshot(plan)
    data = WRITERS[file_format](plan_export_rows(plan))
    copy = import_into_new_plan(make_plan, data)
    assert snapshot(copy) == original
    assert [u.state for u in ProgressUpdate.objects.filter(action__plan=copy)] == [
        "published",
        "published",
    ]
    assert ActionLead.objects.filter(action__plan=copy).count() == 4


def test_the_commands_round_trip_the_seed_plan(seed_plan, make_plan, tmp_path):
    exported = tmp_path / "plan.xlsx"
    call_command("export_plan", "--plan", seed_plan.slug, "--output", exported, stdout=StringIO())
    copy = make_plan("Copy", slug="copy", state=Plan.State.DRAFT)
    out = StringIO()
    call_command(
        "import_plan", exported, "--plan", "copy", "--create-missing", "--publish", stdout=out
    )
    assert "Imported plan.xlsx into copy: 28 created, 0 changed, 0 unchanged." in out.getvalue()
    assert snapshot(copy) == snapshot(seed_plan)
