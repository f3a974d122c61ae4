"""Opening an edit page and saving it untouched changes nothing.

Every edit page a signed-in user reaches (found in the URL configuration: names ending in
`_edit` or `_correct`) is opened on a record with every field filled in (dates, numbers,
choices, ticked boxes, many-to-many links). The form is read from the page as a browser
reads it, posted back exactly as the browser would send it, and the record must be as it was.
"""

import datetime
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from accounts.roles import PARTNER_LEADS
from actions.models import ProgressUpdate, Status
from indicators.models import Indicator, IndicatorTarget, IndicatorValue
from reports.models import RoundCommentary
from tests.html_forms import browser_post_data
from tests.signing_in import verified_login
from tests.trust.routes import all_routes
from themes.models import Commitment, Partnership, Priority, PublicPage, ResidentStatement

pytestmark = pytest.mark.django_db

# Fields the save itself moves on.
_AUTOMATIC = {"updated_at"}


def snapshot(obj):
    """Every stored value of `obj`, many-to-many links included, read afresh."""
    obj = type(obj).objects.get(pk=obj.pk)
    values = model_to_dict(obj, fields=[f.name for f in obj._meta.concrete_fields])
    for field in obj._meta.many_to_many:
        values[field.name] = sorted(getattr(obj, field.name).values_list("pk", flat=True))
    # Links kept on the other side, such as an account's partners (Partner.members).
    for relation in obj._meta.related_objects:
        if relation.many_to_many:
            related = getattr(obj, relation.get_accessor_name())
            values[relation.get_accessor_name()] = sorted(related.values_list("pk", flat=True))
    return {name: value for name, value in values.items() if name not in _AUTOMATIC}


@pytest.fixture
def filled_action(plan, make_action, make_partner, make_theme):
    police = make_partner("Bedfordshire Police")
    make_theme()  # a second theme, so that the first is not the select's first option by luck
    theme = make_theme()
    action = make_action(
        7,
        theme=theme,
        leads=[police],
        text="Reduce knife crime.\n\nWith schools and youth clubs.",
        easy_read_summary="Fewer knives.",
        lead_role="Community Safety Manager",
        contact_name="Jo Bloggs",
        contact_is_public=True,
        starts_on=datetime.date(2025, 4, 1),
        due_on=datetime.date(2026, 3, 31),
        status=Status.AT_RISK,
    )
    Priority.objects.create(plan=plan, number=1, title="Violence")
    priority = Priority.objects.create(plan=plan, number=2, title="Young people")
    statement = ResidentStatement.objects.create(plan=plan, position=1, text="We feel unsafe.")
    Commitment.objects.create(statement=statement, position=1, text="More patrols.")
    commitment = Commitment.objects.create(statement=statement, position=2, text="Youth clubs.")
    action.priorities.set([priority])
    action.commitments.set([commitment])
    return action, police


@pytest.fixture
def indicator(officer):
    return Indicator.objects.create(
        name="Knife crime",
        slug="knife-crime",
        counts="Knife crimes recorded.",
        unit="crimes",
        direction=Indicator.Direction.LOWER_IS_BETTER,
        frequency="quarterly",
        is_public=True,
    )


def _action_as_officer(filled_action, officer, **_):
    action, _police = filled_action
    return officer, reverse("actions:action_edit", args=[action.pk]), action


def _action_as_lead(filled_action, make_user, **_):
    action, police = filled_action
    lead = make_user(role=PARTNER_LEADS, partners=[police])
    return lead, reverse("actions:action_edit", args=[action.pk]), action


def _update(filled_action, officer, make_round, **_):
    action, _police = filled_action
    make_round("Q4 2025–26", starts_on=datetime.date(2026, 1, 1))
    round = make_round("Q3 2025–26", starts_on=datetime.date(2025, 10, 1))
    update = ProgressUpdate.objects.create(
        action=action,
        round=round,
        status=Status.OFF_TRACK,
        narrative="Two operations.\n\n- Operation Meteor\n- Operation Code",
        public_summary="Patrols continued.",
        next_steps="More patrols.",
        state=ProgressUpdate.State.DRAFT,
    )
    return officer, reverse("actions:update_edit", args=[update.pk]), update, "draft"


def _update_of_a_closed_round(filled_action, officer, make_round, **_):
    action, _police = filled_action
    make_round("Q4 2025–26", starts_on=datetime.date(2026, 1, 1))
    closed = make_round("Q2 2025–26", starts_on=datetime.date(2025, 7, 1), state="closed")
    update = ProgressUpdate.objects.create(
        action=action, round=closed, status=Status.AT_RISK, narrative="Late news."
    )
    return officer, reverse("actions:update_edit", args=[update.pk]), update, "draft"


