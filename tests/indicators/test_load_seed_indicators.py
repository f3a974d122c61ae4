import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Indicator, IndicatorTarget, IndicatorValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_plans():
    call_command("load_seed_plans", stdout=StringIO())


def load(*args):
    out = StringIO()
    call_command("load_seed_indicators", *args, stdout=out)
    return out.getvalue()


def test_it_ships_the_plans_outcomes_without_figures_or_targets(seed_plans):
    assert load() == "Seed indicators loaded: created 6, changed 0.\n"
    assert set(Indicator.objects.values_list("name", flat=True)) == {
        "Fewer people seriously injured",
        "Less domestic abuse",
        "Fewer drug- and alcohol-related deaths",
        "More people feeling safe in the town",
        "More people feeling safe in the Town Centre",
        "Less antisocial behaviour in the Town Centre",
    }
    assert not IndicatorValue.objects.exists()
    assert not IndicatorTarget.objects.exists()
    assert not Indicator.objects.filter(owner__isnull=False).exists()


def test_each_is_linked_to_the_commitment_whose_words_it_evidences(seed_plans):
    load()
    for indicator in Indicator.objects.all():
        (commitment,) = indicator.commitments.all()
        assert commitment.statement.plan.slug == "csp-plan-2024-2028"
    asb = Indicator.objects.get(slug="antisocial-behaviour-in-the-town-centre")
    assert "anti-social behaviour committed in the Town Centre" in asb.commitments.get().text
    assert sorted(asb.themes.values_list("number", flat=True)) == [5, 6]
    assert asb.lower_is_better
    injured = Indicator.objects.get(slug="people-seriously-injured")
    assert (
        injured.commitments.get().text
        == "Reducing the number of people suffering serious injuries."
    )


def test_loading_again_changes_nothing(seed_plans):
    load()
    history_rows = Indicator.history.count()
    assert load() == "Nothing to do: the database already matches the seed indicators.\n"
    assert Indicator.history.count() == history_rows


def test_it_refuses_to_load_before_the_plans(db):
    with pytest.raises(CommandError, match="run load_seed_plans first"):
        load()
    assert not Indicator.objects.exists()


def test_an_unknown_commitment_loads_nothing(seed_plans, tmp_path):
    path = tmp_path / "seed.json"
    row = {
        "slug": "x",
        "name": "X",
        "counts": "X",
        "source": "",
        "unit": "people",
        "direction": "lower",
        "frequency": "yearly",
        "is_public": True,
        "plan": "csp-plan-2024-2028",
        "themes": [],
        "commitments": [{"statement": 1, "commitment": 9}],
    }
    path.write_text(json.dumps({"indicators": [row]}), encoding="utf-8")
    with pytest.raises(CommandError, match="no commitment 9 under statement 1"):
        load("--file", path)
    assert not Indicator.objects.exists()
