"""What an import would do to a plan: create, change, unchanged, unknown names, problems."""

import datetime

import pytest

from actions.imports import CREATE, NewPartner, NewTheme, import_preview, parse_rows, read_table
from actions.models import ProgressUpdate, Status
from tests.actions.import_files import csv_bytes, row

pytestmark = pytest.mark.django_db


def preview_of(plan, rows, **options):
    parsed = parse_rows(read_table(csv_bytes(rows)))
    return import_preview(plan=plan, parsed=parsed, **options)


@pytest.fixture
def police(make_partner):
    return make_partner("Bedfordshire Police")


@pytest.fixture
def public_health(make_partner):
    council = make_partner("Luton Council")
    return make_partner("Public Health", slug="luton-council-public-health", parent=council)


@pytest.fixture
def existing(plan, make_theme, make_action, make_round, make_update, police):
    theme = make_theme(1)
    theme.title = "Violence"
    theme.save()
    action = make_action(
        1, theme=theme, leads=[police], text="Action 1.", due_on=datetime.date(2026, 3, 31)
    )
    make_update(
        action,
        round=make_round("Q1", plan=plan),
        narrative="Started.",
        public_summary="Started.",
        status=Status.NOT_RECORDED,
        state=ProgressUpdate.State.PUBLISHED,
    )
    return action


def test_it_sorts_actions_into_create_change_and_unchanged(plan, existing, make_action, police):
    make_action(2, theme=existing.theme, text="Action 2.", leads=[police])
    make_action(9, theme=existing.theme)
    rows = [
        row(1, theme="1. Violence", leads="Bedfordshire Police", due="31/03/2026",
            round="Q1", narrative="Started."),
        row(2, theme="1", text="Action 2, rewritten."),
        row(3, theme="Violence", round="Q2", narrative="New."),
    ]  # fmt: skip
    preview = preview_of(plan, rows)
    assert preview.problems == []
    assert [a.parsed.number for a in preview.unchanged] == [1]
    assert [(a.parsed.number, a.changes) for a in preview.changes] == [
        (2, ["Action", "Lead partners"])
    ]
    assert [a.parsed.number for a in preview.creates] == [3]
    assert [r.name for r in preview.new_rounds] == ["Q2"]
    assert preview.not_in_file == 1
    assert preview.can_confirm


def test_changed_progress_is_named_by_its_round(plan, existing):
    rows = [
        row(1, theme="1. Violence", leads="Bedfordshire Police", due="31/03/2026",
            status="On track", round="Q1", narrative="Started well."),
        row(1, theme="1. Violence", leads="Bedfordshire Police", due="31/03/2026",
            status="On track", round="Q2", narrative="Going."),
    ]  # fmt: skip
    [change] = preview_of(plan, rows).changes
    assert change.changes == ["Status", "Progress for Q1", "Progress for Q2 (new)"]


def test_unknown_partners_are_listed_with_their_rows_and_closest_match(plan, police):
    rows = [
        row(1, leads="Bedfordshire Polise; Victims Hub"),
        row(2, leads="Victims Hub"),
    ]
    preview = preview_of(plan, rows)
    polise, hub = preview.unknown_partners
    assert (polise.name, polise.rows, polise.suggestion) == ("Bedfordshire Polise", [2], police)
    assert (hub.name, hub.rows, hub.suggestion, hub.can_create) == (
        "Victims Hub",
        [2, 3],
        None,
        True,
    )
    assert [u.name for u in preview.unresolved] == [
        "Bedfordshire Polise",
        "Victims Hub",
        "1. Violence",
    ]
    assert not preview.can_confirm


def test_partners_are_found_by_full_name_whatever_the_case(plan, public_health, make_theme):
    make_theme(1)
    preview = preview_of(plan, [row(1, theme="1", leads="luton council  PUBLIC health")])
    assert preview.unknown_partners == []
    assert preview.creates[0].leads == [public_health]


def test_a_name_several_partners_share_must_be_mapped(plan, make_partner, make_theme):
    make_theme(1)
    first = make_partner("Housing", slug="housing")
    make_partner("Housing", slug="housing-team", parent=make_partner("Luton"))
    make_partner("Luton Housing", slug="luton-housing-top")
    preview = preview_of(plan, [row(1, theme="1", leads="Luton Housing; Housing")])
    assert [u.name for u in preview.unknown_partners] == ["Luton Housing"]
    assert "2 partners have this name" in preview.unknown_partners[0].reason
    assert preview.unknown_partners[0].can_create is False
    assert preview.creates[0].leads[1] == first


def test_the_officers_choices_resolve_unknown_names(plan, police, make_theme):
    theme = make_theme(1)
    rows = [row(1, theme="1. Something else", leads="Bedfordshire Polise; Victims Hub")]
    keys = {"bedfordshire polise": str(police.pk), "victims hub": CREATE}
    preview = preview_of(
        plan, rows, partner_mapping=keys, theme_mapping={"1. something else": theme.pk}
    )
    [planned] = preview.creates
    assert planned.leads[0] == police
    assert isinstance(planned.leads[1], NewPartner)
    assert planned.theme == theme
    assert preview.can_confirm


def test_a_theme_whose_number_is_taken_cannot_be_created(plan, make_theme):
    make_theme(1)
    preview = preview_of(plan, [row(1, theme="1. Something else")], default=CREATE)
    [unknown] = preview.unknown_themes
    assert unknown.reason == "theme 1 of this plan is “Theme 1”."
    assert unknown.choice is None


def test_new_themes_keep_their_numbers_and_titles_alone_come_after(plan, make_theme):
    make_theme(1)
    rows = [row(1, theme="4. Hate crime"), row(2, theme="Reducing re-offending")]
    preview = preview_of(plan, rows, default=CREATE)
    assert [str(u.choice) for u in preview.unknown_themes] == [
        "4. Hate crime",
        "5. Reducing re-offending",
    ]
    assert all(isinstance(u.choice, NewTheme) for u in preview.unknown_themes)


def test_an_unpublished_update_in_the_round_stops_the_import(plan, existing, make_update):
    update = existing.updates.get()
    update.state = ProgressUpdate.State.SUBMITTED
    update.save()
    rows = [row(1, theme="1", round="Q1", narrative="Overwritten?")]
    [problem] = preview_of(plan, rows).problems
    assert str(problem) == (
        "Row 2, column “Round”: action 1 already has an update for the round “Q1” that is not "
        "published (Submitted): publish it or send it back in the portal first, or leave this "
        "round's progress out of the file."
    )


def test_the_preview_reads_the_plan_in_nine_queries_however_many_rows(
    plan, existing, make_action, make_partner, make_round, django_assert_num_queries
):
    for number in range(2, 6):
        make_action(number, theme=existing.theme, leads=[make_partner()])
    make_round("Q2", plan=plan)
    parsed = parse_rows(
        read_table(
            csv_bytes(
                [
                    row(n, theme="1", leads="Bedfordshire Police", round=r, narrative="x")
                    for n in range(1, 8)
                    for r in ("Q1", "Q2")
                ]
            )
        )
    )
    # partners (+parent), themes, rounds, actions, their leads, their own updates, their
    # documents; account holders' and contacts' names for the identifying-words check
    with django_assert_num_queries(9):
        preview = import_preview(plan=plan, parsed=parsed)
    assert len(preview.actions) == 7
