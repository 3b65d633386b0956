"""Real-browser tests of the deadlines page, its downloads and a State's obligations.

Driven through the system Chromium by Playwright, like test_browser.py: each test loads the
real reference data into the test database through the real importer, committed
(transactional test), so that the live server thread serves it. Screenshots are saved
under test-artifacts/ at the repository root for a person to look at.

Run: .venv/bin/pytest ccm/public/tests/test_browser_deadlines.py -p no:xdist
(the system Chromium is configured in conftest.py next to this file).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from ccm.exports import tabular
from ccm.exports.tables import DEADLINES

from .browser import expect_assets_loaded, number, reference_data, screenshot, watch_errors

__all__ = ["reference_data"]  # the live-server fixture, used by the tests below

pytestmark = pytest.mark.browser


# Real facts from data/obligations/ and data/ccm_participation.csv.
AS_OF = "2026-11-23"
LAO_DUE = "2025-08-01"  # Art. 4 clearance, extended by 9MSP…
LAO_ORIGINAL_DUE = "2020-08-01"  # …from the original deadline
AWAITING_LABEL = "extension requested, decision not recorded"
BOL_INITIAL_REPORT_DUE = "2014-03-30"


def filter_deadlines(
    page: Page,
    *,
    as_of: str = AS_OF,
    state: str = "",
    article: str = "",
    status: str = "",
    region: str = "",
) -> None:
    """Fills the deadlines form the way a person does and submits it."""
    page.fill("input[name=as_of]", as_of)
    page.fill("input[name=state]", state)
    page.select_option("select[name=article]", value=article)
    page.select_option("select[name=status]", value=status)
    page.select_option("select[name=region]", value=region)
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"/deadlines/\?(.*&)?as_of={as_of}(&|$)"))
    # The form keeps what was asked.
    expect(page.locator("input[name=as_of]")).to_have_value(as_of)
    expect(page.locator("select[name=article]")).to_have_value(article)
    expect(page.locator("select[name=status]")).to_have_value(status)
    expect(page.locator("select[name=region]")).to_have_value(region)


def deadline_rows(page: Page) -> Locator:
    return page.locator("#deadlines tbody tr")


def expect_listed_count(page: Page) -> int:
    """The "N deadlines" heading agrees with the rows of the table; returns N."""
    n = deadline_rows(page).count()
    expect(page.locator("h2#list-h")).to_have_text(re.compile(rf"^\s*{n} deadlines?\s*$"))
    return n


def due_cell(row: Locator) -> Locator:
    """The Due cell of a row of #deadlines (State, Obligation, Due, Status, Explanation)."""
    return row.locator("td").nth(1)


def counts_cell(page: Page, article: str, column: str) -> int:
    """A figure of the #obligation-counts table, its column found by the header text."""
    headers = [t.strip() for t in page.locator("#obligation-counts thead th").all_inner_texts()]
    assert column in headers, headers
    cells = page.locator(f'#obligation-counts tr[data-article="{article}"] > *')
    return number(cells.nth(headers.index(column)).inner_text())


# --------------------------------------------------------------------------- tests


def test_deadlines_filtered_by_article_and_region(page: Page, live_server, reference_data):
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/deadlines/")
    expect(page.locator("input[name=as_of]")).to_have_attribute("type", "date")
    expect(page.locator("#deadlines")).to_have_count(1)

    filter_deadlines(page, article="4", region="asia")
    expect(page).to_have_url(re.compile(r"[?&]article=4(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]region=asia(&|$)"))
    screenshot(page, "deadlines.png")  # taken before the assertions, to see a failure too

    # Lao PDR: Art. 4 clearance due 1 August 2025 (extended by 9MSP from 1 August 2020); a
    # second request considered at 12MSP has no recorded decision.
    lao = page.locator('#deadlines tr[data-state="LAO"][data-obligation="art4.clearance"]')
    expect(lao).to_have_count(1)
    expect(lao).to_have_attribute("data-status", "awaiting_decision")
    expect(lao.locator("th a")).to_have_attribute(
        "href", re.compile(rf"/states/LAO/\?as_of={AS_OF}$")
    )
    expect(lao.locator("td").nth(0)).to_have_text("Art. 4 clearance")
    expect(due_cell(lao).locator("time")).to_have_attribute("datetime", LAO_DUE)
    expect(due_cell(lao).locator("time")).to_have_text(LAO_DUE)
    expect(due_cell(lao).locator(".badge")).to_have_text("extended")
    expect(lao.locator("td").nth(2).locator(".badge")).to_have_text(AWAITING_LABEL)
    explanation = lao.locator("td").nth(3)
    expect(explanation).to_contain_text("9MSP")
    expect(explanation).to_contain_text("12MSP")

    # Only Article 4, only the region's States.
    n = expect_listed_count(page)
    assert n >= 2
    expect(
        page.locator('#deadlines tbody tr:not([data-obligation="art4.clearance"])')
    ).to_have_count(0)
    states = {row.get_attribute("data-state") for row in deadline_rows(page).all()}
    assert "AFG" in states and "CHL" not in states, states

    # The downloads and the calendar carry the same filters.
    for fmt in ("csv", "xlsx"):
        link = page.locator(f'a[href*="format={fmt}"]')
        expect(link).to_have_count(1)
        expect(link).to_have_attribute("href", re.compile(r"article=4.*region=asia"))
    ical = page.locator('a[href*="deadlines.ics"]')
    expect(ical).to_have_count(1)
    response = page.request.get(f"{live_server.url}{ical.get_attribute('href')}")
    assert response.ok, response.status
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.text().count("BEGIN:VEVENT") == n  # every Art. 4 deadline shown has a date

    expect_assets_loaded(page, errors)
    screenshot(page, "deadlines.png")
    assert errors == []


