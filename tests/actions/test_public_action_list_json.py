import pytest
from django.urls import reverse

from actions.models import ProgressUpdate, Status
from public import opendata
from tests.actions.public_rows import LATEST_ROUND, OLDER_ROUND, add_public_rows
from themes.models import Plan

pytestmark = pytest.mark.django_db


def url(plan, query=""):
    return reverse("public:action_list_json", args=[plan.slug]) + query


def test_it_needs_no_sign_in(client, plan):
    response = client.get(url(plan))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_a_draft_plan_is_not_found(client, make_plan):
    assert client.get(url(make_plan(state=Plan.State.DRAFT))).status_code == 404


def test_it_describes_the_plan_and_the_filters_used(client, plan, request):
    add_public_rows(request, 3)
    data = client.get(url(plan, "?status=at_risk&page=2")).json()
    assert data["plan"]["slug"] == plan.slug
    assert data["plan"]["title"] == plan.title
    assert data["filters"] == {
        "q": "",
        "theme": "",
        "lead": "",
        "priority": "",
        "status": "at_risk",
    }
    assert data["count"] == 2


def test_each_action_has_the_documented_keys_and_its_published_updates(client, plan, request):
    add_public_rows(request, 1)
    action = client.get(url(plan)).json()["actions"][0]
    assert list(action) == [*opendata.COLUMN_NAMES, "updates"]
    assert action["lead_partners"] == [f"Organisation {plan.pk}-1 Team 1"]
    assert action["priorities"] == ["1. Priority 1"]
    assert action["status"] == Status.AT_RISK
    assert action["updated_in_latest_round"] is True
    assert [update["round"] for update in action["updates"]] == [LATEST_ROUND, OLDER_ROUND]
    assert list(action["updates"][0]) == [name for name, meaning in opendata.UPDATE_FIELDS]
    assert action["updates"][0]["partner"] == f"Organisation {plan.pk}-1 Team 1"
    assert action["updates"][0]["public_summary"] == "Published summary 1 of the latest round."


def test_it_holds_no_internal_text(client, plan, make_action, make_update, make_user):
    action = make_action(contact_name="Prudence Privately")
    author = make_user("zz-secret-author")
    make_update(
        action,
        state=ProgressUpdate.State.PUBLISHED,
        narrative="Internal narrative words",
        public_summary="Public words",
        review_comment="Officer comment words",
        next_steps="Internal next steps",
        author=author,
    )
    make_update(action, state=ProgressUpdate.State.DRAFT, public_summary="Draft words")
    text = client.get(url(plan)).content.decode()
    assert "Public words" in text
    for private in [
        "Prudence",
        "Internal narrative",
        "Officer comment",
        "next steps",
        "zz-secret-author",
        "Draft words",
    ]:
        assert private not in text


def test_invalid_filters_are_refused_with_the_reason(client, plan):
    response = client.get(url(plan, "?status=lost"))
    assert response.status_code == 400
    assert response.json()["errors"]["status"][0]["message"] == "Choose a status from the list."


def test_its_query_count_does_not_grow_with_rows(
    client, plan, public_rows, django_assert_num_queries
):
    # plan, latest round, rows (+ plan, theme, last round), their leads, priorities,
    # published updates (+ round, partner); filter choices are read only to validate a
    # chosen theme, lead or priority
    with django_assert_num_queries(7):
        response = client.get(url(plan))
    assert response.json()["count"] == len(public_rows)
