import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from accounts.roles import PARTNER_LEADS
from actions.models import ProgressUpdate
from tests.html_forms import browser_post_data
from tests.signing_in import verified_login

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
    verified_login(client, police_lead)
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
    verified_login(client, police_lead)
    response = client.post(bulk_url(plan), {"draft": "1"} | row(three_actions[0], open_round))
    assert response.status_code == 302
    assert ProgressUpdate.objects.get().state == "draft"


def test_people_without_actions_in_the_plan_are_refused(
    client, council_lead, three_actions, open_round, plan
):
    verified_login(client, council_lead)
    assert client.get(bulk_url(plan)).status_code == 403
    client.logout()
    assert client.get(bulk_url(plan)).url.startswith(reverse("login"))


def typed(data, action, **fields):
    """`data` with the row of `action` filled in as a person would type it."""
    prefix = f"action-{action.pk}"
    return data | {f"{prefix}-{name}": [value] for name, value in fields.items()}


def test_submitted_and_published_updates_are_shown_but_never_changed(
    client, police_lead, three_actions, open_round, plan, make_update
):
    first, second, third = three_actions
    submitted = make_update(first, round=open_round, state="submitted", narrative="Sent in.")
    published = make_update(second, round=open_round, state="published", narrative="Out.")
    verified_login(client, police_lead)
    page = client.get(bulk_url(plan))
    assertContains(page, "Submitted")
    assertContains(page, "Published")
    assertNotContains(page, f'name="action-{first.pk}-narrative"')
    assertNotContains(page, f'name="action-{second.pk}-narrative"')
    data = browser_post_data(page.content, press="draft")
    response = client.post(bulk_url(plan), data, follow=True)
    assertRedirects(response, reverse("actions:my_actions"))
    assertNotContains(response, "Saved")
    for update, state in ((submitted, "submitted"), (published, "published")):
        before = update.updated_at
        update.refresh_from_db()
        assert (update.state, update.updated_at) == (state, before)
    assert not ProgressUpdate.objects.filter(action=third).exists()


def test_empty_rows_are_ignored_and_messages_count_one_update(
    client, police_lead, three_actions, open_round, plan
):
    first, second, third = three_actions
    verified_login(client, police_lead)
    data = browser_post_data(client.get(bulk_url(plan)).content, press="submit")
    data = typed(data, first, narrative="Progress.", public_summary="Patrols.")
    response = client.post(bulk_url(plan), data, follow=True)
    assertRedirects(response, reverse("actions:my_actions"))
    assertContains(response, "Saved 1 update.")
    assert ProgressUpdate.objects.get().action == first

    data = browser_post_data(client.get(bulk_url(plan)).content, press="submit")
    data = typed(data, second, narrative="Progress, but no public summary.")
    response = client.post(bulk_url(plan), data)
    assert response.status_code == 200
    assertContains(response, "1 update needs correcting: see below.")
    assertContains(response, "Action 2 is not saved")
    assertNotContains(response, "Action 3 is not saved")
    assertNotContains(response, "This field is required")
    assert ProgressUpdate.objects.count() == 1


def test_saving_drafts_again_counts_only_the_changed_ones(
    client, police_lead, three_actions, open_round, plan, make_update
):
    first, second, _third = three_actions
    make_update(first, round=open_round, narrative="Kept as it is.")
    changed = make_update(second, round=open_round, narrative="Before.")
    verified_login(client, police_lead)
    data = browser_post_data(client.get(bulk_url(plan)).content, press="draft")
    response = client.post(bulk_url(plan), typed(data, second, narrative="After."), follow=True)
    assertContains(response, "Saved 1 update.")
    changed.refresh_from_db()
    assert (changed.narrative, changed.state) == ("After.", "draft")


def test_the_page_runs_the_same_queries_however_many_actions(
    client,
    make_user,
    make_partner,
    make_action,
    make_update,
    open_round,
    plan,
    django_assert_num_queries,
):
    council = make_partner("Luton Council")
    partners = [make_partner("Police"), council, make_partner("Health", parent=council)]
    lead = make_user(role=PARTNER_LEADS, partners=partners[:2])

    def add_actions():
        for partner in partners:
            action = make_action(leads=[partner])
            if action.number % 2:
                make_update(action, round=open_round, state="submitted")

    add_actions()
    verified_login(client, lead)
    # session, user, its two-factor device, the partnership, plan, open round, permissions, actions
    # (the user's partners in a subquery), their lead links with partners and parents, their updates
    # in the round, the user's partners (for the contribution choices)
    with django_assert_num_queries(11):
        response = client.get(bulk_url(plan))
    assert len(response.context["rows"]) == 3
    add_actions()
    with django_assert_num_queries(11):
        response = client.get(bulk_url(plan))
    assert len(response.context["rows"]) == 6


def test_an_update_published_while_the_page_was_open_keeps_what_was_typed(
    client, police_lead, three_actions, open_round, plan, make_update
):
    first = three_actions[0]
    update = make_update(first, round=open_round, narrative="Draft words.")
    verified_login(client, police_lead)
    data = {"draft": "1"} | row(first, open_round, narrative="Words typed meanwhile.")
    data[f"action-{first.pk}-version"] = update.updated_at.isoformat()
    update.state = ProgressUpdate.State.PUBLISHED
    update.save()

    response = client.post(bulk_url(plan), data)

    assert response.status_code == 200
    assertContains(response, "This update was published meanwhile: what you typed is not saved.")
    assertContains(response, "Words typed meanwhile.")
    update.refresh_from_db()
    assert update.narrative == "Draft words."
