import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from actions.models import ProgressUpdate, Status
from reports.services import round_close
from tests.html_forms import browser_post_data
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def correct_url(update):
    return reverse("actions:update_correct", args=[update.pk])


@pytest.fixture
def frozen(officer, police_action, make_round, make_update):
    """A published update of a round that has closed and been frozen; the action's latest."""
    police_action.status = Status.ON_TRACK
    police_action.save()
    q1 = make_round("Q1 2025–26", starts_on=datetime.date(2025, 4, 1))
    update = make_update(
        police_action,
        round=q1,
        state=ProgressUpdate.State.PUBLISHED,
        status=Status.ON_TRACK,
        narrative="Two operations.",
        public_summary="Patrols continued in the town centre.",
    )
    round_close(round=q1, user=officer)
    return ProgressUpdate.objects.select_related("round").get(pk=update.pk)


def corrected(client, update, **fields):
    """Open the correction page and post it as a browser would, with `fields` typed."""
    data = browser_post_data(client.get(correct_url(update)).content)
    return client.post(correct_url(update), data | {k: [v] for k, v in fields.items()})


def test_anonymous_visitors_are_sent_to_sign_in(client, frozen):
    response = client.post(correct_url(frozen), {"reason": "x"})
    assert response.url.startswith(reverse("login"))


def test_leads_and_the_executive_are_refused(client, police_lead, executive, frozen):
    for user in (police_lead, executive):
        verified_login(client, user)
        assert client.post(correct_url(frozen), {"reason": "x"}).status_code == 403
    verified_login(client, police_lead)
    assert client.get(reverse("actions:update_edit", args=[frozen.pk])).status_code == 403
    frozen.refresh_from_db()
    assert frozen.status == Status.ON_TRACK


def test_an_officer_opening_the_edit_page_is_sent_to_the_correction(client, officer, frozen):
    verified_login(client, officer)
    response = client.get(reverse("actions:update_edit", args=[frozen.pk]))
    assertRedirects(response, correct_url(frozen))
    page = client.get(reverse("actions:action_manage", args=[frozen.action_id]))
    assertContains(page, f'href="{correct_url(frozen)}"')


def test_a_correction_needs_a_reason(client, officer, frozen):
    verified_login(client, officer)
    response = corrected(client, frozen, status="at_risk")
    assert response.status_code == 200
    assertContains(response, "This field is required.")
    frozen.refresh_from_db()
    assert frozen.status == Status.ON_TRACK


def test_an_officer_corrects_the_update_and_everything_follows(
    client, officer, police_action, frozen
):
    verified_login(client, officer)
    response = corrected(
        client,
        frozen,
        status="at_risk",
        public_summary="Patrols continued, but fewer than planned.",
        reason="The police gave the wrong figures",
    )
    assertRedirects(response, reverse("actions:action_manage", args=[police_action.pk]))
    frozen.refresh_from_db()
    assert (frozen.status, frozen.state, frozen.round.state) == ("at_risk", "published", "closed")
    record = frozen.history.first()
    assert record.history_change_reason == "Corrected: The police gave the wrong figures"
    assert record.history_user == officer
    police_action.refresh_from_db()
    assert (police_action.status, police_action.public_status) == ("at_risk", "at_risk")

    manage = client.get(reverse("actions:action_manage", args=[police_action.pk]))
    assertContains(manage, "Corrected since the round was frozen")
    history = client.get(reverse("actions:update_history", args=[frozen.pk]))
    assertContains(history, "Corrected: The police gave the wrong figures")
    client.logout()
    public = client.get(police_action.get_absolute_url())
    assertContains(public, "Patrols continued, but fewer than planned.")
    assertContains(public, "Corrected since the round was frozen")


def test_correcting_an_older_update_leaves_the_actions_status_to_the_latest(
    client, officer, police_action, frozen, make_round, make_update
):
    q2 = make_round("Q2 2025–26", starts_on=datetime.date(2025, 7, 1))
    make_update(police_action, round=q2, state="published", status=Status.COMPLETE)
    police_action.refresh_from_db()
    police_action.status = Status.COMPLETE
    police_action.save()
    verified_login(client, officer)
    corrected(client, frozen, status="off_track", reason="Wrong status in Q1")
    frozen.refresh_from_db()
    assert frozen.status == Status.OFF_TRACK
    police_action.refresh_from_db()
    assert (police_action.status, police_action.public_status) == ("complete", "complete")


def test_identifying_words_in_a_corrected_summary_must_be_checked(client, officer, frozen):
    verified_login(client, officer)
    risky = "Officers visited 12 Park Street."
    response = corrected(client, frozen, public_summary=risky, reason="More detail")
    assertContains(response, "Edit the summary if needed, then tick this box.")
    frozen.refresh_from_db()
    assert frozen.public_summary == "Patrols continued in the town centre."
    confirmed = corrected(
        client, frozen, public_summary=risky, reason="More detail", checked_identifying="on"
    )
    assert confirmed.status_code == 302
    frozen.refresh_from_db()
    assert frozen.public_summary == risky


def test_updates_of_open_rounds_are_edited_not_corrected(
    client, officer, police_action, open_round, make_update
):
    update = make_update(police_action, round=open_round, state="published")
    verified_login(client, officer)
    response = client.get(correct_url(update))
    assertRedirects(response, reverse("actions:update_edit", args=[update.pk]))
    page = client.get(police_action.get_absolute_url())
    assertNotContains(page, "Corrected since the round was frozen")
