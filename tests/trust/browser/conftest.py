"""The browser tests' Chromium and axe-core fixtures, shared with tests/browser/."""

import pytest

from tests.browser.conftest import (
    CHROMIUM,
    axe_violations,
    browser_type_launch_args,
    missing_chromium_is_an_error,
)

__all__ = ["axe_violations", "browser_type_launch_args"]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    missing_chromium_is_an_error()
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}: apt-get install chromium")
    for item in items:
        if "tests/trust/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(skip)
