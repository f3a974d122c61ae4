import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from indicators.models import IndicatorValue
from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def edit_url(value):
    return reverse("indicators:value_edit", args=[value.indicator.slug, value.pk])


def delete_url(value):
    return reverse("indicators:value_delete", args=[value.indicator.slug, value.pk])


@pytest.fixture
def value(make_indicator, add_figures):
    return add_figures(make_indicator(), {"2025-03": 10})[0]


def test_anonymous_users_cannot_correct_a_figure(client, value):
    response = client.post(edit_url(value), {"period_start": "2025-03", "figure": "11"})
    assert response.url.startswith(reverse("login"))
    value.refresh_from_db()
    assert value.figure == 10


def test_partner_leads_of_other_partners_cannot_correct_a_figure(client, partner_lead, value):
    verified_login(client, partner_lead)
    response = client.post(edit_url(value), {"period_start": "2025-03", "figure": "11"})
    assert response.status_code == 403


def test_a_correction_is_saved_and_the_old_figure_kept_in_history(client, officer, value):
    verified_login(client, officer)
    assertContains(client.get(edit_url(value)), 'value="2025-03"')
    response = client.post(edit_url(value), {"period_start": "2025-03", "figure": "11"})
    assertRedirects(response, reverse("indicators:value_list", args=[value.indicator.slug]))
    value.refresh_from_db()
    assert value.figure == 11
    newest, oldest = value.history.all()[:2]
    assert newest.history_user == officer
    assert oldest.figure == 10


def test_a_figure_is_deleted_after_confirmation(client, officer, value):
    verified_login(client, officer)
    assertContains(client.get(delete_url(value)), "Delete the figure for March 2025?")
    response = client.post(delete_url(value))
    assertRedirects(response, reverse("indicators:value_list", args=[value.indicator.slug]))
    assert not IndicatorValue.objects.exists()
    assert IndicatorValue.history.filter(history_type="-").get().history_user == officer


def test_others_cannot_delete_a_figure(client, partner_lead, value):
    verified_login(client, partner_lead)
    assert client.post(delete_url(value)).status_code == 403
    assert IndicatorValue.objects.exists()


def test_the_figures_page_lists_every_figure_in_constant_queries(
    client, officer, make_indicator, add_figures, add_target, django_assert_num_queries
):
    indicator = make_indicator()
    add_figures(indicator, {"2025-01": 1, "2025-02": 2})
    add_figures(indicator, {"2025-02": 1}, breakdown="Ward A")
    add_target(indicator, "2025-12-31", "1")
    verified_login(client, officer)
    url = reverse("indicators:value_list", args=[indicator.slug])
    # session, user, its two-factor device, the partnership, indicator (+owner), permissions, figure
    # count, figures page, targets
    with django_assert_num_queries(9):
        response = client.get(url)
    assertContains(response, "Ward A")
    add_figures(indicator, {"2024-01": 1, "2024-02": 2, "2024-03": 3})
    add_target(indicator, "2026-12-31", "1")
    with django_assert_num_queries(9):
        client.get(url)
