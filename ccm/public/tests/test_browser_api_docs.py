"""The API documentation page works under the content security policy, offline."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .browser import reference_data, watch_errors

__all__ = ["reference_data"]


def test_swagger_ui_renders_without_csp_violations(page: Page, live_server, reference_data):
    errors = watch_errors(page)
    requested: list[str] = []
    page.on("request", lambda req: requested.append(req.url))
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.locator("#swagger-ui .opblock").first).to_be_visible(timeout=15_000)
    expect(page.locator("#swagger-ui")).to_contain_text("/api/v1/deadlines")
    assert errors == []
    outside = [u for u in requested if not u.startswith((live_server.url, "data:"))]
    assert outside == []