def test_extended_status_and_the_counts_table_agree(page: Page, live_server, reference_data):
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/deadlines/")

    # Status "extended", every article: each row shown carries the "extended" badge.
    filter_deadlines(page, status="extended")
    rows = deadline_rows(page)
    n = expect_listed_count(page)
    assert n >= 2, "no extended deadline listed"
    for row in rows.all():
        expect(due_cell(row).locator(".badge")).to_have_text("extended")
    shown = {
        kind: page.locator(f'#deadlines tbody tr[data-obligation="{kind}"]').count()
        for kind in ("art3.destruction", "art4.clearance")
    }
    assert sum(shown.values()) == n, "an extended deadline that is neither Art. 3 nor Art. 4"
    assert counts_cell(page, "3", "extended") == shown["art3.destruction"]
    assert counts_cell(page, "4", "extended") == shown["art4.clearance"]
    # Lao PDR and Peru are among them.
    expect(
        page.locator('#deadlines tr[data-state="LAO"][data-obligation="art4.clearance"]')
    ).to_have_count(1)
    expect(
        page.locator('#deadlines tr[data-state="PER"][data-obligation="art3.destruction"]')
    ).to_have_count(1)

    # Status "extended" and Article 4: as many rows as the counts table's Art. 4 "extended".
    filter_deadlines(page, status="extended", article="4")
    art4 = expect_listed_count(page)
    expect(
        page.locator('#deadlines tbody tr:not([data-obligation="art4.clearance"])')
    ).to_have_count(0)
    for row in rows.all():
        expect(due_cell(row).locator(".badge")).to_have_text("extended")
    assert art4 >= 1
    assert counts_cell(page, "4", "extended") == art4 == shown["art4.clearance"]
    # The Art. 4 "awaiting a recorded decision" figure matches the rows with that status.
    filter_deadlines(page, status="awaiting_decision", article="4")
    awaiting = expect_listed_count(page)
    expect(
        page.locator('#deadlines tbody tr:not([data-status="awaiting_decision"])')
    ).to_have_count(0)
    assert counts_cell(page, "4", "awaiting a recorded decision") == awaiting >= 1

    expect_assets_loaded(page, errors)
    assert errors == []


def test_peru_destroyed_its_stockpile_on_time(page: Page, live_server, reference_data):
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/deadlines/")
    filter_deadlines(page, state="PER", article="3")
    expect(page).to_have_url(re.compile(r"[?&]state=PER(&|$)"))
    rows = deadline_rows(page)
    expect(rows).to_have_count(1)
    peru = page.locator('#deadlines tr[data-state="PER"][data-obligation="art3.destruction"]')
    expect(peru).to_have_attribute("data-status", "met_on_time")
    expect(peru.locator("td").nth(2).locator(".badge")).to_have_text("met on time")
    expect(peru.locator("td").nth(3)).to_contain_text("2023")
    # The counts table counts Peru among the completed Art. 3 obligations.
    assert counts_cell(page, "3", "completed") >= 1
    assert errors == []


