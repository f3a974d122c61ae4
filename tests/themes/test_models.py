import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from themes.models import Partner, Plan, Priority, ResidentStatement, Theme, ThemeLead

pytestmark = pytest.mark.django_db


def assert_refused(obj, message):
    """The rule is named to the user by full_clean, and the database refuses it anyway."""
    with pytest.raises(ValidationError, match=message):
        obj.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def test_a_plan_cannot_end_before_it_starts():
    plan = Plan(title="Backwards", slug="backwards", start_year=2028, end_year=2024)
    assert_refused(plan, "A plan cannot end before it starts.")


def test_only_one_plan_can_be_current(plan):
    second = Plan(title="Another", slug="another", start_year=2025, end_year=2026, state="current")
    assert_refused(second, "Another plan is already current")


def test_plan_period_reads_like_the_plan_itself(make_plan):
    assert make_plan(start_year=2024, end_year=2028).period == "2024–2028"
    assert make_plan(start_year=2018, end_year=2019).period == "2018–19"
    assert make_plan(start_year=2020, end_year=2020).period == "2020"


def test_theme_numbers_are_unique_within_a_plan(plan, make_theme, make_plan):
    make_theme(1)
    assert_refused(Theme(plan=plan, number=1, title="Duplicate"), "already has a theme with that")
    Theme(plan=make_plan(), number=1, title="Same number, other plan").full_clean()


def test_theme_numbers_start_at_one(plan):
    assert_refused(Theme(plan=plan, number=0, title="Zero"), "Theme numbers start at 1.")


def test_a_partner_leads_a_theme_once(make_theme, make_partner):
    police = make_partner("Bedfordshire Police")
    theme = make_theme(leads=[police])
    assert_refused(ThemeLead(theme=theme, partner=police, position=2), "already leads this theme")


def test_two_leads_cannot_share_a_position(make_theme, make_partner):
    theme = make_theme(leads=[make_partner()])
    duplicate = ThemeLead(theme=theme, partner=make_partner(), position=1)
    assert_refused(duplicate, "cannot share a position")


def test_priority_numbers_are_unique_within_a_plan(plan):
    Priority.objects.create(plan=plan, number=1, title="Serious violence")
    assert_refused(Priority(plan=plan, number=1, title="Again"), "already has a priority")


def test_statement_positions_are_unique_within_a_plan(plan):
    ResidentStatement.objects.create(plan=plan, position=1, text="We want to feel safe")
    assert_refused(
        ResidentStatement(plan=plan, position=1, text="Again"), "already has a statement"
    )


def test_team_names_are_unique_within_their_organisation(make_partner):
    council = make_partner("Luton Council")
    make_partner("Public Health", slug="council-public-health", parent=council)
    duplicate = Partner(name="Public Health", slug="ph-2", parent=council)
    assert_refused(duplicate, "already has a team with that name")
    # Another organisation may have a team of the same name, and so may the top level.
    make_partner("Public Health", slug="public-health")


def test_top_level_organisation_names_are_unique(make_partner):
    make_partner("Bedfordshire Police")
    assert_refused(Partner(name="Bedfordshire Police", slug="police-2"), "already exists")


def test_a_team_is_named_with_its_organisation(make_partner):
    council = make_partner("Luton Council")
    team = make_partner("Public Health", slug="council-ph", parent=council)
    assert str(team) == "Luton Council Public Health"
