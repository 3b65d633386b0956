"""Real-browser tests: the public pages driven through the system Chromium by Playwright.

Each test loads the real reference data into the test database through the real importer,
committed (transactional test), so that the live server thread serves it. Screenshots are
saved under test-artifacts/ at the repository root for a person to look at.

Run: .venv/bin/pytest ccm/public/tests/test_browser.py -p no:xdist
(the system Chromium is configured in conftest.py next to this file).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ccm.exports import tabular
from ccm.exports.tables import MEMBERSHIP

from .browser import expect_assets_loaded, number, reference_data, screenshot, watch_errors

__all__ = ["reference_data"]  # the live-server fixture, used by the tests below

pytestmark = pytest.mark.browser


# Real figures from data/ccm_participation.csv.
REGIONS_2022_08_01 = {  # group code → (States Parties, signatories)
    "africa": (34, 9),
    "americas": (25, 2),
    "asia": (6, 1),
    "europe": (34, 1),
    "middle-east": (3, 0),
    "pacific": (8, 0),
}


# --------------------------------------------------------------------------- helpers


def figure(page: Page, key: str) -> int:
    return number(page.locator(f'[data-figure="{key}"]').inner_text())


def api_summary(page: Page, base: str, **params) -> dict:
    response = page.request.get(f"{base}/api/v1/membership/summary", params=params)
    assert response.ok, f"API answered {response.status}: {response.text()[:300]}"
    return response.json()


def expect_chart_drawn(page: Page) -> dict:
    """The Chart.js chart exists on #membership-chart, has its data and has painted pixels."""
    assert page.evaluate("() => typeof Chart") == "function", "Chart.js did not load"
    page.wait_for_function(
        "() => Chart.getChart(document.getElementById('membership-chart'))", timeout=10_000
    )
    info = page.evaluate("""() => {
        const canvas = document.getElementById('membership-chart');
        const chart = Chart.getChart(canvas);
        const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let painted = 0;
        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) painted++;
        return {
            n: chart.data.datasets.map(d => d.data.length),
            labels: chart.data.datasets.map(d => d.label),
            width: canvas.width, height: canvas.height, painted: painted,
            reverse: !!chart.options.scales.x.reverse,
            yPosition: chart.options.scales.y.position,
        };
    }""")
    assert page.evaluate(
        "() => Chart.getChart(document.getElementById('membership-chart')).data.datasets[0].data.length > 10"
    )
    assert len(info["n"]) == 3, info
    assert all(n > 10 for n in info["n"]), info
    assert info["width"] > 200 and info["height"] > 200, info
    assert info["painted"] > 1000, f"the canvas looks blank: {info}"
    return info


def expect_figures_match(page: Page, summary: dict) -> None:
    totals = summary["totals"]
    assert totals["states_parties"] > 100, totals
    shown = {
        key: figure(page, key) for key in ("states_parties", "in_force", "signatories", "not_party")
    }
    assert shown == {
        "states_parties": totals["states_parties"],
        "in_force": totals["in_force"],
        "signatories": totals["signatories"],
        "not_party": totals["not_party"] + totals["withdrawn"],
    }
    assert shown["states_parties"] > 100


def expect_regions_match(page: Page, summary: dict) -> None:
    rows = page.locator("#regions tbody tr")
    assert rows.count() == len(summary["groups"]) == 6
    for g in summary["groups"]:
        row = page.locator(f'#regions tr[data-group="{g["code"]}"]')
        expect(row).to_have_count(1)
        cells = [number(t) for t in row.locator("td").all_inner_texts()]
        t = g["totals"]
        assert cells == [t["states_parties"], t["signatories"], t["not_party"] + t["withdrawn"]], g
    shown_parties = sum(number(row.locator("td").first.inner_text()) for row in rows.all())
    assert shown_parties == summary["totals"]["states_parties"]


def header_counts(page: Page, group: str) -> dict[str, int]:
    table = page.locator(f'table[data-group="{group}"]')
    expect(table).to_have_count(1)
    return {
        key: number(table.locator(f'thead [data-count="{key}"]').inner_text())
        for key in ("states_parties", "signatories", "not_party")
    }


def show(page: Page, as_of: str, grouping: str) -> None:
    """Fills the membership form the way a person does and submits it."""
    page.fill("input[name=as_of]", as_of)
    page.select_option("select[name=grouping]", value=grouping)
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"[?&]as_of={as_of}(&|$)"))


# --------------------------------------------------------------------------- tests


def test_home_page_shows_todays_figures_regions_and_chart(page: Page, live_server, reference_data):
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("#figures")).to_be_visible()
    screenshot(page, "home.png")  # taken before the assertions, to see a failure too

    summary = api_summary(page, live_server.url, grouping="ccm-region")
    expect_figures_match(page, summary)
    expect_regions_match(page, summary)

    # The chart's data: its last point on or before today agrees with today's figures.
    data = page.evaluate(
        "() => JSON.parse(document.getElementById('membership-chart-data').textContent)"
    )
    past = [i for i, d in enumerate(data["labels"]) if d <= summary["as_of"]]
    assert past, "the chart has no point before today"
    last = past[-1]
    assert data["states_parties"][last] == summary["totals"]["states_parties"]
    assert data["signatories"][last] == summary["totals"]["signatories"]
    assert data["in_force"][last] == summary["totals"]["in_force"]

    # The page as a browser shows it: styled, and the chart drawn by Chart.js.
    expect_assets_loaded(page, errors)
    expect_chart_drawn(page)
    screenshot(page, "home.png")
    assert errors == []


