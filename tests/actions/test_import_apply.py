"""Writing an import: all or nothing, only what differs, with the importer in the history."""

import datetime

import pytest

from actions.import_services import ImportRefused, plan_import_apply
from actions.imports import CREATE, read_table
from actions.models import Action, ActionLead, ProgressUpdate, ReportingRound, Status
from tests.actions.import_files import HEADINGS, csv_bytes, row
from themes.models import Partner, Plan, Theme, ThemeLead

pytestmark = pytest.mark.django_db

HISTORY_MODELS = [Action, ActionLead, ProgressUpdate, ReportingRound, Partner, Theme, ThemeLead]


def history_rows():
    return sum(model.history.count() for model in HISTORY_MODELS)


def apply(
    plan,
    rows,
    user=None,
    partners=None,
    themes=None,
    publish=True,
    publish_flagged=False,
    **options,
):
    return plan_import_apply(
        plan=plan,
        rows=read_table(csv_bytes(rows, **options)),
        user=user,
        partner_mapping=partners or {},
        theme_mapping=themes if themes is not None else {"1. violence": CREATE},
        source="plan.csv",
        publish=publish,
        publish_flagged=publish_flagged,
    )


@pytest.fixture
def police(make_partner):
    return make_partner("Bedfordshire Police")


@pytest.fixture
def fire(make_partner):
    return make_partner("Bedfordshire Fire and Rescue")


ROWS = [
    row(1, leads="Bedfordshire Police; Bedfordshire Fire and Rescue", role="Manager",
        due="31/03/2026", status="On track", round="Q1", narrative="Started."),
    row(1, leads="Bedfordshire Police; Bedfordshire Fire and Rescue", role="Manager",
        due="31/03/2026", status="On track", round="Q2", narrative="Going well."),
    row(3, leads="Bedfordshire Fire and Rescue", status="Complete"),
]  # fmt: skip


def test_it_creates_the_actions_their_leads_and_published_progress(plan, officer, police, fire):
    outcome = apply(plan, ROWS, user=officer)
    assert (outcome.created, outcome.changed, outcome.unchanged) == (2, 0, 0)
    assert outcome.themes == ["1. Violence"]
    assert outcome.rounds == ["Q1", "Q2"]
    first = Action.objects.get(plan=plan, number=1)
    assert first.theme.title == "Violence"
    assert [link.partner for link in first.lead_links.all()] == [police, fire]
    assert (first.lead_role, first.due_on, first.status) == (
        "Manager",
        datetime.date(2026, 3, 31),
        Status.ON_TRACK,
    )
    updates = first.updates.order_by("round__name")
    assert [(u.round.name, u.narrative, u.public_summary, u.state, u.partner) for u in updates] == [
        ("Q1", "Started.", "Started.", "published", None),
        ("Q2", "Going well.", "Going well.", "published", None),
    ]
    assert first.public_status == Status.ON_TRACK
    assert first.last_published_round.name == "Q2"
    assert Action.objects.get(plan=plan, number=3).status == Status.COMPLETE


def test_the_history_records_the_importer_and_the_file(plan, officer, police, fire):
    apply(plan, ROWS, user=officer)
    action = Action.objects.get(plan=plan, number=1)
    record = action.history.earliest()
    assert record.history_user == officer
    assert record.history_change_reason == "Imported from plan.csv"
    assert ActionLead.history.filter(history_user=officer).count() == 3
    assert ProgressUpdate.history.first().history_user == officer
    assert ReportingRound.history.first().history_change_reason == "Imported from plan.csv"


def test_importing_the_same_file_again_changes_nothing(plan, officer, police, fire):
    apply(plan, ROWS, user=officer)
    before = history_rows()
    outcome = apply(plan, ROWS, user=officer)
    assert (outcome.created, outcome.changed, outcome.unchanged) == (0, 0, 2)
    assert history_rows() == before


def test_a_changed_file_changes_only_what_differs(plan, officer, police, fire):
    apply(plan, ROWS, user=officer)
    before = history_rows()
    changed = [list(r) for r in ROWS]
    changed[2][3] = "Bedfordshire Police"
    outcome = apply(plan, changed, user=officer)
    assert (outcome.created, outcome.changed, outcome.unchanged) == (0, 1, 1)
    action = Action.objects.get(plan=plan, number=3)
    assert [link.partner for link in action.lead_links.all()] == [police]
    # one lead link deleted, one created
    assert history_rows() == before + 2


def test_columns_left_out_keep_what_the_plan_has(plan, officer, police, fire):
    apply(plan, ROWS, user=officer)
    update = ProgressUpdate.objects.get(action__number=1, round__name="Q1")
    update.public_summary = "Written for residents."
    update.save()
    rows = [["1. Violence", "1", "Action 1, renamed.", "Q1", "Started again."]]
    headings = ["Theme", "Number", "Action", "Round", "Progress narrative"]
    apply(plan, rows, user=officer, headings=headings)
    action = Action.objects.get(plan=plan, number=1)
    assert action.text == "Action 1, renamed."
    assert action.lead_role == "Manager"
    assert [link.partner for link in action.lead_links.all()] == [police, fire]
    update.refresh_from_db()
    assert (update.narrative, update.public_summary) == ("Started again.", "Written for residents.")


