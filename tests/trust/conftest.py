"""Data for the security, privacy and fault tests: the seed plans plus rows in every state."""

from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command, get_commands

from accounts.roles import OFFICERS
from actions.models import LinkedDocument, ProgressUpdate
from themes.models import Partner, Plan

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def superuser(make_user):
    return make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_officer(make_user):
    return make_user("staffofficer", role=OFFICERS, is_staff=True)


@pytest.fixture
def nobody(make_user):
    """A signed-in account with no role and no partner: may change nothing."""
    return make_user("nobody")


@pytest.fixture
def seeded(plan):
    # The factories' plan is current; the seed plans bring their own current plan.
    plan.state = Plan.State.ARCHIVED
    plan.save()
    call_command("load_seed_plans", stdout=StringIO())
    if "load_seed_indicators" in get_commands():  # the indicator pages need some to show
        call_command("load_seed_indicators", stdout=StringIO())
    return Plan.objects.get(state=Plan.State.CURRENT)


@pytest.fixture
def portal(seeded, make_plan, make_theme, make_action, make_round, make_update, make_user):
    """The seed plans, a draft plan, updates in every state, and documents with files."""
    current = seeded
    # The current seed plan lists its themes; its actions are added here, with their leads.
    partners = list(Partner.objects.order_by("pk")[:2])
    actions = [
        make_action(theme=theme, leads=partners[: 1 + n % 2])
        for n, theme in enumerate(current.themes.order_by("number")[:4])
    ]
    round_ = make_round("Quarter 1 2026–27", plan=current)
    for action, state in zip(actions, ProgressUpdate.State, strict=False):
        make_update(action, round=round_, state=state, author=make_user())
    LinkedDocument.objects.create(
        action=actions[0],
        position=9,
        title="Public strategy",
        file=ContentFile(PDF_BYTES, name="public-strategy.pdf"),
    )
    draft = make_plan("Draft plan 2029", state=Plan.State.DRAFT, slug="draft-plan-2029")
    draft_action = make_action(theme=make_theme(plan=draft))
    make_update(draft_action, round=make_round(plan=draft), state=ProgressUpdate.State.SUBMITTED)
    LinkedDocument.objects.create(
        action=draft_action,
        title="Draft strategy",
        file=ContentFile(PDF_BYTES, name="draft-strategy.pdf"),
    )
    return current
