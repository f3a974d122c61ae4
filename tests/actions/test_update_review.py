import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import ProgressUpdate, Status
from actions.services import update_publish
from tests.actions.conftest import update_data
from tests.html_forms import browser_post_data
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def review_url(update):
    return reverse("actions:update_review", args=[update.pk])


@pytest.fixture
def submitted(client, police_lead, police_action, open_round):
    verified_login(client, police_lead)
    client.post(
        reverse("actions:update_create", args=[police_action.pk]),
        update_data(
            round=open_round.pk,
            status="at_risk",
            submit="1",
            narrative="Internal: the suspect at 12 Park Street was arrested.",
            public_summary="Patrols continued in the town centre.",
        ),
    )
    client.logout()
    return ProgressUpdate.objects.get()


def test_the_update_goes_from_draft_to_submitted_to_published(client, officer, submitted):
    assert submitted.state == "submitted"
    public = client.get(submitted.action.get_absolute_url())
    assertNotContains(public, "Patrols continued")
    verified_login(client, officer)
    response = client.post(
        review_url(submitted),
        {
            "decision": "publish",
            "public_summary": submitted.public_summary,
            "action_status": "off_track",
        },
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "published" and submitted.published_at
    assert submitted.history.first().history_user == officer
    action = submitted.action
    action.refresh_from_db()
    assert action.status == Status.OFF_TRACK  # the officer's status
    assert action.public_status == Status.AT_RISK  # the published update's status
    client.logout()
    public = client.get(action.get_absolute_url())
    assertContains(public, "Patrols continued in the town centre.")
    assertNotContains(public, "12 Park Street")


def test_an_officer_sends_an_update_back_with_a_comment(client, officer, police_lead, submitted):
    verified_login(client, officer)
    response = client.post(review_url(submitted), {"decision": "return", "comment": ""})
    assertContains(response, "Say what the author should change.")
    client.post(review_url(submitted), {"decision": "return", "comment": "Add the dates."})
    submitted.refresh_from_db()
    assert (submitted.state, submitted.review_comment) == ("returned", "Add the dates.")
    verified_login(client, police_lead)
    page = client.get(reverse("actions:my_actions"))
    assertContains(page, "Sent back")
    assertContains(
        client.get(reverse("actions:update_edit", args=[submitted.pk])), "Add the dates."
    )


def test_identifying_words_must_be_checked_before_publishing(client, officer, submitted):
    verified_login(client, officer)
    risky = "Officers visited 12 Park Street, LU1 2AB, where 2 victims were supported."
    response = client.post(review_url(submitted), {"decision": "publish", "public_summary": risky})
    assertContains(response, "Read the flagged words")
    assertContains(response, "12 Park Street")
    assertContains(response, "LU1 2AB")
    assertContains(response, "2 victims")
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
    client.post(
        review_url(submitted),
        {
            "decision": "publish",
            "public_summary": "Officers supported victims.",
            "action_status": "at_risk",
        },
    )
    submitted.refresh_from_db()
    assert (submitted.state, submitted.public_summary) == (
        "published",
        "Officers supported victims.",
    )


def test_only_officers_review(client, police_lead, executive, submitted):
    for user in (police_lead, executive):
        verified_login(client, user)
        response = client.post(
            review_url(submitted), {"decision": "publish", "public_summary": "x"}
        )
        assert response.status_code == 403
    client.logout()
    assert client.get(review_url(submitted)).url.startswith(reverse("login"))
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_the_review_list_shows_submitted_updates_in_constant_queries(
    client, officer, make_action, make_update, make_partner, open_round, django_assert_num_queries
):
    for _ in range(3):
        action = make_action(leads=[make_partner()])
        make_update(action, round=open_round, state="submitted")
    verified_login(client, officer)
    # session, user, its two-factor device, the partnership, permissions, count, the page of updates
    # with their joins
    with django_assert_num_queries(7):
        response = client.get(reverse("actions:review_list"))
    assert len(response.context["page"].object_list) == 3
    make_update(make_action(leads=[make_partner()]), round=open_round, state="submitted")
    with django_assert_num_queries(7):
        client.get(reverse("actions:review_list"))


def test_publishing_in_one_click_keeps_the_actions_status_when_the_update_has_none(
    client, officer, police_action, open_round, make_update
):
    police_action.status = Status.ON_TRACK
    police_action.save()
    update = make_update(
        police_action,
        round=open_round,
        state="submitted",
        status=Status.NOT_RECORDED,
        public_summary="Patrols continued.",
    )
    verified_login(client, officer)
    page = client.get(review_url(update))
    data = browser_post_data(page.content)
    assert data["action_status"] == ["on_track"]
    response = client.post(review_url(update), data | {"decision": ["publish"]})
    assert response.status_code == 302
    police_action.refresh_from_db()
    assert police_action.status == Status.ON_TRACK


def test_publishing_never_sets_the_action_to_not_recorded(
    officer, police_action, open_round, make_update
):
    police_action.status = Status.AT_RISK
    police_action.save()
    update = make_update(
        police_action, round=open_round, state="submitted", status=Status.NOT_RECORDED
    )
    update_publish(update=update, user=officer, action_status=None)
    police_action.refresh_from_db()
    assert police_action.status == Status.AT_RISK
    assert ProgressUpdate.objects.get().state == "published"


def test_a_decision_taken_meanwhile_by_someone_else_keeps_what_the_officer_typed(
    client, officer, submitted
):
    verified_login(client, officer)
    submitted.state = ProgressUpdate.State.PUBLISHED
    submitted.save()
    response = client.post(
        review_url(submitted),
        {"decision": "return", "comment": "Please name the streets less precisely."},
    )
    assert response.status_code == 409
    assertContains(
        response, "This update was published after you opened this page", status_code=409
    )
    assertContains(response, "Please name the streets less precisely.", status_code=409)
    submitted.refresh_from_db()
    assert (submitted.state, submitted.review_comment) == ("published", "")


def test_the_author_is_emailed_the_comment_when_the_update_is_sent_back(
    client, officer, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    verified_login(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(submitted), {"decision": "return", "comment": "Add the dates."})
    (message,) = mailoutbox
    assert message.to == ["inspector@example.org"]
    assert "sent back" in message.subject
    assert "Add the dates." in message.body
    edit = reverse("actions:update_edit", args=[submitted.pk])
    assert f"http://testserver{edit}" in message.body


def test_the_author_is_emailed_when_the_update_is_published(
    client, officer, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    verified_login(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            review_url(submitted),
            {"decision": "publish", "public_summary": "Patrols continued.", "action_status": ""},
        )
    (message,) = mailoutbox
    assert message.to == ["inspector@example.org"] and "is published" in message.subject
    assert f"http://testserver{submitted.action.get_absolute_url()}" in message.body


def test_nothing_is_emailed_when_the_decision_is_not_saved(
    client, officer, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    verified_login(client, officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(submitted), {"decision": "return", "comment": ""})
    assert mailoutbox == []
