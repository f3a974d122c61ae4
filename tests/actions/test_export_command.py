"""manage.py export_plan --plan SLUG [--output FILE] [--format csv|xlsx]."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from actions.imports import read_table

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("export_plan", *args, stdout=out)
    return out.getvalue()


def test_it_writes_csv_to_standard_output(plan, make_action):
    make_action(5, text="Fifth.")
    lines = run("--plan", plan.slug).splitlines()
    assert lines[0].startswith("Theme,Number,Action,")
    assert lines[1].startswith("1. Theme 1,5,Fifth.,")


def test_it_writes_a_workbook_to_a_file(plan, make_action, tmp_path):
    make_action(5)
    output = tmp_path / "plan.xlsx"
    assert run("--plan", plan.slug, "--output", output) == (
        f"Exported 1 actions of {plan.slug} to {output}.\n"
    )
    table = read_table(output.read_bytes())
    assert (table.format, table.rows[0].cells["number"]) == ("xlsx", 5)


def test_a_workbook_needs_a_file(plan):
    with pytest.raises(CommandError, match="needs --output"):
        run("--plan", plan.slug, "--format", "xlsx")


def test_an_unknown_plan_is_named(db):
    with pytest.raises(CommandError, match="There is no plan with the slug “nowhere”."):
        run("--plan", "nowhere")
