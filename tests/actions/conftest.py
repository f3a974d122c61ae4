import pytest

from accounts.roles import PARTNER_LEADS
from tests.actions.public_rows import add_public_rows


@pytest.fixture
def police(make_partner):
    return make_partner("Bedfordshire Police")


@pytest.fixture
def council(make_partner):
    return make_partner("Luton Council")


@pytest.fixture
def police_lead(make_user, police):
    return make_user(
        "inspector", role=PARTNER_LEADS, partners=[police], first_name="Sam", last_name="Inspector"
    )


@pytest.fixture
def council_lead(make_user, council):
    return make_user("manager", role=PARTNER_LEADS, partners=[council])


@pytest.fixture
def open_round(make_round):
    return make_round("Q3 2025–26")


@pytest.fixture
def police_action(make_action, police, open_round):
    return make_action(1, leads=[police], text="Reduce knife crime in the town centre.")


@pytest.fixture(params=[3, 6])
def public_rows(request):
    """3, then 6, actions from `add_public_rows` in the `plan`: a public page's query-count
    test asks for them and runs once with each."""
    return add_public_rows(request, request.param)


def update_data(**overrides):
    data = {
        "round": "",
        "status": "on_track",
        "narrative": "We ran two operations.\n\n- Operation Meteor\n- Operation Code",
        "public_summary": "Operations against anti-social behaviour continued.",
        "next_steps": "",
        "version": "",
    }
    data.update(overrides)
    return data
