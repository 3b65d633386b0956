"""Shared by the browser tests: the live-server reference data, screenshots and error watching."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page

from ccm.reference.loader import load_all

REPO_ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO_ROOT / "test-artifacts"


@pytest.fixture
def reference_data(transactional_db):
    """The real reference files, loaded by the real importer (idempotent) and committed, so
    the live server thread sees them; the transactional teardown flushes the database.

    Overrides ccm/conftest.py's rolled-back fixture in the modules that import it."""
    load_all(settings.CCM_DATA_DIR, today=timezone.localdate())
    return settings.CCM_DATA_DIR


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000, f"{name} looks empty"
    return path


def number(text: str) -> int:
    """An integer shown on a page (tolerates thousands separators and surrounding blanks)."""
    digits = re.sub(r"[\s,.\u00a0\u202f\u066c]", "", text)
    assert digits.isdigit(), f"not a number: {text!r}"
    return int(digits)


def watch_errors(page: Page) -> list[str]:
    """Collects JavaScript errors and failed requests of the page, for assertions.

    The browser's own request for /favicon.ico (the site declares no icon) is not counted,
    nor the console line or the aborted request that only echo an HTTP error already counted.
    """
    errors: list[str] = []

    def on_console(msg) -> None:
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            errors.append(f"console.error: {msg.text}")

    def on_response(res) -> None:
        if res.status >= 400 and not res.url.endswith("/favicon.ico"):
            errors.append(f"HTTP {res.status}: {res.url}")

    def on_request_failed(req) -> None:
        if req.url.endswith("favicon.svg") and "ERR_ABORTED" in str(req.failure):
            return  # the icon's request cut short by a navigation: nothing failed to load
        if not any(e.endswith(f": {req.url}") for e in errors):  # not an HTTP error already counted
            errors.append(f"request failed: {req.url} {req.failure}")

    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", on_console)
    page.on("response", on_response)
    page.on("requestfailed", on_request_failed)
    return errors


def expect_assets_loaded(page: Page, errors: list[str]) -> None:
    """The page's stylesheets and scripts were served and took effect."""
    page.wait_for_load_state("load")
    static_errors = [e for e in errors if "/static/" in e]
    assert static_errors == [], "static files not served:\n" + "\n".join(static_errors)
    # Bootstrap applied: buttons (every page has the language form's) have rounded corners.
    radius = page.evaluate(
        "() => getComputedStyle(document.querySelector('.btn')).borderTopLeftRadius"
    )
    assert radius not in ("", "0px"), "Bootstrap CSS not applied"
