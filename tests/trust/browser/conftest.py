"""The browser tests' Chromium and axe-core fixtures, shared with tests/browser/."""

from tests.browser.conftest import axe_violations, browser_type_launch_args, skip_without_chromium

__all__ = ["axe_violations", "browser_type_launch_args"]


def pytest_collection_modifyitems(config, items):
    skip_without_chromium(items, "tests/trust/browser/")
