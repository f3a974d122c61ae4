import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db

URL = reverse("indicators:indicator_list")


def test_the_public_sees_only_public_indicators(client, make_indicator):
    make_indicator("Less domestic abuse")
    make_indicator("Internal caseload", is_public=False)
    response = client.get(URL)
    assertContains(response, "Less domestic abuse")
    assertNotContains(response, "Internal caseload")
    assert response.content.decode().count("<h1") == 1


def test_executive_members_see_every_indicator_and_which_are_public(
    client, executive, make_indicator
):
    make_indicator("Internal caseload", is_public=False)
    verified_login(client, executive)
    response = client.get(URL)
    assertContains(response, "Internal caseload")
    assertContains(response, "Every indicator")


def test_partner_members_also_see_their_partners_private_indicators(
    client, make_user, make_partner, make_indicator
):
    police = make_partner("Bedfordshire Police")
    make_indicator("Police caseload", is_public=False, owner=police)
    make_indicator("Council caseload", is_public=False, owner=make_partner("Luton Council"))
    verified_login(client, make_user(partners=[police]))
    response = client.get(URL)
    assertContains(response, "Police caseload")
    assertNotContains(response, "Council caseload")


def test_each_row_shows_latest_figure_direction_and_target(
    client, make_indicator, add_figures, add_target
):
    indicator = make_indicator("Fewer people seriously injured", unit="people")
    add_figures(indicator, {"2025-01": 12, "2025-02": 15})
    add_target(indicator, "2025-12-31", "10")
    response = client.get(URL)
    assertContains(response, "15 people")
    assertContains(response, '<strong class="csp-trend csp-trend--worse">Worse</strong>', html=True)
    assertContains(response, "Not met")


def test_the_query_count_does_not_grow_with_indicators_or_figures(
    client,
    executive,
    make_indicator,
    make_partner,
    make_theme,
    add_figures,
    add_target,
    django_assert_num_queries,
):
    for n in range(3):
        indicator = make_indicator(owner=make_partner(), themes=[make_theme()])
        add_figures(indicator, {"2025-01": n, "2025-02": n + 1})
        add_target(indicator, "2025-12-31", "1")
    verified_login(client, executive)
    # session, user, permissions, count, indicators (+owner),
    # totals, targets
    with django_assert_num_queries(8):
        client.get(URL)
    for n in range(3):
        indicator = make_indicator(owner=make_partner())
        add_figures(indicator, {"2024-12": n, "2025-01": n, "2025-02": n + 1})
    with django_assert_num_queries(8):
        client.get(URL)


def test_the_list_is_paginated(client, make_indicator):
    for n in range(26):
        make_indicator(f"Indicator {n:02d}")
    response = client.get(URL)
    assertContains(response, "Page 1 of 2")
    assertNotContains(response, "Indicator 25")
    assertContains(client.get(URL, {"page": 2}), "Indicator 25")
