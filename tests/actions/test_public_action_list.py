import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import ActionLead, ProgressUpdate, Status
from public.views import pages as public
from tests.actions.public_rows import OLDER_ROUND, add_public_rows, rounds_of
from themes.models import Plan, Priority

pytestmark = pytest.mark.django_db


def url(plan, query=""):
    return reverse("public:action_list", args=[plan.slug]) + query


def test_it_needs_no_sign_in(client, plan):
    assert client.get(url(plan)).status_code == 200


def test_a_draft_plan_is_not_found(client, make_plan):
    assert client.get(url(make_plan(state=Plan.State.DRAFT))).status_code == 404


def test_it_lists_actions_with_theme_leads_status_and_freshness(client, plan, request):
    add_public_rows(request, 2)
    response = client.get(url(plan))
    assertContains(response, "2 actions.")
    assertContains(response, "Public action text 1.")
    assertContains(response, "1. Theme 1")
    assertContains(response, f"Organisation {plan.pk}-1 Team 1")
    assertContains(response, str(Status.AT_RISK.label))
    assertContains(response, f"Not updated since {OLDER_ROUND}", count=1)


def test_search_finds_words_in_the_text_and_in_published_summaries(client, plan, request):
    first, second, third = add_public_rows(request, 3)
    response = client.get(url(plan, "?q=text+2"))
    assertContains(response, "1 action matches your search.")
    assertContains(response, "Public action text 2.")
    response = client.get(url(plan, "?q=summary+3+latest"))
    assertContains(response, "Public action text 3.")
    assertNotContains(response, "Public action text 1.")


def test_search_never_matches_unpublished_or_internal_text(
    client, plan, make_action, make_update, make_round
):
    action = make_action()
    make_update(
        action,
        state=ProgressUpdate.State.SUBMITTED,
        narrative="Zebracrossing narrative",
        public_summary="Zebracrossing summary",
    )
    make_update(
        action,
        state=ProgressUpdate.State.PUBLISHED,
        narrative="Quagmire internal narrative",
        public_summary="Published words",
        review_comment="Okapi comment",
    )
    for word in ["Zebracrossing", "Quagmire", "Okapi"]:
        assertContains(client.get(url(plan, f"?q={word}")), "0 actions match your search.")
    assertContains(client.get(url(plan, "?q=published+words")), "1 action matches")


def test_filters_narrow_by_theme_lead_priority_and_status(client, plan, request):
    first, second, third = add_public_rows(request, 3)
    checks = {
        f"?theme={second.theme.pk}": second,
        f"?lead={ActionLead.objects.get(action=third).partner.pk}": third,
        f"?priority={Priority.objects.get(plan=plan, number=1).pk}": first,
        f"?status={Status.ON_TRACK}": second,
    }
    for query, expected in checks.items():
        response = client.get(url(plan, query))
        assertContains(response, "1 action matches your search.", msg_prefix=query)
        assertContains(response, expected.text, msg_prefix=query)


def test_the_lead_filter_includes_an_organisations_teams(client, plan, request):
    action = add_public_rows(request, 1)[0]
    organisation = ActionLead.objects.get(action=action).partner.parent
    response = client.get(url(plan, f"?lead={organisation.pk}"))
    assertContains(response, "1 action matches your search.")
    assertContains(response, f'<option value="{organisation.pk}" selected>', html=False)


def test_an_invalid_filter_is_explained_and_shown_back(client, plan, request):
    add_public_rows(request, 1)
    response = client.get(url(plan, "?theme=999999&q=kept"))
    assertContains(response, "There is a problem")
    assertContains(response, "Choose a theme from the list.", count=2)
    assertContains(response, 'value="kept"')


def test_filters_are_kept_in_pagination_and_download_links(client, plan, request, monkeypatch):
    monkeypatch.setattr(public, "ACTIONS_PER_PAGE", 2)
    first, *_ = add_public_rows(request, 5)
    response = client.get(url(plan, f"?status={Status.AT_RISK}&page=1"))
    assertContains(response, "3 actions match your search.")
    assertContains(response, f'href="?status={Status.AT_RISK}&amp;page=2"')
    csv_url = reverse("public:action_list_csv", args=[plan.slug])
    json_url = reverse("public:action_list_json", args=[plan.slug])
    assertContains(response, f'href="{csv_url}?status={Status.AT_RISK}"')
    assertContains(response, f'href="{json_url}?status={Status.AT_RISK}"')
    assertContains(response, "Page 1 of 2")


def test_the_title_says_when_the_list_is_searched_and_paged(client, plan, request, monkeypatch):
    monkeypatch.setattr(public, "ACTIONS_PER_PAGE", 2)
    add_public_rows(request, 3)
    response = client.get(url(plan, "?q=text&page=2"))
    assertContains(response, "<title>Actions matching your search (page 2 of 2) –", html=False)


@pytest.mark.parametrize("query", ["", "?q=summary&status=at_risk&page=1"])
def test_its_query_count_does_not_grow_with_rows(
    client, plan, public_rows, make_action, make_update, django_assert_num_queries, query
):
    make_update(make_action(), round=rounds_of(plan)[0], state=ProgressUpdate.State.RETURNED)
    # plan, row count, rows (+ plan, theme, last round), their leads, latest round, and the
    # choices of the theme, lead partner and priority filters
    with django_assert_num_queries(9):
        response = client.get(url(plan, query))
    assertContains(response, "Public action text 1.")


def test_the_filters_choices_are_read_without_server_side_cursors(client, plan, request):
    """On PostgreSQL Django reads a model choice field's choices through a server-side cursor
    (DECLARE, FETCH, CLOSE); the filters read them with one ordinary query each."""
    add_public_rows(request, 3)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("public:action_list", args=[plan.slug]))
    assert response.status_code == 200
    assert b'<option value="' in response.content
    assert not [query for query in queries if query["sql"].startswith("DECLARE")]
