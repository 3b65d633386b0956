"""Fixtures for the real-browser tests: the system Chromium, and the reference data
committed to the test database so that the live server (another thread) sees it."""

import pytest
from django.conf import settings

from ccm.states import importer

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


@pytest.fixture
def reference_data(transactional_db):
    """The real reference files, loaded by the real importer (idempotent) and committed,
    so the live server thread sees them. The transactional teardown flushes them again."""
    importer.load(settings.CCM_DATA_DIR)
    return settings.CCM_DATA_DIR
