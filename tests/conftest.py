import functools
import itertools

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.roles import EXECUTIVE, OFFICERS, PARTNER_LEADS
from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound, Status
from tests.signing_in import verified_login
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


# The factories, one builder each; the fixtures below hand them to a test, and `shared_data`
# hands them to a module whose tests share what they build.


def user_factory():
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


def partner_factory():
    def make(name=None, **fields):
        name = name or f"Partner {next(_sequence)}"
        fields.setdefault("slug", name.lower().replace(" ", "-"))
        return Partner.objects.create(name=name, **fields)

    return make


def plan_factory():
    def make(title=None, **fields):
        number = next(_sequence)
        fields.setdefault("slug", f"plan-{number}")
        fields.setdefault("start_year", 2024)
        fields.setdefault("end_year", 2028)
        fields.setdefault("state", Plan.State.ARCHIVED)
        return Plan.objects.create(title=title or f"Plan {number}", **fields)

    return make


def current_plan(make_plan):
    return make_plan("Community Safety Partnership Plan 2024–2028", state=Plan.State.CURRENT)


def theme_factory(plan):
    def make(number=None, *, leads=(), **fields):
        fields.setdefault("plan", plan)
        number = number or fields["plan"].themes.count() + 1
        theme = Theme.objects.create(number=number, title=f"Theme {number}", **fields)
        for position, partner in enumerate(leads, start=1):
            ThemeLead.objects.create(theme=theme, partner=partner, position=position)
        return theme

    return make


def action_factory(make_theme):
    def make(number=None, *, theme=None, leads=(), **fields):
        theme = theme or make_theme()
        number = number or theme.plan.actions.count() + 1
        fields.setdefault("text", f"Action {number} of the plan.")
        action = Action.objects.create(plan=theme.plan, theme=theme, number=number, **fields)
        for position, partner in enumerate(leads, start=1):
            ActionLead.objects.create(action=action, partner=partner, position=position)
        return action

    return make


def round_factory(plan):
    def make(name=None, **fields):
        fields.setdefault("plan", plan)
        return ReportingRound.objects.create(name=name or f"Round {next(_sequence)}", **fields)

    return make


def update_factory(make_round):
    def make(action, *, round=None, state=ProgressUpdate.State.DRAFT, **fields):
        round = round or make_round(plan=action.plan)
        fields.setdefault("narrative", "Internal progress narrative.")
        fields.setdefault("status", Status.ON_TRACK)
        update = ProgressUpdate.objects.create(action=action, round=round, state=state, **fields)
        action.refresh_public_status()
        return update

    return make


@pytest.fixture
def make_user(db):
    return user_factory()


@pytest.fixture
def officer(make_user):
    return make_user("officer", role=OFFICERS)


@pytest.fixture
def executive(make_user):
    return make_user("executive", role=EXECUTIVE)


@pytest.fixture
def admin_client(client, db):
    """pytest-django's `admin_client`, with the second factor the admin asks for."""
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-long-enough")
    verified_login(client, user)
    return client


@pytest.fixture
def make_partner(db):
    return partner_factory()


@pytest.fixture
def partner_lead(make_user, make_partner):
    police = make_partner("Bedfordshire Police")
    return make_user("partner", role=PARTNER_LEADS, partners=[police])


@pytest.fixture
def make_plan(db):
    return plan_factory()


@pytest.fixture
def plan(make_plan):
    return current_plan(make_plan)


@pytest.fixture
def make_theme(plan):
    return theme_factory(plan)


@pytest.fixture
def make_action(make_theme):
    return action_factory(make_theme)


@pytest.fixture
def make_round(plan):
    return round_factory(plan)


@pytest.fixture
def make_update(make_round):
    return update_factory(make_round)


# --- Data that a module's tests share ---------------------------------------------------


class SharedFactories:
    """The factory fixtures for data built once for a whole module. Like a test's
    `request`, `getfixturevalue("make_action")` hands out a factory (and "plan" the
    factories' current plan, created on first use), so helpers such as
    tests/actions/public_rows.py work with either."""

    def __init__(self):
        self.make_user = user_factory()
        self.make_partner = partner_factory()
        self.make_plan = plan_factory()

    @functools.cached_property
    def plan(self):
        return current_plan(self.make_plan)

    @functools.cached_property
    def make_theme(self):
        return theme_factory(self.plan)

    @functools.cached_property
    def make_action(self):
        return action_factory(self.make_theme)

    @functools.cached_property
    def make_round(self):
        return round_factory(self.plan)

    @functools.cached_property
    def make_update(self):
        return update_factory(self.make_round)

    def getfixturevalue(self, name):
        return getattr(self, name)


@pytest.fixture(scope="module")
def shared_data(request, django_db_setup, django_db_blocker):
    """Data built once for a module's tests, which then only read it: a module-scoped
    fixture asks for `shared_data` and builds with its factories inside
    `django_db_blocker.unblock()`. The module runs inside a transaction that is rolled back
    after its last test, and each test still runs in its own savepoint, so what a test
    writes is gone before the next one. Not for modules with transactional tests
    (`transaction=True`, `live_server`): those empty the tables."""
    with pytest.MonkeyPatch.context() as patch:
        # Pages rendered while building follow the module's marks, as its tests do.
        string_if_invalid = settings.TEMPLATES[0]["OPTIONS"].get("string_if_invalid")
        if request.node.get_closest_marker("ignore_template_errors") and hasattr(
            string_if_invalid, "fail"
        ):
            patch.setattr(string_if_invalid, "fail", False)
        with django_db_blocker.unblock():
            atomic = transaction.atomic()
            atomic.__enter__()
        try:
            yield SharedFactories()
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                atomic.__exit__(None, None, None)
