"""The import and export start page, and starting a new plan from it."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from tests.signing_in import verified_login
from themes.models import Plan

pytestmark = pytest.mark.django_db

START = reverse("actions:import_start")
CREATE = reverse("actions:import_plan_create")
NEW_PLAN = {"title": "Community Safety Plan", "start_year": "2026", "end_year": "2027"}


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assertRedirects(client.get(START), f"{reverse('login')}?next={START}")


def test_partner_leads_may_not_see_it(client, partner_lead):
    verified_login(client, partner_lead)
    assert client.get(START).status_code == 403


def test_officers_see_every_plan_with_import_and_export_links(
    client, officer, make_plan, make_theme, make_action, django_assert_num_queries
):
    plans = [make_plan(f"Plan {n}", state=Plan.State.DRAFT if n else "archived") for n in range(3)]
    for plan in plans:
        make_action(theme=make_theme(plan=plan))
    verified_login(client, officer)
    # session, user, its two-factor device, the partnership, permissions, plan count, plans (+action
    # count)
    with django_assert_num_queries(7):
        response = client.get(START)
    for plan in plans:
        assertContains(response, reverse("actions:plan_import_upload", args=[plan.slug]))
        assertContains(response, reverse("actions:plan_export", args=[plan.slug, "csv"]))
    assertContains(response, "Start a new plan")
    assertContains(response, "<h1", count=1)


def test_executive_members_see_only_the_exports(client, executive, make_plan):
    plan = make_plan()
    verified_login(client, executive)
    response = client.get(START)
    assertContains(response, reverse("actions:plan_export", args=[plan.slug, "xlsx"]))
    assertNotContains(response, reverse("actions:plan_import_upload", args=[plan.slug]))
    assertNotContains(response, "Start a new plan")


def test_the_navigation_offers_imports_to_officers_only(client, officer, executive):
    verified_login(client, executive)
    assertNotContains(client.get(reverse("public:home")), "Import a plan")
    verified_login(client, officer)
    assertContains(client.get(reverse("public:home")), "Import a plan")


def test_anonymous_visitors_cannot_start_a_plan(client):
    assertRedirects(client.post(CREATE, NEW_PLAN), f"{reverse('login')}?next={CREATE}")
    assert not Plan.objects.exists()


def test_executive_members_cannot_start_a_plan(client, executive):
    verified_login(client, executive)
    assert client.post(CREATE, NEW_PLAN).status_code == 403
    assert not Plan.objects.exists()


def test_officers_start_a_draft_plan_and_go_on_to_upload(client, officer):
    verified_login(client, officer)
    response = client.post(CREATE, NEW_PLAN, follow=True)
    plan = Plan.objects.get()
    assertRedirects(response, reverse("actions:plan_import_upload", args=[plan.slug]))
    assert (plan.slug, plan.state, plan.period) == (
        "community-safety-plan-2026",
        "draft",
        "2026–27",
    )
    assert plan.history.first().history_user == officer
    assertContains(response, "Plan “Community Safety Plan” created as a draft.")


def test_a_second_plan_of_the_same_name_gets_its_own_slug(client, officer):
    verified_login(client, officer)
    client.post(CREATE, NEW_PLAN)
    client.post(CREATE, NEW_PLAN)
    assert sorted(Plan.objects.values_list("slug", flat=True)) == [
        "community-safety-plan-2026",
        "community-safety-plan-2026-2",
    ]


def test_a_plan_that_ends_before_it_starts_is_refused_and_shown_back(client, officer):
    verified_login(client, officer)
    response = client.post(CREATE, {**NEW_PLAN, "end_year": "2020"})
    assertContains(response, "A plan cannot end before it starts.")
    assertContains(response, 'value="Community Safety Plan"')
    assert not Plan.objects.exists()


def test_starting_a_plan_only_accepts_post(client, officer):
    verified_login(client, officer)
    assert client.get(CREATE).status_code == 405
