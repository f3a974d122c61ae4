import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def edited_action(police_action, officer):
    police_action.text = "Second wording"
    police_action._history_user = officer
    police_action.save()
    police_action.text = "Third wording"
    police_action.save()
    return police_action


def test_the_history_lists_who_changed_what(
    client, officer, edited_action, django_assert_num_queries
):
    verified_login(client, officer)
    url = reverse("actions:action_history", args=[edited_action.pk])
    response = client.get(url)
    versions = response.context["versions"]
    assert [v["record"].text for v in versions] == [
        "Third wording",
        "Second wording",
        "Reduce knife crime in the town centre.",
    ]
    assert any(c["new"] == "Second wording" for c in versions[1]["changes"])
    assertContains(response, "officer")
    # session, user, its two-factor device, the partnership, action (+ leads), user's partners,
    # permissions, count, versions, theme names, the action's version dates, its leads' history,
    # priorities and commitments of the versions
    with django_assert_num_queries(15):
        client.get(url)


def test_two_versions_are_compared_field_by_field(client, officer, edited_action):
    verified_login(client, officer)
    ids = list(edited_action.history.order_by("history_date").values_list("history_id", flat=True))
    response = client.get(
        reverse("actions:action_history", args=[edited_action.pk]),
        {"first": ids[2], "second": ids[0]},
    )
    rows = {row["label"]: row for row in response.context["comparison"]["rows"]}
    assert rows["what will be done"]["first"] == "Reduce knife crime in the town centre."
    assert rows["what will be done"]["second"] == "Third wording"
    assert rows["what will be done"]["changed"] and not rows["lead role"]["changed"]


def test_an_officer_restores_an_earlier_version_as_a_new_one(client, officer, edited_action):
    verified_login(client, officer)
    oldest = edited_action.history.order_by("history_date").first()
    before = edited_action.history.count()
    url = reverse("actions:action_restore", args=[edited_action.pk, oldest.history_id])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assertContains(response, "Restoring this version changes what residents read")
    assertContains(response, "Third wording")
    edited_action.refresh_from_db()
    assert edited_action.text == "Third wording"
    client.post(url, {"checked_identifying": "on"})
    edited_action.refresh_from_db()
    assert edited_action.text == "Reduce knife crime in the town centre."
    assert edited_action.history.count() == before + 1
    newest = edited_action.history.first()
    assert newest.history_user == officer
    assert newest.history_change_reason.startswith("Restored the version of")


def test_partner_leads_may_read_history_but_not_restore(client, police_lead, edited_action):
    verified_login(client, police_lead)
    assert client.get(reverse("actions:action_history", args=[edited_action.pk])).status_code == 200
    oldest = edited_action.history.order_by("history_date").first()
    url = reverse("actions:action_restore", args=[edited_action.pk, oldest.history_id])
    assert client.post(url).status_code == 403
    client.logout()
    assert client.post(url).url.startswith(reverse("login"))
    edited_action.refresh_from_db()
    assert edited_action.text == "Third wording"


def test_an_update_can_be_restored_too(client, officer, police_action, open_round, make_update):
    update = make_update(police_action, round=open_round, narrative="Original")
    update.narrative = "Overwritten"
    update.save()
    verified_login(client, officer)
    record = update.history.order_by("history_date").first()
    client.post(reverse("actions:update_restore", args=[update.pk, record.history_id]))
    update.refresh_from_db()
    assert update.narrative == "Original"
    page = client.get(reverse("actions:update_history", args=[update.pk]))
    assert len(page.context["versions"]) == 3


def restore_url(update, record):
    return reverse("actions:update_restore", args=[update.pk, record.history_id])


def test_restoring_a_version_that_withdraws_public_text_asks_first(
    client, officer, police_action, open_round, make_update
):
    update = make_update(police_action, round=open_round, public_summary="Patrols continued.")
    draft = update.history.first()
    update.state = "published"
    update.save()
    police_action.refresh_public_status()
    verified_login(client, officer)

    response = client.post(restore_url(update, draft))
    assert response.status_code == 200
    assertContains(response, "Restoring this version changes what residents read")
    assertContains(response, "Nothing: it is withdrawn from the public pages.")
    update.refresh_from_db()
    assert update.state == "published"

    client.post(restore_url(update, draft), {"checked_identifying": "on"})
    update.refresh_from_db()
    assert update.state == "draft"
    police_action.refresh_from_db()
    assert police_action.public_status == "not_recorded"


def test_restoring_a_published_version_with_flagged_words_shows_them_first(
    client, officer, police_action, open_round, make_update
):
    update = make_update(
        police_action, round=open_round, state="published", public_summary="Visit to LU1 2AB."
    )
    published = update.history.first()
    update.public_summary = "Patrols continued."
    update.save()
    verified_login(client, officer)

    response = client.post(restore_url(update, published))
    assertContains(response, "“LU1 2AB”: a postcode")
    assertContains(response, "I have read what residents will read after the restore")
    update.refresh_from_db()
    assert update.public_summary == "Patrols continued."

    client.post(restore_url(update, published), {"checked_identifying": "on"})
    update.refresh_from_db()
    assert update.public_summary == "Visit to LU1 2AB."


def test_changes_to_leads_priorities_and_commitments_are_shown(
    client, officer, police_action, council, make_partner
):
    from actions.models import ActionLead
    from themes.models import Commitment, Priority, ResidentStatement

    priority = Priority.objects.create(plan=police_action.plan, number=1, title="Violence")
    statement = ResidentStatement.objects.create(
        plan=police_action.plan, position=1, text="You said: safer streets."
    )
    commitment = Commitment.objects.create(statement=statement, position=1, text="More patrols")
    police_action.priorities.add(priority)
    police_action.commitments.add(commitment)
    # As the admin does: the action is saved, then its leads.
    police_action.text = "New wording"
    police_action.save()
    ActionLead.objects.create(action=police_action, partner=council, position=2)
    verified_login(client, officer)
    url = reverse("actions:action_history", args=[police_action.pk])
    versions = client.get(url).context["versions"]
    labels = [{c["label"] for c in v["changes"]} for v in versions]
    # Newest first: the wording (with the council as second lead), commitments, priorities.
    assert "lead partners" in labels[0]
    assert labels[1] == {"commitments it delivers"} and labels[2] == {"priorities"}
    assert "No visible change" not in client.get(url).content.decode()
    ids = [v["record"].history_id for v in versions]
    response = client.get(url, {"first": ids[-1], "second": ids[0]})
    rows = {row["label"]: row for row in response.context["comparison"]["rows"]}
    assert rows["lead partners"]["first"] == "Bedfordshire Police"
    assert rows["lead partners"]["second"] == "Bedfordshire Police; Luton Council"
    assert rows["priorities"]["changed"] and rows["priorities"]["second"] == str(priority)
    assert rows["commitments it delivers"]["second"] == str(commitment)
