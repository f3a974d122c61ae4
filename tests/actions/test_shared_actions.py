"""An action led by several partners: the first-named lead owes the update of the whole
action, every other lead owes its own part, and each is counted and reminded for its own."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.roles import PARTNER_LEADS
from actions.models import Action, ActionLead, ProgressUpdate
from tests.actions.conftest import update_data
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def health(make_partner):
    return make_partner("Public Health")


@pytest.fixture
def health_lead(make_user, health):
    return make_user("nurse", role=PARTNER_LEADS, partners=[health])


@pytest.fixture
def shared(make_action, police, health, open_round):
    return make_action(7, leads=[police, health], text="Reduce alcohol-related violence.")


def remind_dry_run():
    out = StringIO()
    call_command("send_update_reminders", "--dry-run", stdout=out)
    return out.getvalue()


def test_each_lead_owes_its_own_update(shared, police, health, open_round, make_update):
    links = {link.partner: link for link in ActionLead.objects.with_owed_update(open_round)}
    assert links[police].owes_whole_action and not links[health].owes_whole_action
    make_update(shared, round=open_round, partner=health, state="submitted")
    owing = ActionLead.objects.owing_in(open_round)
    assert [link.partner for link in owing] == [police]
    assert list(Action.objects.missing_update_in(open_round)) == [shared]
    assert list(Action.objects.missing_update_in(open_round, partners=[health])) == []


def test_one_partners_part_does_not_stop_the_other_leads_reminder(
    police_lead, health_lead, shared, health, open_round, make_update
):
    make_update(shared, round=open_round, partner=health, state="submitted")
    output = remind_dry_run()
    assert "Would remind inspector" in output
    assert "nurse" not in output


def test_the_whole_action_update_does_not_stop_the_second_leads_reminder(
    police_lead, health_lead, shared, open_round, make_update
):
    make_update(shared, round=open_round, state="submitted")
    output = remind_dry_run()
    assert "Would remind nurse <nurse@example.org>: actions 7" in output
    assert "inspector" not in output


def test_my_actions_shows_each_lead_the_state_of_its_own_update(
    client, police_lead, health_lead, shared, health, open_round, make_update
):
    part = make_update(shared, round=open_round, partner=health, state="draft")
    verified_login(client, health_lead)
    page = client.get(reverse("actions:my_actions"))
    assertContains(page, "Finish it")
    assertContains(page, reverse("actions:update_edit", args=[part.pk]))
    assertNotContains(page, reverse("actions:update_create", args=[shared.pk]))
    verified_login(client, police_lead)
    page = client.get(reverse("actions:my_actions"))
    assertContains(page, "Missing")
    assertContains(page, reverse("actions:update_create", args=[shared.pk]))


def test_a_second_lead_cannot_write_the_whole_action_update(
    client, police_lead, health_lead, shared, open_round, make_update
):
    whole = make_update(shared, round=open_round, author=police_lead)
    verified_login(client, health_lead)
    assert client.get(reverse("actions:update_edit", args=[whole.pk])).status_code == 403


def test_a_second_lead_publishing_directly_publishes_only_its_part(
    client, health_lead, shared, open_round
):
    shared.plan.partners_publish_directly = True
    shared.plan.save()
    verified_login(client, health_lead)
    form = client.get(reverse("actions:update_create", args=[shared.pk])).context["form"]
    assert "contribution" not in form.fields and "status" not in form.fields
    client.post(
        reverse("actions:update_create", args=[shared.pk]),
        update_data(round=open_round.pk, status="complete", submit="1"),
    )
    update = ProgressUpdate.objects.get()
    assert update.partner.name == "Public Health" and update.state == "published"
    shared.refresh_from_db()
    assert shared.status != "complete"


def test_the_whole_round_page_offers_a_second_lead_its_part(
    client, health_lead, shared, health, open_round, make_update
):
    make_update(shared, round=open_round, state="submitted")
    verified_login(client, health_lead)
    url = reverse("actions:update_bulk", args=[shared.plan.slug])
    (row,) = client.get(url).context["rows"]
    assert row["form"] is not None and row["form"].partner == health
    prefix = f"action-{shared.pk}"
    client.post(
        url,
        {
            f"{prefix}-narrative": "Our nurses ran clinics.",
            f"{prefix}-public_summary": "Clinics ran.",
            f"{prefix}-version": "",
            "submit": "1",
        },
    )
    assert ProgressUpdate.objects.get(partner=health).state == "submitted"
