"""Fixtures for the real-browser tests (test_browser.py): the system Chromium.

The browser tests' `reference_data` fixture (transactional, so the live server thread
sees the data) lives in test_browser.py itself, so that the other tests of this folder
keep the fast, rolled-back `reference_data` of ccm/conftest.py."""

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive the system Chromium (Playwright's own browser download is not available)."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }
