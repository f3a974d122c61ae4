"""The browser tests' Chromium and axe-core fixtures, shared with tests/browser/, and what
the Content-Security-Policy refused on the account pages."""

import pytest

from tests.browser.conftest import axe_violations, browser_type_launch_args, skip_without_chromium

__all__ = ["axe_violations", "browser_type_launch_args"]


def pytest_collection_modifyitems(config, items):
    skip_without_chromium(items, "tests/trust/browser/")


@pytest.fixture
def csp_violations(page):
    """Console messages about anything the Content-Security-Policy refused."""
    messages = []
    page.on(
        "console",
        lambda message: (
            messages.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return messages