def _published_update_of_a_closed_round(filled_action, officer, make_round, **_):
    action, _police = filled_action
    closed = make_round("Q1 2025–26", starts_on=datetime.date(2025, 4, 1), state="closed")
    update = ProgressUpdate.objects.create(
        action=action,
        round=closed,
        status=Status.AT_RISK,
        narrative="Two operations.\n\nBoth in June.",
        public_summary="Patrols continued.",
        next_steps="More patrols.",
        state=ProgressUpdate.State.PUBLISHED,
    )
    url = reverse("actions:update_correct", args=[update.pk])
    return officer, url, update, None, {"reason": ["Nothing but the reason"]}


def _commentary(officer, make_round, **_):
    round = make_round("Q2 2025–26", starts_on=datetime.date(2025, 7, 1))
    commentary = RoundCommentary.objects.create(round=round, text="Calmer.\n\nFewer calls.")
    return officer, reverse("reports:commentary_edit", args=[round.pk]), commentary


def _value(indicator, officer, **_):
    IndicatorValue.objects.create(
        indicator=indicator,
        period_start=datetime.date(2025, 4, 1),
        frequency=indicator.frequency,
        figure=Decimal("1234.50"),
    )
    value = IndicatorValue.objects.create(
        indicator=indicator,
        period_start=datetime.date(2025, 7, 1),
        frequency=indicator.frequency,
        breakdown="Dallow ward",
        figure=Decimal("1234.50"),
    )
    url = reverse("indicators:value_edit", args=[indicator.slug, value.pk])
    return officer, url, value


def _target(indicator, officer, **_):
    target = IndicatorTarget.objects.create(
        indicator=indicator, target_on=datetime.date(2026, 3, 31), figure=Decimal("12.5")
    )
    url = reverse("indicators:target_edit", args=[indicator.slug, target.pk])
    return officer, url, target


def _account(officer, make_user, make_partner, **_):
    make_partner("Luton Council")
    police, fire = make_partner("Bedfordshire Police"), make_partner("Bedfordshire Fire")
    lead = make_user(
        "lead", first_name="Sam", last_name="Lee", role=PARTNER_LEADS, partners=[police, fire]
    )
    return officer, reverse("actions:account_edit", args=[lead.pk]), lead


def _partnership(officer, **_):
    partnership = Partnership.objects.create(
        name="Anytown Community Safety Partnership",
        short_name="Anytown CSP",
        area="Anytown",
        contact_email="safer@anytown.example",
        website="https://anytown.example/",
        logo="partnership/0123456789abcdef0123456789abcdef.png",
        brand_colour="#4c2c92",
    )
    return officer, reverse("actions:partnership_edit"), partnership


def _public_page(officer, **_):
    page = PublicPage.objects.create(
        kind=PublicPage.Kind.CONTACT, body="## Write to us\n\nAt the town hall.\n\n- By email"
    )
    return officer, reverse("actions:publicpage_edit", args=["contact"]), page


# Each edit page, with one or more records to open it on.
CASES = {
    "actions:action_edit": [_action_as_officer, _action_as_lead],
    "actions:update_edit": [_update, _update_of_a_closed_round],
    "actions:update_correct": [_published_update_of_a_closed_round],
    "reports:commentary_edit": [_commentary],
    "indicators:value_edit": [_value],
    "indicators:target_edit": [_target],
    "actions:account_edit": [_account],
    "actions:partnership_edit": [_partnership],
    "actions:publicpage_edit": [_public_page],
}


def test_every_edit_page_has_a_case():
    edit_pages = {
        route.key
        for route in all_routes()
        if not route.is_admin and route.key.endswith(("_edit", "_correct")) and ":" in route.key
    }
    assert edit_pages == set(CASES)


@pytest.mark.parametrize(
    "case", [case for cases in CASES.values() for case in cases], ids=lambda case: case.__name__
)
def test_saving_an_edit_page_untouched_changes_nothing(client, request, case):
    names = case.__code__.co_varnames[: case.__code__.co_argcount]
    user, url, obj, *rest = case(**{name: request.getfixturevalue(name) for name in names})
    press = rest[0] if rest else None  # the submit button, when the page has several
    typed = rest[1] if len(rest) > 1 else {}  # what a person must type, such as a reason
    before = snapshot(obj)
    verified_login(client, user)
    page = client.get(url)
    assert page.status_code == 200
    data = browser_post_data(page.content, press=press)
    response = client.post(url, data | typed)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert snapshot(obj) == before
