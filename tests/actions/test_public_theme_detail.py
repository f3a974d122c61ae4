import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from actions.models import ProgressUpdate, Status
from tests.actions.public_rows import LATEST_ROUND, OLDER_ROUND, add_public_rows, rounds_of
from themes.models import Plan

pytestmark = pytest.mark.django_db


def url(theme):
    return reverse("public:theme_detail", args=[theme.plan.slug, theme.number])


def test_it_needs_no_sign_in(client, make_theme):
    assert client.get(url(make_theme())).status_code == 200


def test_a_theme_of_a_draft_plan_is_not_found(client, make_plan, make_theme):
    theme = make_theme(plan=make_plan(state=Plan.State.DRAFT))
    assert client.get(url(theme)).status_code == 404


def test_it_shows_leads_priorities_actions_and_their_status(client, request, plan):
    action = add_public_rows(request, 1)[0]
    response = client.get(url(action.theme))
    assertContains(response, f"Organisation {plan.pk}-1")
    assertContains(response, "1. Priority 1")
    assertContains(response, "Public action text 1.")
    assertContains(response, "Team 1")
    assertContains(response, str(Status.AT_RISK.label))
    assertContains(response, "Residents said 1")


def test_it_shows_the_easy_read_summary_where_there_is_one(client, make_theme):
    theme = make_theme(easy_read_summary="We want fewer people to get hurt.")
    response = client.get(url(theme))
    assertContains(response, "In short")
    assertContains(response, "We want fewer people to get hurt.")
    assertNotContains(client.get(url(make_theme())), "In short")


def test_it_marks_actions_not_updated_in_the_latest_round(client, plan, make_theme, request):
    theme = make_theme()
    fresh, stale = add_public_rows(request, 2)
    for action in (fresh, stale):
        action.theme = theme
        action.save(update_fields=["theme"])
    response = client.get(url(theme))
    assertContains(response, f"Not updated since {OLDER_ROUND}", count=1)
    assertContains(
        response,
        f"<strong>1 of 2</strong> actions was updated in the latest round, {LATEST_ROUND}.",
        html=False,
    )


def test_an_action_with_no_published_update_is_marked_too(
    client, plan, make_action, make_update, request
):
    add_public_rows(request, 1)
    action = make_action()
    make_update(action, round=rounds_of(plan)[1], state=ProgressUpdate.State.SUBMITTED)
    assertContains(client.get(url(action.theme)), "No update published yet")


def test_it_links_to_its_feed_and_filtered_action_list(client, make_theme):
    theme = make_theme()
    response = client.get(url(theme))
    assertContains(response, reverse("public:theme_feed", args=[theme.plan.slug, theme.number]))
    assertContains(
        response, f"{reverse('public:action_list', args=[theme.plan.slug])}?theme={theme.pk}"
    )


def test_its_query_count_does_not_grow_with_rows(
    client, plan, make_theme, public_rows, django_assert_num_queries
):
    theme = make_theme()
    for action in public_rows:
        action.theme = theme
        action.save(update_fields=["theme"])
        action.commitments.first().themes.add(theme)
    # plan, theme, its leads, actions (+ plan, theme, last round), their leads, latest
    # round, commitments (+ statement), priorities, public indicators (none)
    with django_assert_num_queries(10):
        response = client.get(url(theme))
    assertContains(response, f"Public action text {len(public_rows)}.")
