"""manage.py import_plan FILE --plan SLUG [--dry-run] [--create-missing] [--user NAME]
[--publish-flagged]."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from actions.imports import MAX_FILE_SIZE
from actions.models import Action, ProgressUpdate
from tests.actions.import_files import csv_bytes, row
from themes.models import Partner, Theme

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("import_plan", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan_file(tmp_path, make_theme, make_partner):
    make_theme(1)
    make_partner("Bedfordshire Police")
    path = tmp_path / "plan.csv"
    path.write_bytes(
        csv_bytes(
            [
                row(1, theme="1", leads="Bedfordshire Police", round="Q1", narrative="Started."),
                row(2, theme="1", leads="Bedfordshire Police"),
            ]
        )
    )
    return path


def test_it_prints_the_preview_and_imports(plan_file, plan):
    output = run(plan_file, "--plan", plan.slug)
    assert "Actions to create: 2" in output
    assert "  create 1: Action 1." in output
    assert "Reporting rounds to create: Q1" in output
    assert "Imported plan.csv into plan-" in output
    assert Action.objects.filter(plan=plan).count() == 2


def test_a_dry_run_saves_nothing(plan_file, plan):
    output = run(plan_file, "--plan", plan.slug, "--dry-run")
    assert output.endswith("Dry run: nothing was saved.\n")
    assert not Action.objects.exists()


def test_running_it_twice_changes_nothing(plan_file, plan):
    run(plan_file, "--plan", plan.slug)
    history = Action.history.count()
    output = run(plan_file, "--plan", plan.slug)
    assert "Actions unchanged: 2" in output
    assert "0 created, 0 changed, 2 unchanged." in output
    assert Action.history.count() == history


def test_the_importer_named_is_in_the_history(plan_file, plan, officer):
    run(plan_file, "--plan", plan.slug, "--user", officer.username)
    assert Action.objects.get(number=1).history.first().history_user == officer


def test_unknown_names_stop_it_unless_they_may_be_created(tmp_path, plan):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([row(1, theme="4. Hate crime", leads="Victims Hub")]))
    with pytest.raises(CommandError) as refused:
        run(path, "--plan", plan.slug)
    message = str(refused.value)
    assert "Nothing was imported: 2 problem(s) (--create-missing creates unknown names)." in message
    assert "Choose what to do with the lead partner “Victims Hub”" in message
    assert not Action.objects.exists()
    output = run(path, "--plan", plan.slug, "--create-missing")
    assert "New lead partner to create: Victims Hub" in output
    assert "New theme to create: 4. Hate crime" in output
    assert Partner.objects.filter(name="Victims Hub").exists()
    assert Theme.objects.get(plan=plan, number=4).title == "Hate crime"


def test_a_bad_file_exits_with_its_problems(tmp_path, plan):
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_bytes([row(1, due="31/13/2026"), row(1)]))
    with pytest.raises(CommandError) as refused:
        run(path, "--plan", plan.slug)
    message = str(refused.value)
    assert "Row 2, column “Due date”: “31/13/2026” is not a date." in message
    assert "Row 3, column “Number”: action 1 is already on row 2." in message
    assert not Action.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path, plan):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(CommandError, match="This file is a PDF document, not a spreadsheet."):
        run(path, "--plan", plan.slug)


def test_a_file_over_5_mb_is_refused_unread(tmp_path, plan):
    path = tmp_path / "plan.csv"
    with path.open("wb") as big:
        big.truncate(MAX_FILE_SIZE + 1)
    with pytest.raises(CommandError, match="larger than 5 MB"):
        run(path, "--plan", plan.slug)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--plan", "nowhere"], "There is no plan with the slug “nowhere”."),
        (["--plan", "{plan}", "--user", "nobody"], "There is no user called “nobody”."),
    ],
)
def test_unknown_plans_and_users_are_named(plan_file, plan, args, message):
    args = [arg.format(plan=plan.slug) for arg in args]
    with pytest.raises(CommandError, match=message):
        run(plan_file, *args)


def test_a_missing_file_is_named(tmp_path, plan):
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.csv", "--plan", plan.slug)


@pytest.fixture
def flagged_file(tmp_path, make_theme, make_partner):
    make_theme(1)
    make_partner("Bedfordshire Police")
    path = tmp_path / "plan.csv"
    path.write_bytes(
        csv_bytes(
            [row(1, theme="1", leads="Bedfordshire Police", round="Q1", narrative="Mr Khan.")]
        )
    )
    return path


def test_flagged_progress_is_held_for_review_unless_the_words_were_checked(flagged_file, plan):
    output = run(flagged_file, "--plan", plan.slug, "--publish")
    assert "Held for review, its public summary may identify someone: action 1, Q1" in output
    update = ProgressUpdate.objects.get()
    assert update.state == "submitted"
    update.delete()
    run(flagged_file, "--plan", plan.slug, "--publish", "--publish-flagged")
    assert ProgressUpdate.objects.get().state == "published"
