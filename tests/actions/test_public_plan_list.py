import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from themes.models import Plan

pytestmark = pytest.mark.django_db


def test_it_needs_no_sign_in(client, plan):
    assert client.get(reverse("public:plan_list")).status_code == 200


def test_it_lists_the_current_plan_and_the_archive_but_no_draft(client, plan, make_plan):
    make_plan("Year two business plan 2018–19", start_year=2018, end_year=2019)
    make_plan("A draft plan nobody may read yet", state=Plan.State.DRAFT)
    response = client.get(reverse("public:plan_list"))
    assertContains(response, plan.title)
    assertContains(response, "Earlier plans (archive)")
    assertContains(response, "Year two business plan 2018–19</a> (2018–19)", html=False)
    assertNotContains(response, "A draft plan nobody may read yet")


@pytest.mark.parametrize("rows", [3, 6])
def test_its_query_count_does_not_grow_with_rows(
    client, plan, make_plan, django_assert_num_queries, rows
):
    for n in range(rows):
        make_plan(f"Earlier plan {n}", start_year=2010 + n, end_year=2011 + n)
    # public plans
    with django_assert_num_queries(2):
        response = client.get(reverse("public:plan_list"))
    assertContains(response, f"Earlier plan {rows - 1}")
