import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from accounts.roles import PARTNER_LEADS
from actions.models import ProgressUpdate, Status
from tests.actions.conftest import update_data
from tests.html_forms import browser_post_data
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def create_url(action):
    return reverse("actions:update_create", args=[action.pk])


def test_anonymous_visitors_are_sent_to_sign_in(client, police_action, open_round):
    response = client.post(create_url(police_action), update_data(round=open_round.pk))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not ProgressUpdate.objects.exists()


def test_leads_of_other_partners_are_refused(client, council_lead, police_action, open_round):
    verified_login(client, council_lead)
    response = client.post(create_url(police_action), update_data(round=open_round.pk))
    assert response.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_executive_members_cannot_write_updates(client, executive, police_action, open_round):
    verified_login(client, executive)
    assert client.get(create_url(police_action)).status_code == 403


def test_a_lead_saves_a_draft_and_history_records_who(
    client, police_lead, police_action, open_round
):
    verified_login(client, police_lead)
    response = client.post(create_url(police_action), update_data(round=open_round.pk, draft="1"))
    assertRedirects(response, reverse("actions:action_manage", args=[police_action.pk]))
    update = ProgressUpdate.objects.get()
    assert (update.state, update.author, update.partner) == ("draft", police_lead, None)
    assert update.history.first().history_user == police_lead
    assert update.narrative.startswith("We ran two operations.")
    police_action.refresh_from_db()
    assert police_action.public_status == Status.NOT_RECORDED


def test_a_lead_of_the_parent_organisation_may_report_on_a_teams_action(
    client, make_user, make_partner, make_action, open_round
):
    council = make_partner("Luton Council")
    team = make_partner("Public Health", slug="council-public-health", parent=council)
    action = make_action(leads=[team])
    user = make_user(role=PARTNER_LEADS, partners=[council])
    verified_login(client, user)
    client.post(create_url(action), update_data(round=open_round.pk, submit="1"))
    assert ProgressUpdate.objects.get().state == "submitted"


def test_submitting_needs_a_public_summary_and_keeps_what_was_typed(
    client, police_lead, police_action, open_round
):
    verified_login(client, police_lead)
    response = client.post(
        create_url(police_action),
        update_data(
            round=open_round.pk,
            public_summary="",
            submit="1",
            narrative="Typed with care <b>and</b> kept",
        ),
    )
    assert response.status_code == 200
    assertContains(response, "Write a public summary before you submit the update.")
    assertContains(response, "Typed with care &lt;b&gt;and&lt;/b&gt; kept")
    assertContains(response, "govuk-error-summary")
    assert not ProgressUpdate.objects.exists()


def test_a_second_update_for_the_same_round_is_refused_clearly(
    client, officer, police_action, open_round, make_update
):
    make_update(police_action, round=open_round)
    verified_login(client, officer)
    response = client.post(create_url(police_action), update_data(round=open_round.pk))
    assertContains(response, "There is already an update for this round")
    assert ProgressUpdate.objects.count() == 1


def test_a_lead_asking_for_a_new_update_gets_the_one_it_started(
    client, police_lead, police_action, open_round, make_update
):
    update = make_update(police_action, round=open_round)
    verified_login(client, police_lead)
    response = client.get(create_url(police_action))
    assertRedirects(response, reverse("actions:update_edit", args=[update.pk]))


def test_a_second_lead_asking_for_a_new_update_gets_its_own_part(
    client, police_lead, council, police, make_action, open_round, make_update
):
    action = make_action(leads=[council, police])
    make_update(action, round=open_round, state="submitted")
    part = make_update(action, round=open_round, partner=police)
    verified_login(client, police_lead)
    response = client.get(create_url(action))
    assertRedirects(response, reverse("actions:update_edit", args=[part.pk]))


def test_closed_rounds_cannot_be_chosen(client, police_lead, police_action, open_round, make_round):
    closed = make_round("Q2", state="closed")
    verified_login(client, police_lead)
    response = client.post(create_url(police_action), update_data(round=closed.pk))
    assertContains(response, "Select a valid choice")


def test_a_plan_whose_partners_publish_directly_publishes_on_submit(
    client, police_lead, police_action, open_round
):
    plan = police_action.plan
    plan.partners_publish_directly = True
    plan.save()
    verified_login(client, police_lead)
    client.post(create_url(police_action), update_data(round=open_round.pk, submit="1"))
    update = ProgressUpdate.objects.get()
    assert update.state == "published"
    police_action.refresh_from_db()
    assert police_action.public_status == Status.ON_TRACK
    public = client.get(police_action.get_absolute_url())
    assertContains(public, "Operations against anti-social behaviour continued.")
    assert "We ran two operations." not in public.content.decode()


def test_without_an_open_round_the_lead_is_told_so(client, police_lead, make_action, police):
    action = make_action(leads=[police])
    verified_login(client, police_lead)
    response = client.get(create_url(action), follow=True)
    assertContains(response, "There is no open reporting round for this plan.")


def test_each_lead_of_a_shared_action_posts_its_own_part(
    client, police_lead, council_lead, make_action, police, council, open_round
):
    action = make_action(leads=[council, police])
    verified_login(client, police_lead)
    page = client.get(create_url(action))
    # The police are the second lead: they may post their part, not the summary.
    assert [value for value, _label in page.context["form"].fields["round"].choices]
    assert "contribution" not in page.context["form"].fields
    assert "status" not in page.context["form"].fields
    client.post(create_url(action), update_data(round=open_round.pk, submit="1"))
    verified_login(client, council_lead)
    form = client.get(create_url(action)).context["form"]
    # The first-named lead writes the summary of the whole action, with its status.
    assert "contribution" not in form.fields and "status" in form.fields
    client.post(create_url(action), update_data(round=open_round.pk, submit="1"))
    updates = {u.partner: u for u in ProgressUpdate.objects.all()}
    assert set(updates) == {police, None}


def test_a_new_update_starts_from_the_actions_current_status(
    client, police_lead, police_action, open_round
):
    police_action.status = Status.AT_RISK
    police_action.save()
    verified_login(client, police_lead)
    page = client.get(create_url(police_action))
    data = browser_post_data(page.content, press="submit")
    assert data["status"] == ["at_risk"]
    data |= {"narrative": ["Patrols continued."], "public_summary": ["Patrols continued."]}
    client.post(create_url(police_action), data)
    assert ProgressUpdate.objects.get().status == Status.AT_RISK


def test_submitting_emails_the_officers_one_message_with_a_link_to_review_it(
    client,
    police_lead,
    police_action,
    open_round,
    officer,
    make_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from accounts.roles import OFFICERS

    make_user("second-officer", role=OFFICERS)
    make_user("former-officer", role=OFFICERS, is_active=False)
    verified_login(client, police_lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url(police_action), update_data(round=open_round.pk, submit="1")
        )
    assertRedirects(response, reverse("actions:my_actions"))
    (message,) = mailoutbox
    assert message.to == ["officer@example.org", "second-officer@example.org"]
    update = ProgressUpdate.objects.get()
    assert f"http://testserver{reverse('actions:update_review', args=[update.pk])}" in message.body
    assert "Sam Inspector submitted an update on action 1" in message.body


def test_a_draft_emails_nobody(
    client,
    police_lead,
    police_action,
    open_round,
    officer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    verified_login(client, police_lead)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(create_url(police_action), update_data(round=open_round.pk))
    assert mailoutbox == []
