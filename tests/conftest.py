import itertools

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import EXECUTIVE, OFFICERS, PARTNER_LEADS
from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound, Status
from themes.models import Partner, Plan, Theme, ThemeLead

_sequence = itertools.count(1)


@pytest.fixture(autouse=True, scope="session")
def _test_settings():
    """Test-only settings, set before anything (live_server included) reads them."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The test servers speak plain HTTP; production redirects to HTTPS.
    settings.SECURE_SSL_REDIRECT = False
    # Tests render every page afresh; tests/actions/test_page_cache.py turns caching on.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.SHARED_CONTENT_CACHE_SECONDS = 0


@pytest.fixture
def make_user(db):
    def make(username=None, *, role=None, partners=(), **fields):
        username = username or f"user{next(_sequence)}"
        user = get_user_model().objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password="a-long-test-password",
            **fields,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        for partner in partners:
            partner.members.add(user)
        return user

    return make


@pytest.fixture
def officer(make_user):
    return make_user("officer", role=OFFICERS)


@pytest.fixture
def executive(make_user):
    return make_user("executive", role=EXECUTIVE)


@pytest.fixture
def make_partner(db):
    def make(name=None, **fields):
        name = name or f"Partner {next(_sequence)}"
        fields.setdefault("slug", name.lower().replace(" ", "-"))
        return Partner.objects.create(name=name, **fields)

    return make


@pytest.fixture
def partner_lead(make_user, make_partner):
    police = make_partner("Bedfordshire Police")
    return make_user("partner", role=PARTNER_LEADS, partners=[police])


@pytest.fixture
def make_plan(db):
    def make(title=None, **fields):
        number = next(_sequence)
        fields.setdefault("slug", f"plan-{number}")
        fields.setdefault("start_year", 2024)
        fields.setdefault("end_year", 2028)
        fields.setdefault("state", Plan.State.ARCHIVED)
        return Plan.objects.create(title=title or f"Plan {number}", **fields)

    return make


@pytest.fixture
def plan(make_plan):
    return make_plan("Community Safety Partnership Plan 2024–2028", state=Plan.State.CURRENT)


@pytest.fixture
def make_theme(plan):
    def make(number=None, *, leads=(), **fields):
        fields.setdefault("plan", plan)
        number = number or fields["plan"].themes.count() + 1
        theme = Theme.objects.create(number=number, title=f"Theme {number}", **fields)
        for position, partner in enumerate(leads, start=1):
            ThemeLead.objects.create(theme=theme, partner=partner, position=position)
        return theme

    return make


@pytest.fixture
def make_action(make_theme):
    def make(number=None, *, theme=None, leads=(), **fields):
        theme = theme or make_theme()
        number = number or theme.plan.actions.count() + 1
        fields.setdefault("text", f"Action {number} of the plan.")
        action = Action.objects.create(plan=theme.plan, theme=theme, number=number, **fields)
        for position, partner in enumerate(leads, start=1):
            ActionLead.objects.create(action=action, partner=partner, position=position)
        return action

    return make


@pytest.fixture
def make_round(plan):
    def make(name=None, **fields):
        fields.setdefault("plan", plan)
        return ReportingRound.objects.create(name=name or f"Round {next(_sequence)}", **fields)

    return make


@pytest.fixture
def make_update(make_round):
    def make(action, *, round=None, state=ProgressUpdate.State.DRAFT, **fields):
        round = round or make_round(plan=action.plan)
        fields.setdefault("narrative", "Internal progress narrative.")
        fields.setdefault("status", Status.ON_TRACK)
        update = ProgressUpdate.objects.create(action=action, round=round, state=state, **fields)
        action.refresh_public_status()
        return update

    return make
