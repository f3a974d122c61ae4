import pytest
from django.template import Context, Template

from indicators.models import Indicator
from themes.models import Commitment, ResidentStatement

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load indicators %}" + source).render(Context(context))


def theme_indicators(theme):
    """The theme page's indicators, as its view reads and its template renders them."""
    indicators = Indicator.objects.public_for_theme(theme)
    return render("{% indicator_summary indicators %}", indicators=indicators)


@pytest.fixture
def commitments(plan):
    statement = ResidentStatement.objects.create(plan=plan, position=1, text="We want to feel safe")
    return [
        Commitment.objects.create(statement=statement, position=n, text=f"Commitment {n}")
        for n in (1, 2, 3)
    ]


def test_a_theme_page_shows_its_public_indicators_in_three_queries(
    make_theme, make_indicator, add_figures, add_target, django_assert_num_queries
):
    theme = make_theme()
    for n in range(3):
        indicator = make_indicator(f"Public {n}", themes=[theme])
        add_figures(indicator, {"2025-01": 10, "2025-02": 10 - n})
        add_target(indicator, "2025-12-31", "9")
    make_indicator("Private one", themes=[theme], is_public=False)
    make_indicator("Elsewhere", themes=[make_theme()])
    # indicators (+owner), their totals, their targets
    with django_assert_num_queries(3):
        html = theme_indicators(theme)
    assert html.count('class="csp-indicator-summary__item"') == 3
    assert "Private one" not in html
    assert "Elsewhere" not in html
    assert "Latest: 8 incidents (February 2025)." in html
    assert "Meets its target of 9 incidents." in html
    assert "Not yet at its target of 9 incidents." in html


def test_an_indicator_without_figures_says_so(make_theme, make_indicator):
    theme = make_theme()
    make_indicator("Fewer people seriously injured", themes=[theme])
    assert "No figures yet." in theme_indicators(theme)


def test_a_theme_without_public_indicators_renders_nothing(make_theme, make_indicator):
    theme = make_theme()
    make_indicator(themes=[theme], is_public=False)
    assert theme_indicators(theme).strip() == ""


def test_the_you_said_page_gets_every_commitments_indicators_in_four_queries(
    plan, commitments, make_indicator, add_figures, django_assert_num_queries
):
    first, second, third = commitments
    shared = make_indicator("Shared", commitments=[first, second])
    add_figures(shared, {"2025-01": 3})
    make_indicator("Second only", commitments=[second])
    make_indicator("Private", commitments=[third], is_public=False)
    source = (
        "{% for commitment in commitments %}[{{ commitment.position }}]"
        "{% indicator_summary by_commitment|for_commitment:commitment %}{% endfor %}"
    )
    # links, indicators (+owner), totals, targets
    with django_assert_num_queries(4):
        by_commitment = Indicator.objects.public_by_commitment(plan)
        html = render(source, by_commitment=by_commitment, commitments=commitments)
    part_one, part_two, part_three = (
        html.split("[1]")[1].split("[2]")[0],
        *html.split("[2]")[1].split("[3]"),
    )
    assert "Shared" in part_one and "Second only" not in part_one
    assert "Shared" in part_two and "Second only" in part_two
    assert "Private" not in part_three
