"""In a real browser: a focal point signs in, edits their State's record and finds the
change in its history; another State's focal point is refused the same page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from ccm.accounts.models import Role
from ccm.testing.personas import PASSWORD, make_user

from .browser import expect_assets_loaded, reference_data, screenshot, watch_errors

__all__ = ["reference_data"]


def focal_point(username: str, iso3: str):
    return make_user(username, Role.FOCAL_POINT, iso3)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()


def test_focal_point_edits_and_sees_the_history(page: Page, live_server, reference_data):
    focal_point("fp-per", "PER")
    focal_point("fp-nor", "NOR")
    base = live_server.url
    errors = watch_errors(page)

    sign_in(page, base, "fp-per")
    expect(page).to_have_url(f"{base}/edit/PER/")
    expect(page.locator("#account")).to_have_text("fp-per")
    article3 = page.locator("#article-3")
    article3.get_by_role("link", name="Edit the facts").click()
    expect(page).to_have_url(f"{base}/edit/PER/article/3/")
    expect(page.get_by_label("Source")).not_to_have_value("")
    # A rule broken: completion declared before the destruction ended.
    page.get_by_label("Completion declared on").fill("2023-11-30")
    page.get_by_label("Declaration date known to the").select_option("day")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#id_completion_declared_on_error_1")).to_contain_text(
        "completion cannot be declared before it is completed"
    )
    expect(page.locator("#id_source_url_error_1")).to_contain_text("give the source")
    screenshot(page, "edit-validation-error.png")
    # Corrected, with a note: saved.
    page.get_by_label("Completion declared on").fill("2023-12-18")
    page.get_by_label("Source").fill("declared by the State on 18 December 2023")
    page.get_by_label("Notes").fill("Declaration of compliance received on 18 December 2023.")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(f"{base}/edit/PER/")
    expect(page.get_by_role("status")).to_contain_text("Article 3 saved.")

    # The history names the focal point and shows the note before and after.
    page.locator("#article-3").get_by_role("link", name="History of this obligation").click()
    expect(page).to_have_url(re.compile(r"/history/obligations\.obligation/\d+/$"))
    newest = page.locator("#history > li[data-kind=version]").first
    expect(newest.locator("[data-field=user]")).to_have_text("fp-per")
    expect(newest).to_contain_text("editing page")
    expect(newest.locator("table")).to_contain_text("Declaration of compliance received")
    expect(newest.locator("table")).to_contain_text("2023-12-18")
    expect(newest.locator("table")).to_contain_text("declared by the State on 18 December 2023")
    screenshot(page, "edit-history.png")
    expect_assets_loaded(page, errors)
    # the refused submission answered 400 (the form with its errors); nothing else failed
    assert errors == [f"HTTP 400: {base}/edit/PER/article/3/"]

    # Another State's focal point: the same page is "not found", exactly like a wrong URL.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, "fp-nor")
    expect(page).to_have_url(f"{base}/edit/NOR/")
    response = page.goto(f"{base}/edit/PER/article/3/")
    assert response is not None and response.status == 404
    unknown = page.request.get(f"{base}/edit/XXX/article/3/")
    assert unknown.status == 404
    assert page.request.get(f"{base}/history/obligations.obligation/1/").status == 404
