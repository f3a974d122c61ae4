import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.actions.public_rows import add_public_rows
from themes.models import Plan

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(response):
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def test_sitemap_and_robots_need_no_sign_in(client):
    assert client.get(reverse("public:sitemap")).status_code == 200
    assert client.get(reverse("public:robots_txt")).status_code == 200


def test_the_sitemap_lists_every_public_page_but_nothing_of_a_draft_plan(
    client, plan, make_plan, make_theme, make_action
):
    archived = make_plan(state=Plan.State.ARCHIVED)
    action = make_action(theme=make_theme(plan=archived))
    draft_action = make_action(theme=make_theme(plan=make_plan(state=Plan.State.DRAFT)))
    urls = locations(client.get(reverse("public:sitemap")))
    expected = [
        reverse("public:home"),
        reverse("public:plan_list"),
        reverse("public:open_data"),
        plan.get_absolute_url(),
        reverse("public:statement_list", args=[plan.slug]),
        reverse("public:action_list", args=[archived.slug]),
        action.theme.get_absolute_url(),
        action.get_absolute_url(),
    ]
    for path in expected:
        assert f"http://testserver{path}" in urls
    assert not [url for url in urls if draft_action.plan.slug in url]


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_private_pages(client):
    response = client.get(reverse("public:robots_txt"))
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /dashboards/" in lines
    assert "Disallow: /admin/" in lines
    assert "Disallow: /" not in lines


def test_the_sitemaps_query_count_does_not_grow_with_rows(
    client, request, make_plan, public_rows, django_assert_num_queries
):
    rows = len(public_rows)
    add_public_rows(request, rows, plan=make_plan(state=Plan.State.ARCHIVED))
    # plans; themes (+ plan) counted, then listed; actions (+ plan) counted, then listed;
    # public indicators counted, then listed
    with django_assert_num_queries(7):
        response = client.get(reverse("public:sitemap"))
    assert len(locations(response)) == 9 + 2 * 3 + 4 * rows


def test_robots_txt_needs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("public:robots_txt"))
