import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from tests.signing_in import verified_login
from themes.models import Plan

pytestmark = pytest.mark.django_db


def test_it_lists_every_plan_the_current_one_first(client, executive, plan, make_plan):
    make_plan("Old plan", start_year=2018, end_year=2019)
    make_plan("Next plan", state=Plan.State.DRAFT, start_year=2028, end_year=2032)
    verified_login(client, executive)
    response = client.get(reverse("reports:dashboard_index"))
    assertContains(response, "<h1", count=1)
    titles = [p.title for p in response.context["page"].object_list]
    assert titles == [plan.title, "Next plan", "Old plan"]
    assertContains(response, reverse("reports:plan_dashboard", args=[plan.slug]))
    assertContains(response, reverse("reports:performance_page", args=[plan.slug]))


def test_the_query_count_does_not_grow_with_plans(
    client, executive, make_plan, django_assert_num_queries
):
    for year in (2016, 2018, 2020):
        make_plan(start_year=year, end_year=year + 1)
    verified_login(client, executive)
    # session, user, its two-factor device, the partnership, permissions, plan count, plans
    with django_assert_num_queries(7):
        client.get(reverse("reports:dashboard_index"))
