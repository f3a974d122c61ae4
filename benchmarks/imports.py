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
    import tempfile

    from django.conf import settings
    from django.test.utils import get_runner, setup_test_environment

    setup_test_environment()
    # The upload waits in private storage between the preview and the confirmation.
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="import-bench-")
    # As in the tests: no collectstatic manifest is needed to render a page.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
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
    pages = _through_the_pages(data)
    print(f"rows: {rows}; created: {outcome.created}")
    for step, seconds in pages.items():
        print(f"{step} (through the pages, into another empty plan): {seconds:.2f} s")
    print(f"preview (read, parse, compare with an empty plan): {preview_seconds:.2f} s")
    print(f"confirm (everything written, with history): {confirm_seconds:.2f} s")
    print(
        f"preview again (compare with the {len(again.unchanged)} imported actions): "
        f"{repeat_seconds:.2f} s"
    )


def _through_the_pages(data):
    """Seconds of the upload, the preview page and the confirmation, as an officer's browser
    sends them, into a second empty plan."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    from tests.html_forms import page_forms
    from tests.signing_in import verified_login
    from themes.models import Plan

    plan = Plan.objects.create(title="Pages", slug="pages", start_year=2025, end_year=2026)
    officer = get_user_model().objects.create_user("bench-officer")
    officer.groups.add(Group.objects.get(name="CSP officers"))
    client = Client()
    verified_login(client, officer)
    timings = {}
    started = time.perf_counter()
    client.post(
        reverse("actions:plan_import_upload", args=[plan.slug]),
        {"file": SimpleUploadedFile("plan.csv", data, "text/csv")},
        secure=True,
    )
    timings["upload"] = time.perf_counter() - started
    started = time.perf_counter()
    page = client.get(reverse("actions:plan_import_preview", args=[plan.slug]), secure=True)
    assert page.status_code == 200, (page.status_code, page.get("Location"))
    timings["preview page"] = time.perf_counter() - started
    form = next(
        f for f in page_forms(page.content.decode()) if f["attrs"].get("id") == "import-form"
    )
    posted = {}
    for name, value in form["fields"]:
        posted.setdefault(name, []).append(value)
    posted["publish"] = ["on"]
    started = time.perf_counter()
    response = client.post(form["attrs"]["action"], posted, secure=True)
    timings["confirm page"] = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    assert plan.actions.count() > 0
    return timings


if __name__ == "__main__":
    main()
