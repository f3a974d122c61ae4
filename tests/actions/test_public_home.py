import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import Status
from public.views import pages as public
from tests.actions.public_rows import LATEST_ROUND, add_public_rows
from themes.models import Plan

pytestmark = pytest.mark.django_db


def test_it_needs_no_sign_in(client, plan):
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    assertContains(response, '<html lang="en-gb"')


def test_it_says_what_the_partnership_is_and_who_sits_on_its_executive(client, plan, make_partner):
    make_partner("Bedfordshire Fire and Rescue", is_on_executive=True)
    make_partner("A charity not on the Executive")
    response = client.get(reverse("public:home"))
    assertContains(response, "brings together the council, the police")
    assertContains(response, "The CSP Executive")
    assertContains(response, "Bedfordshire Fire and Rescue")
    assertNotContains(response, "A charity not on the Executive")


def test_it_shows_the_current_plans_themes_with_leads_and_counts_by_status(client, plan, request):
    add_public_rows(request, 3)
    response = client.get(reverse("public:home"))
    assertContains(response, "1. Theme 1")
    assertContains(response, f"Organisation {plan.pk}-2")
    # Actions 1 and 3 were last updated "at risk" in the latest round, action 2 "on track".
    assertContains(response, f"Updated in {LATEST_ROUND}")
    assertContains(response, "<strong>2 of 3</strong> actions were updated", html=False)


def test_it_links_to_everything(client, plan, make_plan):
    archive = make_plan("Year two business plan 2018–19", state=Plan.State.ARCHIVED)
    response = client.get(reverse("public:home"))
    for url in [
        plan.get_absolute_url(),
        reverse("public:statement_list", args=[plan.slug]),
        reverse("public:action_list", args=[plan.slug]),
        reverse("public:plan_list"),
        reverse("public:open_data"),
        archive.get_absolute_url(),
    ]:
        assertContains(response, f'href="{url}"')


def test_it_never_shows_a_draft_plan(client, plan, make_plan):
    make_plan("A draft plan nobody may read yet", state=Plan.State.DRAFT)
    assertNotContains(client.get(reverse("public:home")), "A draft plan nobody may read yet")


def test_it_works_before_any_plan_is_current(client, make_plan):
    make_plan(state=Plan.State.DRAFT)
    assertContains(client.get(reverse("public:home")), "has not published a current plan")


def test_its_query_count_does_not_grow_with_rows(
    client, plan, public_rows, make_partner, make_plan, django_assert_num_queries
):
    rows = len(public_rows)
    for n in range(rows):
        make_partner(f"Executive member {n}", is_on_executive=True)
        make_plan(f"Earlier plan {n}")
    # current plan, Executive, earlier plans, themes, their leads, status counts,
    # latest round, actions updated in it by theme
    with django_assert_num_queries(9):
        response = client.get(reverse("public:home"))
    assertContains(response, f"Theme {rows}")
    assertContains(response, str(Status.AT_RISK.label))


def test_it_lists_only_the_newest_earlier_plans_and_links_to_all(client, plan, make_plan):
    for year in range(2000, 2012):
        make_plan(f"Plan {year}", start_year=year, end_year=year + 1)
    response = client.get(reverse("public:home"))
    assert response.context["earlier_plans"][0].title == "Plan 2011"
    assert len(response.context["earlier_plans"]) == public.HOME_EARLIER_PLANS
    assert b"Plan 2000" not in response.content
    assertContains(response, f'href="{reverse("public:plan_list")}"')
