from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from public import opendata
from themes.models import Plan

pytestmark = pytest.mark.django_db

DOCS = Path(settings.BASE_DIR) / "docs" / "open-data.md"


def test_it_needs_no_sign_in(client):
    assert client.get(reverse("public:open_data")).status_code == 200


def test_it_links_each_public_plans_downloads_and_feed(client, plan, make_plan):
    draft = make_plan(state=Plan.State.DRAFT, slug="secret-draft-plan")
    response = client.get(reverse("public:open_data"))
    for name in ["action_list_csv", "action_list_json", "plan_feed"]:
        assertContains(response, f'href="{reverse(f"public:{name}", args=[plan.slug])}"')
    assertNotContains(response, draft.slug)


def test_it_explains_every_column(client):
    response = client.get(reverse("public:open_data"))
    for name, _meaning in [*opendata.COLUMNS, *opendata.UPDATE_FIELDS]:
        assertContains(response, f"<code>{name}</code>")


def test_the_documentation_describes_every_column_in_order():
    text = DOCS.read_text()
    columns = text.split("## Columns")[1].split("### CSV")[0]
    positions = [columns.index(f"| `{name}` |") for name in opendata.COLUMN_NAMES]
    assert positions == sorted(positions)
    update_keys = text.split("### JSON")[1]
    for name, _meaning in opendata.UPDATE_FIELDS:
        assert f"| `{name}` |" in update_keys


@pytest.mark.parametrize("rows", [3, 6])
def test_its_query_count_does_not_grow_with_rows(
    client, make_plan, django_assert_num_queries, rows
):
    for n in range(rows):
        make_plan(f"Plan {n}")
    # public plans
    with django_assert_num_queries(2):
        response = client.get(reverse("public:open_data"))
    assertContains(response, f"Plan {rows - 1}")
