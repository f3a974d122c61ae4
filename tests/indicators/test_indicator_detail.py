import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.signing_in import verified_login
from themes.models import Commitment, ResidentStatement

pytestmark = pytest.mark.django_db


def detail_url(indicator):
    return reverse("indicators:indicator_detail", args=[indicator.slug])


@pytest.fixture
def commitment(plan):
    statement = ResidentStatement.objects.create(
        plan=plan, position=1, text="We want to feel safe in Luton"
    )
    return Commitment.objects.create(
        statement=statement,
        position=1,
        text="Reducing the number of people suffering serious injuries.",
    )


def test_the_public_reads_a_public_indicator_with_chart_table_and_trend(
    client, make_indicator, add_figures, add_target
):
    indicator = make_indicator("Fewer people seriously injured", unit="people")
    add_figures(indicator, {"2025-01": 120, "2025-02": 100, "2025-04": 90})
    add_target(indicator, "2025-12-31", "95")
    response = client.get(detail_url(indicator))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assertContains(response, 'role="img"')
    assertContains(
        response, "<title>Fewer people seriously injured, January 2025 to April 2025</title>"
    )
    assertContains(response, 'class="csp-chart__target"')
    # The chart breaks where February–April has no March figure: two lines.
    assert html.count('class="csp-chart__line"') == 2
    assertContains(response, "April 2025 (90 people) compared with February 2025 (100 people).")
    assertContains(response, "The periods in between have no figure")
    assertContains(
        response, '<strong class="csp-trend csp-trend--better">Better</strong>', html=True
    )
    assertContains(response, "Target met")
    assertContains(response, '<th scope="row" class="govuk-table__header">March 2025</th>', count=0)
    assertContains(
        response, '<th scope="row" class="govuk-table__header">April 2025</th>', html=True
    )
    assertNotContains(response, "Enter a figure")
    assert 'style="' not in html


def test_an_indicator_without_figures_says_so_and_draws_no_chart(client, make_indicator):
    indicator = make_indicator()
    response = client.get(detail_url(indicator))
    assertContains(response, "No figures have been recorded yet.")
    assertContains(response, "No data")
    assertNotContains(response, "<svg")


def test_the_public_cannot_see_a_private_indicator(client, make_indicator):
    indicator = make_indicator(is_public=False)
    assert client.get(detail_url(indicator)).status_code == 404


def test_executive_members_read_private_indicators(client, executive, make_indicator):
    indicator = make_indicator(is_public=False)
    verified_login(client, executive)
    response = client.get(detail_url(indicator))
    assertContains(response, "This indicator is not public")
    assertNotContains(response, "Enter a figure")


def test_members_of_the_owning_partner_see_it_and_may_enter_figures(
    client, make_user, make_partner, make_indicator
):
    council = make_partner("Luton Council")
    public_health = make_partner("Public Health", parent=council, slug="public-health")
    indicator = make_indicator(is_public=False, owner=public_health)
    verified_login(client, make_user(partners=[council]))
    assertContains(client.get(detail_url(indicator)), "Enter a figure")
    verified_login(client, make_user(partners=[make_partner("Bedfordshire Police")]))
    assert client.get(detail_url(indicator)).status_code == 404


def test_it_shows_what_it_is_linked_to(client, make_indicator, make_theme, make_action, commitment):
    theme = make_theme()
    theme.title = "Violence and exploitation"
    theme.save()
    action = make_action(theme=theme, text="Run the violence reduction programme.")
    indicator = make_indicator(themes=[theme], commitments=[commitment], actions=[action])
    response = client.get(detail_url(indicator))
    assertContains(response, "Reducing the number of people suffering serious injuries.")
    assertContains(response, "1. Violence and exploitation")
    assertContains(response, "Run the violence reduction programme.")


def test_links_to_draft_plans_are_hidden_from_the_public(
    client, executive, make_indicator, make_plan, make_theme
):
    draft_theme = make_theme(plan=make_plan(state="draft"))
    draft_theme.title = "Drafted theme"
    draft_theme.save()
    indicator = make_indicator(themes=[draft_theme])
    assertNotContains(client.get(detail_url(indicator)), "Drafted theme")
    verified_login(client, executive)
    assertContains(client.get(detail_url(indicator)), "Drafted theme")


def test_the_page_shows_the_latest_breakdown(client, make_indicator, add_figures):
    indicator = make_indicator()
    add_figures(indicator, {"2025-01": 10, "2025-02": 12})
    add_figures(indicator, {"2025-01": 3}, breakdown="Luton 001A")
    add_figures(indicator, {"2025-02": 7}, breakdown="Luton 001A")
    add_figures(indicator, {"2025-02": 5}, breakdown="Luton 002B")
    response = client.get(detail_url(indicator))
    assertContains(response, "Broken down, February 2025")
    assertContains(response, "Luton 002B")


def test_the_query_count_does_not_grow_with_figures_or_links(
    client,
    executive,
    make_indicator,
    make_theme,
    make_action,
    make_partner,
    commitment,
    add_figures,
    add_target,
    django_assert_num_queries,
):
    themes = [make_theme(), make_theme(), make_theme()]
    actions = [make_action(theme=theme) for theme in themes]
    indicator = make_indicator(
        owner=make_partner(), themes=themes, actions=actions, commitments=[commitment]
    )
    add_figures(indicator, {"2024-10": 1, "2024-11": 2, "2024-12": 3})
    add_figures(indicator, {"2024-12": 3}, breakdown="Ward A")
    add_target(indicator, "2025-12-31", "2")
    verified_login(client, executive)
    # session, user, permissions, indicator (+owner), whether
    # the user belongs to the owner, totals, targets, latest breakdown period, breakdown
    # figures, themes, priorities, commitments, actions
    with django_assert_num_queries(14):
        client.get(detail_url(indicator))
    add_figures(indicator, {f"2023-{month:02d}": month for month in range(1, 13)})
    add_figures(indicator, {"2024-12": 4}, breakdown="Ward B")
    add_target(indicator, "2026-12-31", "1")
    indicator.themes.add(make_theme())
    with django_assert_num_queries(14):
        client.get(detail_url(indicator))
