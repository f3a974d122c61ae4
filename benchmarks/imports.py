"""How long a spreadsheet import of many actions takes: preview and confirm.

    DB_NAME= .venv/bin/python -m benchmarks.imports --rows 5000

Builds a CSV of ROWS actions (each with a lead partner and a progress update), runs the
preview twice (reading and comparing) and the confirmation into a new, empty plan, all on a
fresh test database, and prints the seconds each took.
"""

import argparse
import os
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csp_portal.settings")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    django.setup()
    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    runner = get_runner(settings)(verbosity=0)
    old = runner.setup_databases()
    try:
        run(args.rows)
    finally:
        runner.teardown_databases(old)


def run(rows):
    import csv
    import io

    from actions.import_services import plan_import_apply
    from actions.imports import CREATE, import_preview, parse_rows, read_table
    from themes.models import Partner, Plan

    for n in range(10):
        Partner.objects.create(name=f"Partner {n}", slug=f"partner-{n}")
    plan = Plan.objects.create(title="Benchmark", slug="benchmark", start_year=2025, end_year=2026)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        ["No.", "Key actions", "Lead agency", "Due date", "Status", "Round", "Progress"]
    )
    for n in range(1, rows + 1):
        if n % 500 == 1:
            writer.writerow([f"Theme {n // 500 + 1}", "", "", "", "", "", ""])
        writer.writerow(
            [
                f"{n}.",
                f"Action {n}.",
                f"Partner {n % 10}",
                "31/03/2026",
                "On track",
                "Q1",
                f"Progress on action {n}.",
            ]
        )
    data = buffer.getvalue().encode()

    started = time.perf_counter()
    table = read_table(data)
    preview = import_preview(plan=plan, parsed=parse_rows(table), default=CREATE)
    preview_seconds = time.perf_counter() - started
    assert not preview.problems, preview.problems[:3]
    themes = {item.key: CREATE for item in preview.unknown_themes}
    started = time.perf_counter()
    outcome = plan_import_apply(
        plan=plan, rows=table, user=None, partner_mapping={}, theme_mapping=themes, publish=True
    )
    confirm_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = import_preview(plan=plan, parsed=parse_rows(read_table(data)))
    repeat_seconds = time.perf_counter() - started
    print(f"rows: {rows}; created: {outcome.created}")
    print(f"preview (read, parse, compare with an empty plan): {preview_seconds:.2f} s")
    print(f"confirm (everything written, with history): {confirm_seconds:.2f} s")
    print(
        f"preview again (compare with the {len(again.unchanged)} imported actions): "
        f"{repeat_seconds:.2f} s"
    )


if __name__ == "__main__":
    main()
