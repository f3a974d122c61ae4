import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ProgressUpdate, Status
from tests.actions.public_rows import add_public_rows
from themes.models import Plan

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def plan_feed(plan):
    return reverse("public:plan_feed", args=[plan.slug])


def theme_feed(theme):
    return reverse("public:theme_feed", args=[theme.plan.slug, theme.number])


def entries(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_they_need_no_sign_in(client, make_theme):
    theme = make_theme()
    assert client.get(plan_feed(theme.plan)).status_code == 200
    assert client.get(theme_feed(theme)).status_code == 200


def test_a_draft_plans_feeds_are_not_found(client, make_plan, make_theme):
    theme = make_theme(plan=make_plan(state=Plan.State.DRAFT))
    assert client.get(plan_feed(theme.plan)).status_code == 404
    assert client.get(theme_feed(theme)).status_code == 404


def test_the_plan_feed_lists_published_updates_newest_first(client, plan, request):
    add_public_rows(request, 3)
    feed = entries(client.get(plan_feed(plan)))
    # Three in the older round, two (actions 1 and 3) in the latest, newest first.
    assert [entry.find(f"{ATOM}title").text for entry in feed] == [
        "Action 1: Public action text 1. – At risk (Q2 2025–26)",
        "Action 3: Public action text 3. – At risk (Q2 2025–26)",
        "Action 1: Public action text 1. – On track (Q1 2025–26)",
        "Action 2: Public action text 2. – On track (Q1 2025–26)",
        "Action 3: Public action text 3. – On track (Q1 2025–26)",
    ]
    first = feed[0]
    update = ProgressUpdate.objects.get(public_summary="Published summary 1 of the latest round.")
    assert "Published summary 1 of the latest round." in first.find(f"{ATOM}summary").text
    assert first.find(f"{ATOM}link").get("href") == (
        f"http://testserver{update.action.get_absolute_url()}#update-{update.pk}"
    )
    assert first.find(f"{ATOM}author/{ATOM}name").text == f"Organisation {plan.pk}-1 Team 1"


def test_the_theme_feed_lists_only_its_own_actions(client, plan, request):
    first, second = add_public_rows(request, 2)
    feed = entries(client.get(theme_feed(second.theme)))
    assert [entry.find(f"{ATOM}title").text for entry in feed] == [
        "Action 2: Public action text 2. – On track (Q1 2025–26)"
    ]


def test_only_published_updates_and_only_their_public_summary_appear(
    client, plan, make_action, make_update
):
    action = make_action()
    published_at = timezone.now()
    for state in ["draft", "submitted", "returned"]:
        make_update(action, state=state, public_summary=f"{state} words", published_at=published_at)
    make_update(
        action,
        state=ProgressUpdate.State.PUBLISHED,
        narrative="Internal words",
        public_summary="Public <b>words</b>",
        review_comment="Comment words",
        published_at=published_at,
    )
    response = client.get(plan_feed(plan))
    [entry] = entries(response)
    assert (
        entry.find(f"{ATOM}summary").text
        == '<p class="govuk-body">Public &lt;b&gt;words&lt;/b&gt;</p>'
    )
    text = response.content.decode()
    for private in ["draft words", "submitted words", "returned words", "Internal", "Comment"]:
        assert private not in text


def test_updates_without_a_publication_date_are_left_out(client, plan, make_action, make_update):
    make_update(make_action(), state=ProgressUpdate.State.PUBLISHED, public_summary="Undated")
    make_update(
        make_action(),
        state=ProgressUpdate.State.PUBLISHED,
        status=Status.COMPLETE,
        public_summary="Dated",
        published_at=timezone.make_aware(datetime.datetime(2025, 9, 3, 12)),
    )
    [entry] = entries(client.get(plan_feed(plan)))
    assert "Dated" in entry.find(f"{ATOM}summary").text
    assert entry.find(f"{ATOM}published").text == "2025-09-03T11:00:00+00:00"


def test_the_plan_feeds_query_count_does_not_grow_with_rows(
    client, plan, public_rows, django_assert_num_queries
):
    rows = len(public_rows)
    # plan, updates (+ action, its plan and theme, round, partner)
    with django_assert_num_queries(3):
        response = client.get(plan_feed(plan))
    assert len(entries(response)) == rows + (rows + 1) // 2


def test_the_theme_feeds_query_count_does_not_grow_with_rows(
    client, plan, make_theme, public_rows, django_assert_num_queries
):
    rows = len(public_rows)
    theme = make_theme()
    for action in public_rows:
        action.theme = theme
        action.save(update_fields=["theme"])
    page = theme_feed(theme)
    # theme (+ plan), updates (+ action, its plan and theme, round, partner)
    with django_assert_num_queries(3):
        response = client.get(page)
    assert len(entries(response)) == rows + (rows + 1) // 2


@pytest.mark.parametrize("page", ["plan_detail", "action_list", "theme_detail"])
def test_the_pages_with_a_feed_announce_it_in_their_head(client, make_theme, page):
    theme = make_theme()
    plan = theme.plan
    if page == "theme_detail":
        url, feed = (
            reverse("public:theme_detail", args=[plan.slug, theme.number]),
            theme_feed(theme),
        )
    else:
        url, feed = reverse(f"public:{page}", args=[plan.slug]), plan_feed(plan)
    html = client.get(url).content.decode()
    head = html[: html.index("</head>")]
    assert '<link rel="alternate" type="application/atom+xml"' in head
    assert f'href="{feed}"' in head
