"""Every path that makes an update's text public runs the identifying-words check."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from actions.models import ProgressUpdate
from actions.services import PublicTextUnchecked, update_make_public
from tests.actions.conftest import update_data
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db

RISKY = "Patrols near LU1 2AB after Kate Delaney reported it."


def edit_url(update):
    return reverse("actions:update_edit", args=[update.pk])


def create_url(action):
    return reverse("actions:update_create", args=[action.pk])


@pytest.fixture
def published(police_action, open_round, make_update, officer):
    return make_update(
        police_action,
        round=open_round,
        state=ProgressUpdate.State.PUBLISHED,
        public_summary="Patrols continued.",
    )


@pytest.fixture
def direct_plan(police_action):
    police_action.contact_name = "Kate Delaney"
    police_action.save()
    plan = police_action.plan
    plan.partners_publish_directly = True
    plan.save()
    return plan


def opened_form(client, update):
    form = client.get(edit_url(update)).context["form"]
    return {name: form[name].value() or "" for name in form.fields}


def test_the_service_refuses_flagged_text_without_confirmation(published):
    published.public_summary = RISKY
    with pytest.raises(PublicTextUnchecked) as refused:
        update_make_public(update=published, user=None, reason="Test")
    assert {flag.text for flag in refused.value.flags} >= {"LU1 2AB"}
    published.refresh_from_db()
    assert published.public_summary == "Patrols continued."


def test_an_officers_draft_save_of_a_published_update_asks_to_confirm_flagged_words(
    client, officer, published, police_action
):
    verified_login(client, officer)
    data = opened_form(client, published) | {"public_summary": RISKY, "draft": "1"}
    response = client.post(edit_url(published), data)

    assert response.status_code == 200
    assertContains(response, "may identify someone")
    assertContains(response, "LU1 2AB")
    assertContains(response, "I have checked the flagged words")
    assertContains(response, "Patrols near LU1 2AB")  # what was typed is still there
    published.refresh_from_db()
    assert published.public_summary == "Patrols continued."
    assertNotContains(client.get(police_action.get_absolute_url()), "LU1 2AB")

    response = client.post(edit_url(published), data | {"checked_identifying": "on"})
    assertRedirects(response, reverse("actions:action_manage", args=[police_action.pk]))
    published.refresh_from_db()
    assert (published.state, published.public_summary) == ("published", RISKY)
    assert published.history.first().history_user == officer


def test_an_officers_edit_of_a_published_update_without_flags_stays_published(
    client, officer, published
):
    verified_login(client, officer)
    data = opened_form(client, published) | {"public_summary": "Patrols doubled.", "draft": "1"}
    client.post(edit_url(published), data)
    published.refresh_from_db()
    assert (published.state, published.public_summary) == ("published", "Patrols doubled.")


def test_partners_who_publish_directly_confirm_flagged_words_first(
    client, police_lead, police_action, open_round, direct_plan
):
    verified_login(client, police_lead)
    data = update_data(round=open_round.pk, submit="1", public_summary=RISKY)
    response = client.post(create_url(police_action), data)

    assert response.status_code == 200
    assertContains(response, "LU1 2AB")
    assertContains(response, "Kate Delaney")
    assertContains(response, "I have checked the flagged words")
    assert not ProgressUpdate.objects.exists()
    assertNotContains(client.get(police_action.get_absolute_url()), "LU1 2AB")

    client.post(create_url(police_action), data | {"checked_identifying": "on"})
    update = ProgressUpdate.objects.get()
    assert (update.state, update.public_summary) == ("published", RISKY)


def test_the_whole_round_page_asks_to_confirm_flagged_words(
    client, police_lead, police_action, open_round, direct_plan
):
    verified_login(client, police_lead)
    prefix = f"action-{police_action.pk}"
    data = {f"{prefix}-{k}": v for k, v in update_data(public_summary=RISKY).items()}
    data[f"{prefix}-round"] = open_round.pk
    data["submit"] = "1"
    url = reverse("actions:update_bulk", args=[police_action.plan.slug])

    response = client.post(url, data)
    assertContains(response, "LU1 2AB")
    assertContains(response, "I have checked the flagged words")
    assert not ProgressUpdate.objects.exists()

    client.post(url, data | {f"{prefix}-checked_identifying": "on"})
    assert ProgressUpdate.objects.get().state == "published"
