import datetime

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from indicators.models import IndicatorValue
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def create_url(indicator):
    return reverse("indicators:value_create", args=[indicator.slug])


def test_anonymous_users_are_sent_to_sign_in(client, make_indicator):
    indicator = make_indicator()
    response = client.post(create_url(indicator), {"period_start": "2025-03", "figure": "5"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not IndicatorValue.objects.exists()


def test_users_outside_the_owning_partner_are_refused(
    client, partner_lead, executive, make_indicator, make_partner
):
    indicator = make_indicator(owner=make_partner("Luton Council"))
    for user in (partner_lead, executive):
        verified_login(client, user)
        response = client.post(create_url(indicator), {"period_start": "2025-03", "figure": "5"})
        assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_officers_enter_a_figure_and_history_records_who(client, officer, make_indicator):
    indicator = make_indicator(unit="incidents")
    verified_login(client, officer)
    assert client.get(create_url(indicator)).status_code == 200
    response = client.post(
        create_url(indicator), {"period_start": "2025-03", "breakdown": "", "figure": "1,234"}
    )
    assertRedirects(
        response,
        reverse("indicators:value_list", args=[indicator.slug]),
        fetch_redirect_response=False,
    )
    value = IndicatorValue.objects.get()
    assert value.period_start == datetime.date(2025, 3, 1)
    assert value.figure == 1234
    assert value.frequency == "monthly"
    assert value.history.first().history_user == officer
    assertContains(client.get(response.url), "Saved 1,234 for March 2025.")


def test_members_of_the_owners_organisation_may_enter_figures(
    client, make_user, make_partner, make_indicator
):
    council = make_partner("Luton Council")
    public_health = make_partner("Public Health", parent=council, slug="public-health")
    indicator = make_indicator(owner=public_health, frequency="quarterly", is_public=False)
    member = make_user(partners=[council])
    verified_login(client, member)
    response = client.post(create_url(indicator), {"period_start": "2025-Q2", "figure": "7.5"})
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert value.period_start == datetime.date(2025, 4, 1)
    assert value.history.first().history_user == member


def test_a_second_figure_for_the_same_period_is_refused_with_a_clear_message(
    client, officer, make_indicator, add_figures
):
    indicator = make_indicator()
    add_figures(indicator, {"2025-03": 10})
    verified_login(client, officer)
    response = client.post(create_url(indicator), {"period_start": "2025-03", "figure": "12"})
    assert response.status_code == 200
    assertContains(response, "already has a figure for that period and breakdown")
    assert IndicatorValue.objects.get().figure == 10


def test_bad_input_is_explained_and_shown_back(client, officer, make_indicator):
    indicator = make_indicator(frequency="quarterly")
    verified_login(client, officer)
    response = client.post(create_url(indicator), {"period_start": "2025-02", "figure": "lots"})
    assertContains(response, "“2025-02” is not the start of a period")
    assertContains(response, "“lots” is not a number.")
    assertContains(response, 'value="2025-02"')
    assertContains(response, 'value="lots"')
    assertContains(response, "govuk-error-summary")
    assert not IndicatorValue.objects.exists()


def test_a_figure_for_a_month_that_has_not_begun_is_refused(client, officer, make_indicator):
    indicator = make_indicator(unit="incidents")
    verified_login(client, officer)
    june = f"{datetime.date.today().year + 1}-06"
    response = client.post(create_url(indicator), {"period_start": june, "figure": "5"})
    assert response.status_code == 200
    assertContains(response, "has not begun yet: a figure can only be for a period that has")
    assert not IndicatorValue.objects.exists()


def test_a_negative_count_is_refused(client, officer, make_indicator):
    indicator = make_indicator(unit="incidents")
    verified_login(client, officer)
    response = client.post(create_url(indicator), {"period_start": "2025-03", "figure": "-4"})
    assert response.status_code == 200
    assertContains(response, "-4 is below zero: this indicator counts incidents")
    assert not IndicatorValue.objects.exists()
