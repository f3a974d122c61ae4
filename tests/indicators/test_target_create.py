import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from indicators.models import IndicatorTarget
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def create_url(indicator):
    return reverse("indicators:target_create", args=[indicator.slug])


def test_anonymous_users_cannot_set_a_target(client, make_indicator):
    response = client.post(create_url(make_indicator()), {"target_on": "2026-03-31", "figure": "9"})
    assert response.url.startswith(reverse("login"))
    assert not IndicatorTarget.objects.exists()


def test_executive_members_cannot_set_a_target(client, executive, make_indicator):
    verified_login(client, executive)
    response = client.post(create_url(make_indicator()), {"target_on": "2026-03-31", "figure": "9"})
    assert response.status_code == 403


def test_officers_set_a_target_and_history_records_who(client, officer, make_indicator):
    indicator = make_indicator()
    verified_login(client, officer)
    response = client.post(create_url(indicator), {"target_on": "2026-03-31", "figure": "90"})
    assertRedirects(response, reverse("indicators:value_list", args=[indicator.slug]))
    target = IndicatorTarget.objects.get()
    assert target.target_on == datetime.date(2026, 3, 31)
    assert target.history.first().history_user == officer


def test_one_target_per_date(client, officer, make_indicator, add_target):
    indicator = make_indicator()
    add_target(indicator, "2026-03-31", "90")
    verified_login(client, officer)
    response = client.post(create_url(indicator), {"target_on": "2026-03-31", "figure": "80"})
    assertContains(response, "already has a target for that date")


def test_a_target_can_be_changed(client, officer, make_indicator, add_target):
    indicator = make_indicator()
    target = add_target(indicator, "2026-03-31", "90")
    verified_login(client, officer)
    url = reverse("indicators:target_edit", args=[indicator.slug, target.pk])
    client.post(url, {"target_on": "2026-03-31", "figure": "85"})
    target.refresh_from_db()
    assert target.figure == 85
