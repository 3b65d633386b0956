"""In a real browser: a focal point drafts an annual Article 7 report, is told what is
missing, submits it, finds the deadline met, amends it and keeps both versions; the report,
once restricted, is gone for the public."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from playwright.sync_api import Page, expect

from ccm.reports.choices import Form

from .browser import expect_assets_loaded, reference_data, screenshot, watch_errors
from .test_browser_editing import focal_point, sign_in

__all__ = ["reference_data"]

# The day the annual report covering 2025 falls due (Art. 7(2): by 30 April): submitted that
# day, it is on time. The clock is frozen (and ticks on) for the whole process, so the live
# server's thread submits on this day too; the reference data was loaded before, on today.
DUE_DAY = datetime(2026, 4, 30, 12, 0, tzinfo=ZoneInfo(settings.TIME_ZONE))


def test_focal_point_submits_and_amends_a_report(
    page: Page, live_server, reference_data, time_machine
):
    time_machine.move_to(DUE_DAY, tick=True)
    year = 2025
    focal_point("fp-per", "PER")
    base = live_server.url
    errors = watch_errors(page)
    sign_in(page, base, "fp-per")
    page.get_by_role("link", name="Article 7 reports").click()
    expect(page).to_have_url(f"{base}/edit/PER/reports/")
    start = page.locator("#start-report")
    start.get_by_label("Report").select_option("annual")
    start.get_by_label("Year covered").select_option(str(year))
    start.get_by_role("button", name="Start the draft").click()
    expect(page).to_have_url(re.compile(r"/edit/PER/reports/\d+/$"))
    draft_url = page.url

    # Submitted too early: every unanswered form is named, nothing is submitted.
    page.get_by_role("button", name="Submit the report").click()
    expect(page.locator("#part-A .part-error")).to_contain_text("is not answered")
    expect(page.locator("#part-J .part-error")).to_have_count(0)  # voluntary
    screenshot(page, "report-validation-error.png")

    # Form B with figures; the others "nothing to report" with a statement.
    page.goto(f"{draft_url}form/B/")
    page.get_by_label("Answer").select_option("answered")
    page.get_by_label("Information").fill("Stockpile of BLU-63 destroyed in full.")
    page.locator("#id_lines-0-kind").select_option("stockpile_declared")
    page.locator("#id_lines-0-label").fill("BLU-63")
    page.locator("#id_lines-0-cluster_munitions").fill("120")
    page.locator("#id_lines-1-kind").select_option("destroyed")
    page.locator("#id_lines-1-label").fill("BLU-63")
    page.locator("#id_lines-1-cluster_munitions").fill("120")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    for form in Form:
        if form in (Form.B, Form.J):
            continue
        page.goto(f"{draft_url}form/{form.value}/")
        if form == Form.A:
            page.get_by_label("Answer").select_option("answered")
            page.get_by_label("Information").fill("Law 30.142 of 2014.")
        else:
            page.get_by_label("Answer").select_option("nothing")
            page.get_by_label("Statement").fill("Peru has nothing to report under this form.")
        page.get_by_role("button", name="Save").click()
        expect(page).to_have_url(draft_url)
    page.get_by_role("button", name="Submit the report").click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    expect(page.locator("#report-status")).to_have_text("submitted")
    expect(page.locator("#part-B")).to_contain_text("120 cluster munitions")
    screenshot(page, "report-submitted.png")

    # The deadline for the year is met: submitted on the day it fell due, on time.
    page.goto(f"{base}/reports/status/?year={year}&state=PER")
    annual = page.locator('tr[data-state="PER"] td[data-col="annual"]')
    expect(annual.locator(".badge")).to_have_attribute("data-status", "on_time")
    expect(annual.locator("time")).to_have_text(["2026-04-30", "2026-04-30"])  # due, submitted

    # Amend: a second version as a draft; the first stays readable.
    page.go_back()
    page.goto(draft_url)
    page.get_by_role("button", name="Amend (start a new version)").click()
    expect(page.get_by_role("status")).to_contain_text("version 2")
    amendment_url = page.url
    page.goto(f"{amendment_url}form/A/")
    page.get_by_label("Information").fill("Law 30.142 of 2014, amended in 2025.")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Submit the report").click()
    expect(page.locator("#versions li")).to_have_count(2)
    expect(page.locator("#part-A")).to_contain_text("amended in 2025")
    page.locator("#versions li").first.get_by_role("link").click()
    expect(page.locator("#part-A")).not_to_contain_text("amended in 2025")
    first_version = page.url

    # Restricted: the State's choice for every version; the public no longer sees it.
    page.goto(amendment_url)
    page.locator("#report-visibility").get_by_label("Visibility").select_option("restricted")
    page.locator("#report-visibility").get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("every version")
    expect_assets_loaded(page, errors)
    assert [e for e in errors if "HTTP 400" not in e] == []
    page.get_by_role("button", name="Sign out").click()
    response = page.goto(first_version)
    assert response is not None and response.status == 404
