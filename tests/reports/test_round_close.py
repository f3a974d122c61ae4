import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertRedirects

from actions.models import ProgressUpdate, ReportingRound, Status
from reports.models import ActionSnapshot, RoundSnapshot, UpdateSnapshot
from reports.services import round_close
from tests.signing_in import verified_login
from themes.models import Priority

pytestmark = pytest.mark.django_db


def close_url(round):
    return reverse("reports:round_close", args=[round.pk])


def confirm_url(round):
    return reverse("reports:round_close_confirm", args=[round.pk])


def test_closing_freezes_every_action_with_its_status_leads_and_flags(scenario):
    frozen = {copy.number: copy for copy in scenario.q1_snapshot.actions.all()}
    assert sorted(frozen) == [1, 2, 3, 4, 5, 6, 7]
    assert frozen[2].status == Status.AT_RISK
    assert frozen[2].is_overdue is True
    assert frozen[6].is_overdue is False  # complete, so not overdue although past due
    assert [n for n, copy in sorted(frozen.items()) if copy.is_missing] == [5]  # draft only
    assert frozen[4].lead_names == "Luton Council; Fire Service"
    assert set(frozen[4].leads.all()) == {scenario.council, scenario.fire}
    assert frozen[5].lead_names == "Luton Council Public Health"
    assert frozen[1].theme_number == 1 and frozen[1].theme_title == "Theme 1"
    assert scenario.q1_snapshot.closed_by.username == "closing-officer"


def test_closing_freezes_the_reported_updates_with_their_words_and_partner(scenario):
    copies = UpdateSnapshot.objects.filter(action_snapshot__snapshot=scenario.q1_snapshot)
    by_action = {}
    for copy in copies.select_related("action_snapshot"):
        by_action.setdefault(copy.action_snapshot.number, []).append(copy)
    # The draft of action 5 is not a report, so it is not frozen.
    assert sorted(by_action) == [1, 2, 3, 4, 6]
    assert sorted(copy.partner_name for copy in by_action[4]) == ["Fire Service", "Luton Council"]
    assert by_action[1][0].partner_name == "Luton Police"  # the author's partner
    assert by_action[6][0].narrative == "Refuge places opened."
    assert by_action[6][0].status == Status.COMPLETE


def test_closing_sets_the_round_closed_and_records_who_did_it(scenario):
    scenario.q1.refresh_from_db()
    assert scenario.q1.state == ReportingRound.State.CLOSED
    assert scenario.q1.history.first().history_user.username == "closing-officer"


def test_later_corrections_do_not_change_the_frozen_copy(scenario):
    update = scenario.q1_updates[6]
    update.narrative = "Twelve refuge places opened."
    update.status = Status.ON_TRACK
    update.save()
    copy = UpdateSnapshot.objects.get(update=update)
    assert copy.narrative == "Refuge places opened."
    assert copy.differs_from(update)


def test_a_closed_round_cannot_be_closed_again(scenario, officer):
    with pytest.raises(ValidationError, match="already closed"):
        round_close(round=scenario.q1, user=officer)
    assert RoundSnapshot.objects.filter(round=scenario.q1).count() == 1


def test_closing_takes_the_same_number_of_queries_however_many_actions(
    plan,
    make_action,
    make_round,
    make_update,
    make_partner,
    make_user,
    officer,
    django_assert_num_queries,
):
    priority = Priority.objects.create(plan=plan, number=1, title="Reduce harm")

    def close_with(n):
        round = make_round(f"Round of {n}")
        for _ in range(n):
            partner = make_partner()
            action = make_action(leads=[partner], due_on=datetime.date(2020, 1, 1))
            action.priorities.add(priority)
            author = make_user(partners=[partner])
            make_update(action, round=round, state=ProgressUpdate.State.SUBMITTED, author=author)
        # savepoint, lock the round, actions (+ theme), leads, priorities, updates, their
        # authors' partners, insert snapshot, actions, leads, priorities, updates, update
        # the round, its history row, release savepoint
        with django_assert_num_queries(15):
            round_close(round=round, user=officer)

    close_with(3)
    close_with(6)
    assert ActionSnapshot.objects.filter(snapshot__round__name="Round of 6").count() == 9


def test_the_confirmation_page_shows_what_will_be_frozen(client, scenario, officer):
    verified_login(client, officer)
    response = client.get(confirm_url(scenario.q2))
    assertContains(response, "<h1", count=1)
    assertContains(response, "Close Q2?")
    assertContains(response, "3 actions have no submitted or published update")
    assertContains(response, f'action="{close_url(scenario.q2)}"')


def test_closing_by_post_freezes_the_round_and_confirms(client, scenario, officer):
    verified_login(client, officer)
    response = client.post(close_url(scenario.q2), follow=True)
    dashboard = reverse("reports:plan_dashboard", args=[scenario.plan.slug])
    assertRedirects(response, f"{dashboard}?round={scenario.q2.pk}")
    assertContains(response, "Closed Q2 and froze the figures of its 7 actions.")
    scenario.q2.refresh_from_db()
    assert scenario.q2.state == ReportingRound.State.CLOSED
    assert scenario.q2.history.first().history_user == officer
    assert scenario.q2.snapshot.closed_by == officer
    assert scenario.q2.snapshot.actions.filter(is_missing=True).count() == 3


def test_closing_a_closed_round_says_so_and_changes_nothing(client, scenario, officer):
    verified_login(client, officer)
    response = client.post(close_url(scenario.q1), follow=True)
    assertContains(response, "“Q1” is already closed.")
    assert RoundSnapshot.objects.filter(round=scenario.q1).count() == 1


def test_closing_only_accepts_post(client, scenario, officer):
    verified_login(client, officer)
    assert client.get(close_url(scenario.q2)).status_code == 405


def test_anonymous_users_are_sent_to_sign_in(client, scenario):
    for url in (close_url(scenario.q2), confirm_url(scenario.q2)):
        response = client.post(url) if url == close_url(scenario.q2) else client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    scenario.q2.refresh_from_db()
    assert scenario.q2.state == ReportingRound.State.OPEN


def test_executive_members_may_not_close_a_round(client, scenario, executive):
    verified_login(client, executive)
    assert client.get(confirm_url(scenario.q2)).status_code == 403
    assert client.post(close_url(scenario.q2)).status_code == 403
    scenario.q2.refresh_from_db()
    assert scenario.q2.state == ReportingRound.State.OPEN
    assert not RoundSnapshot.objects.filter(round=scenario.q2).exists()


def test_the_snapshot_counts_overdue_as_of_the_day_it_closed(scenario):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    scenario.actions[3].due_on = tomorrow
    scenario.actions[3].save(update_fields=["due_on"])
    snapshot = round_close(round=scenario.q2, user=None)
    assert not snapshot.actions.get(number=3).is_overdue