def test_unknown_partners_are_created_or_mapped_as_chosen(plan, officer, police):
    rows = [row(1, leads="Bedfordshire Polise; Victim’s Hub")]
    partners = {"bedfordshire polise": str(police.pk), "victim's hub": CREATE}
    apply(plan, rows, user=officer, partners=partners)
    hub = Partner.objects.get(name="Victim’s Hub")
    assert (hub.slug, hub.parent) == ("victims-hub", None)
    assert hub.history.first().history_user == officer
    action = Action.objects.get(plan=plan, number=1)
    assert [link.partner for link in action.lead_links.all()] == [police, hub]
    assert not Partner.objects.filter(name="Bedfordshire Polise").exists()


def test_a_new_partner_gets_a_slug_no_other_has(plan, make_partner):
    make_partner("Elsewhere", slug="victims-hub")
    apply(plan, [row(1, leads="Victims Hub")], partners={"victims hub": CREATE})
    assert Partner.objects.get(name="Victims Hub").slug == "victims-hub-2"


def test_an_unknown_name_without_a_choice_saves_nothing(plan):
    with pytest.raises(ImportRefused, match="Choose what to do with the lead partner “Nobody”"):
        apply(plan, [row(1, leads="Nobody")])
    assert not Theme.objects.exists()
    assert not Action.objects.exists()


def test_a_problem_in_the_file_saves_nothing(plan, police):
    rows = [row(1, leads="Bedfordshire Police"), row(2, due="31/02/2026")]
    with pytest.raises(ImportRefused, match="Row 3, column “Due date”"):
        apply(plan, rows)
    assert not Action.objects.exists()


def test_a_rule_broken_while_saving_undoes_the_whole_import(plan, officer, make_theme):
    theme = make_theme(1)
    Action.objects.create(plan=plan, theme=theme, number=2, text="Two", starts_on="2026-06-01")
    rows = [
        ["1", "1", "One"],
        ["1", "2", "Two", "31/03/2026"],  # due before the start the plan already has
    ]
    headings = ["Theme", "Number", "Action", "Due date"]
    with pytest.raises(ImportRefused, match="action 2: .*cannot be due before it starts"):
        apply(plan, [r + [""] * (4 - len(r)) for r in rows], user=officer, headings=headings)
    assert list(Action.objects.values_list("number", flat=True)) == [2]


def test_it_imports_into_a_plan_of_its_own_only(plan, make_plan, make_theme, make_action):
    other = make_plan()
    make_action(1, theme=make_theme(1, plan=other), text="Elsewhere.")
    apply(plan, [row(1)])
    assert Action.objects.get(plan=other, number=1).text == "Elsewhere."
    assert Action.objects.get(plan=plan, number=1).text == "Action 1."
    assert Plan.objects.count() == 2


def test_a_changed_summary_with_flagged_words_is_held_for_review(plan, officer, police, fire):
    headings = [*HEADINGS, "Public summary"]
    leads = "Bedfordshire Police; Bedfordshire Fire and Rescue"
    first = [row(1, leads=leads, round="Q1", narrative="Started.") + ["Started."]]
    apply(plan, first, user=officer, headings=headings)
    flagged = [row(1, leads=leads, round="Q1", narrative="Started.") + ["Mr Khan was arrested."]]

    outcome = apply(plan, flagged, user=officer, headings=headings)

    update = ProgressUpdate.objects.get(action__number=1, round__name="Q1")
    assert (update.state, update.public_summary) == ("submitted", "Mr Khan was arrested.")
    assert outcome.held == ["action 1, Q1"]
    assert Action.objects.get(number=1).last_published_round is None
    # The same file again leaves the held update to the review.
    assert apply(plan, flagged, user=officer, headings=headings).held == []


def test_a_changed_narrative_keeps_a_published_summary_public(plan, officer, police, fire):
    headings = [*HEADINGS, "Public summary"]
    leads = "Bedfordshire Police; Bedfordshire Fire and Rescue"
    summary = "Mr Khan thanked the patrols."
    apply(plan, [row(1, leads=leads, round="Q1", narrative="A.") + [summary]], user=officer,
          headings=headings, publish_flagged=True)  # fmt: skip
    apply(plan, [row(1, leads=leads, round="Q1", narrative="B.") + [summary]], user=officer,
          headings=headings)  # fmt: skip
    update = ProgressUpdate.objects.get(action__number=1)
    assert (update.state, update.narrative) == ("published", "B.")


def test_progress_the_officer_did_not_choose_to_publish_waits_for_review(plan, officer, police):
    rows = [row(1, leads="Bedfordshire Police", round="Q1", narrative="Started.")]
    outcome = apply(plan, rows, user=officer, publish=False)
    update = ProgressUpdate.objects.get(action__number=1)
    assert (update.state, update.submitted_at is not None) == ("submitted", True)
    assert outcome.held == ["action 1, Q1"]
    assert Action.objects.get(number=1).last_published_round is None
    assert not ProgressUpdate.objects.published().exists()