def test_membership_on_a_date_form_table_and_csv(page: Page, live_server, reference_data):
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/membership/")
    expect(page.locator("input[name=as_of]")).to_have_attribute("type", "date")

    # 15 August 2016, all States: 100 States Parties, 19 signatories.
    show(page, "2016-08-15", "")
    totals = page.locator("#totals")
    expect(totals).to_have_attribute("data-states-parties", "100")
    expect(totals).to_have_attribute("data-signatories", "19")
    expect(totals).to_contain_text("100 States Parties")
    expect(totals).to_contain_text("19 signatories")
    expect(page.locator("h2#table-title")).to_contain_text("2016")
    expect(page.locator("table.status-columns")).to_have_count(1)
    counts = header_counts(page, "all")
    assert counts["states_parties"] == 100
    assert counts["signatories"] == 19
    # Each column of the single table lists as many States as its header counts.
    cells = page.locator('table[data-group="all"] tbody td').all()
    assert [cell.locator("li a").count() for cell in cells] == [
        counts["states_parties"],
        counts["signatories"],
        counts["not_party"],
    ]
    # The form keeps what was asked.
    expect(page.locator("input[name=as_of]")).to_have_value("2016-08-15")
    expect(page.locator("select[name=grouping]")).to_have_value("")

    # 1 August 2022 by CCM region: 110 States Parties, 13 signatories, one table per region.
    show(page, "2022-08-01", "ccm-region")
    expect(totals).to_have_attribute("data-states-parties", "110")
    expect(totals).to_have_attribute("data-signatories", "13")
    expect(page.locator("h2#table-title")).to_contain_text("2022")
    expect(page.locator("table.status-columns")).to_have_count(len(REGIONS_2022_08_01))
    for code, (parties, signatories) in REGIONS_2022_08_01.items():
        counts = header_counts(page, code)
        assert (counts["states_parties"], counts["signatories"]) == (parties, signatories), code
    screenshot(page, "membership.png")

    # The CSV download of what is shown.
    link = page.locator('a[href*="format=csv"]')
    expect(link).to_have_count(1)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == "ccm-membership-2022-08-01-ccm-region.csv"
    with open(download.path(), "rb") as f:
        rows = tabular.read_csv(MEMBERSHIP, f.read())  # checks the headers
    parties = [r for r in rows if r["column"] == "States Parties"]
    assert len(parties) == 110
    assert len({r["iso3"] for r in parties}) == 110
    assert len([r for r in rows if r["column"] == "Signatories"]) == 13
    assert {r["as_of"] for r in rows} == {"2022-08-01"}
    per_region = {
        code: sum(1 for r in parties if r["group_code"] == code) for code in REGIONS_2022_08_01
    }
    assert per_region == {code: p for code, (p, _s) in REGIONS_2022_08_01.items()}

    # Styled, and nothing failed on the way (stylesheets, scripts, the download).
    expect_assets_loaded(page, errors)
    assert errors == []


def test_lithuania_is_a_state_party_until_its_withdrawal_takes_effect(
    page: Page, live_server, reference_data
):
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/states/?q=LTU")
    row = page.locator('table#states tr[data-iso3="LTU"]')
    expect(row).to_have_count(1)
    with page.expect_navigation():
        row.locator("a").first.click()
    expect(page).to_have_url(re.compile(r"/states/LTU/"))

    page.goto(f"{live_server.url}/states/LTU/?as_of=2025-03-05")
    expect(page.locator("#status")).to_have_text("State Party")
    expect(page.locator("#explanation")).not_to_be_empty()

    # The day the withdrawal takes effect, asked through the page's own date form.
    page.fill("input[name=as_of]", "2025-03-06")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/states/LTU/\?as_of=2025-03-06$"))
    expect(page.locator("#status")).to_have_text("Withdrawn")
    expect(page.locator("#explanation")).to_contain_text("2025")
    expect(page.locator("input[name=as_of]")).to_have_value("2025-03-06")
    assert [e for e in errors if "/static/" not in e] == []


def test_arabic_is_right_to_left_and_still_shows_the_figures(
    page: Page, live_server, reference_data
):
    errors = watch_errors(page)
    page.goto(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    page.select_option("select#language", "ar")
    with page.expect_navigation():
        page.locator("form[action*='language'] button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("select#language")).to_have_value("ar")
    # The right-to-left Bootstrap build is the one asked for.
    expect(page.locator('link[rel=stylesheet][href*="bootstrap.rtl"]')).to_have_count(1)
    assert page.evaluate("() => getComputedStyle(document.body).direction") == "rtl"
    screenshot(page, "home-ar.png")  # taken before the assertions, to see a failure too

    summary = api_summary(page, live_server.url, grouping="ccm-region")
    expect_figures_match(page, summary)
    expect_regions_match(page, summary)

    # Styled, and the chart drawn mirrored: time runs right to left, the y axis on the right.
    expect_assets_loaded(page, errors)
    info = expect_chart_drawn(page)
    assert info["reverse"] is True and info["yPosition"] == "right", info
    screenshot(page, "home-ar.png")

    # The choice sticks on the next page.
    page.goto(f"{live_server.url}/membership/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert errors == []
