"""Browser tests: a real headless Chromium (Debian's package) driven by Playwright.

Run directly with pytest, they skip, saying why, when no Chromium is installed; `make test`
installs it first (scripts/system-packages), and under CI a missing Chromium is an error.
"""

import os
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in the test's thread; Django's live_server and
# ORM calls from the test are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def skip_without_chromium(items, folder):
    """Skip the tests under `folder` when no Chromium is installed; under CI the browser
    tests must run, so there a missing Chromium is an error."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI") == "true":
        raise pytest.UsageError(f"No Chromium at {CHROMIUM}: run scripts/system-packages as root.")
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if folder in str(item.path).replace(os.sep, "/"):
            item.add_marker(skip)


def pytest_collection_modifyitems(config, items):
    skip_without_chromium(items, "tests/browser/")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def axe_violations():
    """Run axe-core's WCAG 2.2 AA rules on the page; return a readable list of violations."""
    axe = Axe()

    def check(page):
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        return [
            f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} elements, "
            f"first: {violation['nodes'][0]['html'][:200]})"
            for violation in results.response["violations"]
        ]

    return check
