import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def edit_url(action):
    return reverse("actions:action_edit", args=[action.pk])


def opened(client, action):
    form = client.get(edit_url(action)).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = value if value is not None else ""
    return data


def test_anonymous_visitors_are_sent_to_sign_in(client, police_action):
    assert client.post(edit_url(police_action), {}).url.startswith(reverse("login"))


def test_other_partners_and_the_executive_are_refused(
    client, council_lead, executive, police_action
):
    for user in (council_lead, executive):
        verified_login(client, user)
        assert client.post(edit_url(police_action), {"due_on": "2026-03-31"}).status_code == 403
    police_action.refresh_from_db()
    assert police_action.due_on is None


def test_a_lead_changes_dates_but_not_the_plans_wording(client, police_lead, police_action):
    verified_login(client, police_lead)
    data = opened(client, police_action)
    assert "text" not in data and "status" not in data
    client.post(edit_url(police_action), data | {"due_on": "2026-03-31", "text": "Hijacked"})
    police_action.refresh_from_db()
    assert str(police_action.due_on) == "2026-03-31"
    assert police_action.text == "Reduce knife crime in the town centre."
    assert police_action.history.first().history_user == police_lead


def test_an_officer_edits_everything_and_rules_are_explained(client, officer, police_action):
    verified_login(client, officer)
    data = opened(client, police_action)
    response = client.post(
        edit_url(police_action),
        data | {"starts_on": "2026-04-01", "due_on": "2026-03-01", "text": "Kept text"},
    )
    assertContains(response, "An action cannot be due before it starts.")
    assertContains(response, "Kept text")
    client.post(edit_url(police_action), data | {"status": "at_risk", "text": "New wording"})
    police_action.refresh_from_db()
    assert (police_action.status, police_action.text) == ("at_risk", "New wording")


def test_simultaneous_edits_of_an_action_are_caught(client, officer, police_lead, police_action):
    verified_login(client, officer)
    officer_form = opened(client, police_action)
    verified_login(client, police_lead)
    lead_form = opened(client, police_action)
    client.post(edit_url(police_action), lead_form | {"due_on": "2026-05-01"})
    verified_login(client, officer)
    response = client.post(edit_url(police_action), officer_form | {"due_on": "2026-06-01"})
    assert response.status_code == 409
    police_action.refresh_from_db()
    assert str(police_action.due_on) == "2026-05-01"
