import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from actions.models import Action
from themes.models import Plan, Priority, Theme

pytestmark = pytest.mark.django_db


def inline_management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_the_admin_refuses_a_duplicate_number_naming_the_rule(admin_client, plan):
    Priority.objects.create(plan=plan, number=1, title="Serious violence")
    response = admin_client.post(
        reverse("admin:themes_priority_add"),
        {"plan": plan.pk, "number": 1, "title": "Again", "description": ""},
    )
    assertContains(response, "This plan already has a priority with that number.")
    assert Priority.objects.count() == 1


def test_a_plan_with_a_broken_inline_is_not_half_saved(admin_client):
    data = {
        "title": "New plan",
        "slug": "new-plan",
        "start_year": "2026",
        "end_year": "2030",
        "state": "draft",
        "summary": "",
        **inline_management("themes", 2),
        "themes-0-number": "1",
        "themes-0-title": "Violence",
        "themes-1-number": "1",
        "themes-1-title": "Also number one",
        **inline_management("priorities", 0),
    }
    response = admin_client.post(reverse("admin:themes_plan_add"), data)
    assert response.status_code == 200
    assertContains(response, "Please correct the duplicate")
    assert not Plan.objects.exists()
    assert not Theme.objects.exists()


def test_the_admin_refuses_a_plan_that_ends_before_it_starts(admin_client):
    data = {
        "title": "Backwards",
        "slug": "backwards",
        "start_year": "2030",
        "end_year": "2026",
        "state": "draft",
        "summary": "",
        **inline_management("themes", 0),
        **inline_management("priorities", 0),
    }
    response = admin_client.post(reverse("admin:themes_plan_add"), data)
    assertContains(response, "A plan cannot end before it starts.")
    assert not Plan.objects.exists()


def test_every_admin_change_list_opens_with_the_seed_plans(
    admin_client, django_assert_max_num_queries
):
    from io import StringIO

    from django.core.management import call_command

    call_command("load_seed_plans", stdout=StringIO())
    for model in ["partner", "plan", "theme", "priority", "residentstatement"]:
        assert admin_client.get(reverse(f"admin:themes_{model}_changelist")).status_code == 200
    for model in ["action", "reportinground", "progressupdate"]:
        with django_assert_max_num_queries(15):
            response = admin_client.get(reverse(f"admin:actions_{model}_changelist"))
        assert response.status_code == 200
    # Looked up, not assumed to be pk 1: PostgreSQL's sequences do not restart between tests.
    action = Action.objects.get(plan__slug="business-plan-2018-19", number=1)
    action_page = admin_client.get(reverse("admin:actions_action_change", args=[action.pk]))
    assertContains(action_page, "Kate Delaney")  # officers see the private contact