def test_lao_state_page_shows_its_obligations_and_requests(page: Page, live_server, reference_data):
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/states/LAO/?as_of={AS_OF}")
    expect(page.locator("input[name=as_of]")).to_have_value(AS_OF)
    expect(page.locator("#state-deadlines")).to_be_visible()
    screenshot(page, "state-lao-obligations.png")  # taken before the assertions

    clearance = page.locator('#state-deadlines tr[data-obligation="art4.clearance"]')
    expect(clearance).to_have_count(1)
    expect(clearance).to_have_attribute("data-status", "awaiting_decision")
    cells = clearance.locator("td")
    expect(cells.nth(1)).to_contain_text(LAO_DUE)
    expect(cells.nth(1)).to_contain_text(f"originally {LAO_ORIGINAL_DUE}")
    expect(cells.nth(2).locator(".badge")).to_have_text(AWAITING_LABEL)
    expect(cells.nth(3)).to_contain_text("9MSP")
    expect(cells.nth(3)).to_contain_text("12MSP")
    # Every obligation row carries a status.
    for row in page.locator("#state-deadlines tbody tr").all():
        assert row.get_attribute("data-obligation")
        assert row.get_attribute("data-status")

    requests = page.locator("#extension-requests tbody tr")
    expect(requests).to_have_count(2)
    first, second = requests.nth(0), requests.nth(1)
    # Article, #, Submitted, Requested deadline, Decided at, Decision, New deadline.
    expect(first.locator("td").nth(0)).to_have_text("4")
    expect(first.locator("td").nth(4)).to_have_text("9MSP")
    expect(first.locator("td").nth(5)).to_contain_text("granted")
    expect(first.locator("td").nth(6)).to_have_text(LAO_DUE)
    expect(second.locator("td").nth(4)).to_have_text("12MSP")
    expect(second.locator("td").nth(5)).to_contain_text("decision not recorded")
    expect(second.locator("td").nth(6)).to_have_text("—")

    # The timeline: request, decision, original deadline, later request, in date order.
    timeline = page.locator("#obligation-timeline li")
    texts = timeline.all_inner_texts()
    at = [
        next(i for i, t in enumerate(texts) if needle in t)
        for needle in (
            "request 1 submitted",
            "9MSP: request 1 granted",
            "Original deadline",
            "12MSP",
        )
    ]
    assert at == sorted(at), texts
    for li in timeline.all():
        assert li.get_attribute("data-article") == "4"

    # The page's own iCal link lists the State's deadlines.
    ical = page.locator('a[href*="deadlines.ics?state=LAO"]')
    expect(ical).to_have_count(1)
    response = page.request.get(f"{live_server.url}{ical.get_attribute('href')}")
    assert response.ok and "LAO: Art. 4 clearance" in response.text()

    expect_assets_loaded(page, errors)
    screenshot(page, "state-lao-obligations.png")
    assert errors == []


def test_bolivia_article_7_download(page: Page, live_server, reference_data):
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/deadlines/")
    filter_deadlines(page, state="BOL", article="7")

    rows = deadline_rows(page)
    n = expect_listed_count(page)
    assert n >= 2  # the initial report and annual ones
    expect(page.locator('#deadlines tbody tr:not([data-state="BOL"])')).to_have_count(0)
    expect(page.locator('#deadlines tbody tr[data-obligation^="art7."]')).to_have_count(n)
    initial = page.locator('#deadlines tr[data-state="BOL"][data-obligation="art7.initial"]')
    expect(initial).to_have_count(1)
    expect(due_cell(initial).locator("time")).to_have_attribute("datetime", BOL_INITIAL_REPORT_DUE)
    shown = [
        (
            row.get_attribute("data-obligation"),
            row.get_attribute("data-status"),
            due_cell(row).locator("time").get_attribute("datetime"),
        )
        for row in rows.all()
    ]

    # The CSV download of what is shown.
    link = page.locator('a[href*="format=csv"]')
    expect(link).to_have_count(1)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == f"ccm-deadlines-{AS_OF}.csv"
    with open(download.path(), "rb") as f:
        csv_rows = tabular.read_csv(DEADLINES, f.read())  # checks the headers
    assert {r["state"] for r in csv_rows} == {"BOL"}
    initial_rows = [r for r in csv_rows if r["obligation"] == "art7.initial"]
    assert len(initial_rows) == 1
    assert initial_rows[0]["due"] == BOL_INITIAL_REPORT_DUE
    assert [(r["obligation"], r["status"], r["due"]) for r in csv_rows] == shown

    # The XLSX download holds the same rows.
    link = page.locator('a[href*="format=xlsx"]')
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == f"ccm-deadlines-{AS_OF}.xlsx"
    with open(download.path(), "rb") as f:
        body = tabular.read_xlsx(DEADLINES, f.read())
    due = [r["due"].date().isoformat() if r["due"] else None for r in body]
    assert [(r["obligation"], r["status"], d) for r, d in zip(body, due, strict=True)] == shown

    expect_assets_loaded(page, errors)
    assert errors == []
