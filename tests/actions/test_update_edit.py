import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from accounts.roles import PARTNER_LEADS
from actions.models import ProgressUpdate
from tests.actions.conftest import update_data
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def edit_url(update):
    return reverse("actions:update_edit", args=[update.pk])


@pytest.fixture
def draft(police_action, open_round, make_update, police_lead):
    return make_update(
        police_action,
        round=open_round,
        author=police_lead,
        narrative="First words.",
        public_summary="Public words.",
    )


def form_data(client, update):
    """What the edit page's form holds when a person opens it."""
    form = client.get(edit_url(update)).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["round"] = update.round_id
    return data


def test_anonymous_visitors_are_sent_to_sign_in(client, draft):
    response = client.post(edit_url(draft), update_data())
    assert response.url.startswith(reverse("login"))


def test_other_partners_are_refused(client, council_lead, draft):
    verified_login(client, council_lead)
    assert client.post(edit_url(draft), update_data(round=draft.round_id)).status_code == 403


def test_a_lead_edits_their_draft(client, police_lead, draft):
    verified_login(client, police_lead)
    data = form_data(client, draft) | {"narrative": "Better words.", "draft": "1"}
    client.post(edit_url(draft), data)
    draft.refresh_from_db()
    assert draft.narrative == "Better words."
    assert draft.history.first().history_user == police_lead


def test_a_published_update_is_no_longer_the_leads_to_change(client, police_lead, draft):
    draft.state = ProgressUpdate.State.PUBLISHED
    draft.save()
    verified_login(client, police_lead)
    assert client.get(edit_url(draft)).status_code == 403


def test_the_second_of_two_simultaneous_edits_is_refused_and_keeps_its_text(
    client, police_lead, make_user, police, draft
):
    colleague = make_user(
        "colleague", role=PARTNER_LEADS, partners=[police], first_name="Alex", last_name="Colleague"
    )
    verified_login(client, police_lead)
    mine = form_data(client, draft)
    verified_login(client, colleague)
    theirs = form_data(client, draft)

    client.post(edit_url(draft), theirs | {"narrative": "The colleague's words.", "draft": "1"})
    verified_login(client, police_lead)
    response = client.post(edit_url(draft), mine | {"narrative": "My own words.", "draft": "1"})

    assert response.status_code == 409
    assertContains(response, "Alex Colleague saved a newer version", status_code=409)
    assertContains(response, "The colleague&#x27;s words.", status_code=409)
    assertContains(response, "My own words.", status_code=409)
    draft.refresh_from_db()
    assert draft.narrative == "The colleague's words."

    # Resubmitting the merged text from the conflict page saves it over theirs.
    merged = response.context["form"].data.copy()
    merged["narrative"] = "Both sets of words, merged."
    client.post(edit_url(draft), merged)
    draft.refresh_from_db()
    assert draft.narrative == "Both sets of words, merged."
    assert draft.history.first().history_user == police_lead


def test_a_lead_whose_update_was_published_meanwhile_keeps_what_they_typed(
    client, police_lead, officer, draft
):
    verified_login(client, police_lead)
    mine = form_data(client, draft) | {"narrative": "My careful new words.", "draft": "1"}
    draft.state = ProgressUpdate.State.PUBLISHED
    draft._history_user = officer
    draft.save()

    response = client.post(edit_url(draft), mine)

    assert response.status_code == 409
    assertContains(response, "The update was published after you opened this page", status_code=409)
    assertContains(response, "My careful new words.", status_code=409)
    assertContains(response, "Copy what you typed", status_code=409)
    draft.refresh_from_db()
    assert (draft.state, draft.narrative) == ("published", "First words.")


def test_a_lead_who_could_never_change_the_update_is_still_refused(
    client, police_lead, officer, draft
):
    draft.state = ProgressUpdate.State.PUBLISHED
    draft.save()
    verified_login(client, police_lead)
    data = update_data(round=draft.round_id, version=draft.updated_at.isoformat(), draft="1")
    assert client.post(edit_url(draft), data).status_code == 403
