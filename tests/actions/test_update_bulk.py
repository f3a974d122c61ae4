import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from actions.models import ProgressUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_actions(make_action, police):
    return [make_action(n, leads=[police]) for n in (1, 2, 3)]


def bulk_url(plan):
    return reverse("actions:update_bulk", args=[plan.slug])


def row(action, round, **fields):
    prefix = f"action-{action.pk}"
    data = {
        f"{prefix}-round": round.pk,
        f"{prefix}-status": "on_track",
        f"{prefix}-narrative": f"Progress on {action.number}.",
        f"{prefix}-public_summary": f"Public note on {action.number}.",
        f"{prefix}-next_steps": "",
        f"{prefix}-version": "",
    }
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return data


def test_a_lead_fills_in_the_round_and_one_mistake_loses_nothing(
    client, police_lead, three_actions, open_round, plan
):
    first, second, third = three_actions
    client.force_login(police_lead)
    page = client.get(bulk_url(plan))
    assert len(page.context["rows"]) == 3
    data = {"submit": "1"}
    data |= row(first, open_round)
    data |= row(second, open_round, public_summary="")  # invalid: no public summary
    data |= row(third, open_round)
    response = client.post(bulk_url(plan), data)
    assert response.status_code == 200
    assertContains(response, "Saved 2 updates.")
    assertContains(response, "Action 2 is not saved")
    assertContains(response, "Progress on 2.")  # what was typed is still there
    saved = ProgressUpdate.objects.order_by("action__number")
    assert [u.action.number for u in saved] == [1, 3]
    assert {u.state for u in saved} == {"submitted"}
    assert {u.history.first().history_user for u in saved} == {police_lead}


def test_empty_forms_are_left_alone(client, police_lead, three_actions, open_round, plan):
    client.force_login(police_lead)
    response = client.post(bulk_url(plan), {"draft": "1"} | row(three_actions[0], open_round))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().state == "draft"


def test_people_without_actions_in_the_plan_are_refused(
    client, council_lead, three_actions, open_round, plan
):
    client.force_login(council_lead)
    assert client.get(bulk_url(plan)).status_code == 403
    client.logout()
    assert client.get(bulk_url(plan)).url.startswith(reverse("login"))


def test_an_update_published_while_the_page_was_open_keeps_what_was_typed(
    client, police_lead, three_actions, open_round, plan, make_update
):
    first = three_actions[0]
    update = make_update(first, round=open_round, narrative="Draft words.")
    client.force_login(police_lead)
    data = {"draft": "1"} | row(first, open_round, narrative="Words typed meanwhile.")
    data[f"action-{first.pk}-version"] = update.updated_at.isoformat()
    update.state = ProgressUpdate.State.PUBLISHED
    update.save()

    response = client.post(bulk_url(plan), data)

    assert response.status_code == 200
    assertContains(response, "A CSP officer published this update meanwhile: not saved.")
    assertContains(response, "Words typed meanwhile.")
    update.refresh_from_db()
    assert update.narrative == "Draft words."
