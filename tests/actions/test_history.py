import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

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
    client.force_login(officer)
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
    # session, user, action (+ leads), user's partners, permissions, count, versions,
    # theme names
    with django_assert_num_queries(10):
        client.get(url)


def test_two_versions_are_compared_field_by_field(client, officer, edited_action):
    client.force_login(officer)
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
    client.force_login(officer)
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
    client.force_login(police_lead)
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
    client.force_login(officer)
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
    client.force_login(officer)

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
    client.force_login(officer)

    response = client.post(restore_url(update, published))
    assertContains(response, "“LU1 2AB”: a postcode")
    assertContains(response, "I have read what residents will read after the restore")
    update.refresh_from_db()
    assert update.public_summary == "Patrols continued."

    client.post(restore_url(update, published), {"checked_identifying": "on"})
    update.refresh_from_db()
    assert update.public_summary == "Visit to LU1 2AB."
