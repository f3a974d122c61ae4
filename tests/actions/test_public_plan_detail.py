import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import Status
from tests.actions.public_rows import LATEST_ROUND, add_public_rows
from themes.models import Plan, Priority

pytestmark = pytest.mark.django_db


def url(plan):
    return reverse("public:plan_detail", args=[plan.slug])


def test_it_needs_no_sign_in(client, plan):
    assert client.get(url(plan)).status_code == 200


def test_a_draft_plan_is_not_found(client, make_plan):
    draft = make_plan("A draft plan nobody may read yet", state=Plan.State.DRAFT)
    response = client.get(url(draft))
    assert response.status_code == 404
    assertNotContains(response, "A draft plan nobody may read yet", status_code=404)


def test_it_shows_themes_leads_status_counts_and_priorities(client, plan, request):
    add_public_rows(request, 3)
    Priority.objects.filter(plan=plan, number=2).update(title="Tackling violence")
    response = client.get(url(plan))
    assertContains(response, f'<h1 class="govuk-heading-xl">{plan.title}</h1>', html=False)
    assertContains(response, "2. Theme 2")
    assertContains(response, f"Organisation {plan.pk}-3")
    assertContains(response, str(Status.AT_RISK.label))
    assertContains(response, "Tackling violence")


def test_it_shows_how_many_actions_were_updated_in_the_latest_round(client, plan, request):
    add_public_rows(request, 3)
    response = client.get(url(plan))
    assertContains(
        response,
        f"<strong>2 of 3</strong> actions were updated in the latest round, {LATEST_ROUND}.",
        html=False,
    )
    assertContains(response, "marked “Not updated since”")


def test_it_says_when_nothing_has_been_published(client, plan, make_action):
    make_action()
    assertContains(client.get(url(plan)), "No progress has been published for this plan yet.")


def test_it_links_to_the_actions_statements_feed_and_download(client, plan):
    response = client.get(url(plan))
    for name in ["action_list", "statement_list", "plan_feed", "action_list_csv"]:
        assertContains(response, f'href="{reverse(f"public:{name}", args=[plan.slug])}"')


def test_an_archived_plan_says_it_is_an_archive(client, make_plan):
    archived = make_plan("Year two business plan 2018–19", state=Plan.State.ARCHIVED)
    assertContains(client.get(url(archived)), "kept as an archive")


def test_its_query_count_does_not_grow_with_rows(
    client, plan, public_rows, django_assert_num_queries
):
    # plan, latest round, themes, their leads, status counts, actions updated in the
    # latest round by theme, priorities
    with django_assert_num_queries(8):
        response = client.get(url(plan))
    assertContains(response, f"Priority {len(public_rows)}")
