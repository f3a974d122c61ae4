import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pytest_django.asserts import assertContains

from themes.models import Plan

pytestmark = pytest.mark.django_db


def test_a_missing_page_gets_the_helpful_404_with_one_heading(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response.content.decode().count("<h1") == 1
    assertContains(response, "Page not found", status_code=404)
    assertContains(response, f'href="{reverse("public:plan_list")}"', status_code=404)
    assertContains(response, '<html lang="en-gb"', status_code=404)
    assertContains(response, "<title>Page not found –", status_code=404)


def test_a_draft_plan_gets_the_same_404(client, make_plan):
    draft = make_plan(state=Plan.State.DRAFT)
    response = client.get(draft.get_absolute_url())
    assertContains(response, "Page not found", status_code=404)


def test_the_500_page_renders_on_its_own():
    html = render_to_string("500.html")
    assert html.count("<h1") == 1
    assert "Sorry, there is a problem with the service" in html
    assert '<html lang="en-gb"' in html
    assert 'href="/static/css/portal.css"' in html
    assert '<meta name="description"' in html
