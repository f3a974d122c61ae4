"""Data for the security, privacy and fault tests: the seed plans plus rows in every state;
and the audit log's messages."""

import logging
import shutil
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command, get_commands
from django.test import override_settings

from accounts.roles import OFFICERS
from actions.models import LinkedDocument, ProgressUpdate
from themes.models import Partner, Plan

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def _shared_media(tmp_path_factory):
    """Where the files of a module's shared data (`portal`) are written."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media):
        yield media


@pytest.fixture(autouse=True)
def _media_in_tmp(_shared_media, settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the project; each test has its
    own copy of the module's shared files, so what it deletes is there for the next."""
    settings.MEDIA_ROOT = tmp_path / "media"
    shutil.copytree(_shared_media, settings.MEDIA_ROOT)


@pytest.fixture
def audit(caplog):
    """audit(): the messages logged to "csp_portal.audit" so far."""
    caplog.set_level(logging.INFO, logger="csp_portal.audit")

    def messages():
        return [r.getMessage() for r in caplog.records if r.name == "csp_portal.audit"]

    return messages


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


def load_seeds(factories):
    """The seed plans (and indicators). The factories' plan is current; the seed plans
    bring their own current plan."""
    plan = factories.getfixturevalue("plan")
    plan.state = Plan.State.ARCHIVED
    plan.save()
    call_command("load_seed_plans", stdout=StringIO())
    if "load_seed_indicators" in get_commands():  # the indicator pages need some to show
        call_command("load_seed_indicators", stdout=StringIO())
    return Plan.objects.get(state=Plan.State.CURRENT)


def build_portal(factories):
    """The seed plans, a draft plan, updates in every state, and documents with files.
    `factories` is a test's `request` or `shared_data`."""
    make_plan, make_theme, make_action, make_round, make_update, make_user = (
        factories.getfixturevalue(name)
        for name in (
            "make_plan",
            "make_theme",
            "make_action",
            "make_round",
            "make_update",
            "make_user",
        )
    )
    current = load_seeds(factories)
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


@pytest.fixture
def portal(request):
    return build_portal(request)


@pytest.fixture(scope="module")
def shared_portal(shared_data, _shared_media, django_db_blocker):
    """`build_portal`'s data, built once for a module whose tests only read it (what they
    write is rolled back after each, see `shared_data`). The tests that come after the
    first to ask for it in the module see this data too: for modules written for it."""
    with django_db_blocker.unblock():
        return build_portal(shared_data)
