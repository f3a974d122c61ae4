import pytest
from django.urls import reverse
from django.utils.http import urlencode
from pytest_django.asserts import assertContains

from tests.signing_in import verified_login

pytestmark = pytest.mark.django_db


def url(plan, **params):
    base = reverse("reports:action_list", args=[plan.slug])
    return f"{base}?{urlencode(params)}" if params else base


def numbers(response):
    return [row.number for row in response.context["page"].rows]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [1, 2, 3, 4, 5, 6, 7]),
        ({"missing": "1"}, [3, 4, 5]),
        ({"overdue": "1"}, [2, 5]),
        ({"changed": "1"}, [1, 2, 4, 5]),
        ({"status": "complete"}, [1, 6]),
        ({"missing": "1", "theme": "THEME2"}, [4, 5]),
        ({"lead": "FIRE"}, [3, 4]),
    ],
)
def test_it_lists_the_actions_behind_each_figure(client, scenario, executive, params, expected):
    replace = {"THEME2": scenario.themes[1].pk, "FIRE": scenario.fire.pk}
    params = {key: replace.get(value, value) for key, value in params.items()}
    verified_login(client, executive)
    response = client.get(url(scenario.plan, **params))
    assertContains(response, "<h1", count=1)
    assert numbers(response) == expected


def test_a_frozen_round_lists_what_was_missing_when_it_closed(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(url(scenario.plan, round=scenario.q1.pk, missing="1"))
    assert numbers(response) == [5]
    assertContains(response, "1 action found")


def test_the_download_links_keep_the_filters(client, scenario, executive):
    verified_login(client, executive)
    response = client.get(url(scenario.plan, missing="1", theme=scenario.themes[1].pk))
    csv_url = reverse("reports:action_export_csv", args=[scenario.plan.slug])
    assertContains(response, f'href="{csv_url}?missing=1&amp;theme={scenario.themes[1].pk}"')


def test_the_query_count_does_not_grow_with_actions(
    client, scenario, executive, extra_actions, django_assert_num_queries
):
    verified_login(client, executive)
    # session, user, its two-factor device, the partnership, permissions, plan, rounds, page count,
    # actions (+latest update id), their leads, the latest updates, their authors' partners, their
    # frozen copies, the filter form's choices (themes, lead partners, priorities, rounds, closed
    # rounds)
    with django_assert_num_queries(18):
        response = client.get(url(scenario.plan))
    assert len(response.context["page"].rows) == 7 + extra_actions
