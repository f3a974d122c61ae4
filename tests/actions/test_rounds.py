import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from actions.models import ReportingRound
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def test_an_officer_opens_a_round(client, officer, plan):
    verified_login(client, officer)
    url = reverse("actions:round_create", args=[plan.slug])
    response = client.post(
        url, {"name": "Q1 2026–27", "starts_on": "2026-04-01", "due_on": "2026-06-30"}
    )
    round = ReportingRound.objects.get()
    assert response.url == round.get_absolute_url()
    assert round.history.first().history_user == officer
    again = client.post(url, {"name": "Q1 2026–27"})
    assertContains(again, "already has a reporting round with that name")


def test_partner_leads_cannot_open_rounds(client, police_lead, plan):
    verified_login(client, police_lead)
    url = reverse("actions:round_create", args=[plan.slug])
    assert client.post(url, {"name": "Q1"}).status_code == 403
    client.logout()
    assert client.post(url, {"name": "Q1"}).url.startswith(reverse("login"))
    assert not ReportingRound.objects.exists()


def test_the_round_lists_missing_and_overdue_actions(
    client,
    executive,
    make_action,
    make_partner,
    make_round,
    make_update,
    django_assert_num_queries,
):
    round = make_round("Q2", due_on=datetime.date(2020, 1, 1))
    reported = make_action(leads=[make_partner()])
    make_update(reported, round=round, state="submitted")
    drafted = make_action(leads=[make_partner()])
    make_update(drafted, round=round, state="draft")
    silent = make_action(leads=[make_partner()])
    make_action(status="complete")  # finished actions are not expected to report
    verified_login(client, executive)
    url = reverse("actions:round_detail", args=[round.pk])
    # session, user, its two-factor device, the partnership, round, permissions, missing actions,
    # their leads, the leads still owing
    with django_assert_num_queries(9):
        response = client.get(url)
    assert [a.pk for a in response.context["missing"]] == [drafted.pk, silent.pk]
    assert response.context["is_overdue"]
    assertContains(response, "Overdue")
    make_action(leads=[make_partner()])
    with django_assert_num_queries(9):
        client.get(url)


def test_the_round_list_counts_reports(client, officer, plan, make_round, make_action, make_update):
    round = make_round("Q2")
    make_update(make_action(), round=round, state="published")
    make_action()
    verified_login(client, officer)
    response = client.get(reverse("actions:round_list", args=[plan.slug]))
    assertContains(response, "1 of 2")
