"""The deadlines page, its downloads, the iCalendar feed and a State's obligations."""

from datetime import date

import pytest
from icalendar import Calendar

from ccm.exports import tabular
from ccm.exports.tables import DEADLINES


def test_deadlines_page_counts_and_rows(reference_data, client):
    r = client.get("/deadlines/", {"as_of": "2026-11-23"})
    assert r.status_code == 200
    html = r.content.decode()
    counts = r.context["counts"]
    assert counts["art4"]["extended"] >= 1 and counts["art3"]["completed"] >= 1
    assert counts["art4"]["awaiting_decision"] == len(
        [
            d
            for d in r.context["items"]
            if d.kind == "art4.clearance" and d.status == "awaiting_decision"
        ]
    )
    assert (
        'data-state="LAO" data-obligation="art4.clearance" data-status="awaiting_decision"' in html
    )


def test_filters_by_article_region_and_status(reference_data, client):
    r = client.get("/deadlines/", {"as_of": "2026-11-23", "article": "4", "region": "asia"})
    states = {d.iso3 for d in r.context["items"]}
    assert "LAO" in states and "AFG" in states and "CHL" not in states
    assert all(d.kind == "art4.clearance" for d in r.context["items"])
    r = client.get("/deadlines/", {"as_of": "2026-11-23", "status": "extended"})
    assert r.context["items"] and all(d.extended for d in r.context["items"])


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_of": "2026-02-30"}, "Enter a real date"),
        ({"article": "5"}, "Select a valid choice"),
        ({"state": "ZZZ"}, "Unknown State"),
        ({"format": "pdf"}, "Unknown format"),
        ({"window": "7"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_400(reference_data, client, params, message):
    r = client.get("/deadlines/", params)
    assert r.status_code == 400 and message in r.content.decode()


def test_downloads_open_in_their_libraries(reference_data, client):
    r = client.get("/deadlines/", {"as_of": "2026-11-23", "state": "LAO", "format": "csv"})
    rows = tabular.read_csv(DEADLINES, r.content)
    clearance = next(x for x in rows if x["obligation"] == "art4.clearance")
    assert clearance["due"] == "2025-08-01" and clearance["status"] == "awaiting_decision"
    r = client.get("/deadlines/", {"as_of": "2026-11-23", "state": "BOL", "format": "xlsx"})
    rows = tabular.read_xlsx(DEADLINES, r.content)
    initial = next(row for row in rows if row["obligation"] == "art7.initial")
    assert initial["due"].date() == date(2014, 3, 30)


def test_ical_feed_parses_back(reference_data, client):
    r = client.get("/deadlines.ics", {"state": "LAO", "article": "4"})
    assert r["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert event.decoded("dtstart") == date(2025, 8, 1)
    assert "LAO" in str(event["summary"]) and "9MSP" in str(event["description"])
    assert str(event["uid"]) == "LAO-art4.clearance@ccm-tracker"
    every = Calendar.from_ical(client.get("/deadlines.ics").content)
    uids = [str(e["uid"]) for e in every.walk("VEVENT")]
    assert len(uids) == len(set(uids)) > 112  # one stable UID per deadline


def test_state_page_shows_obligations_and_requests(reference_data, client):
    html = client.get("/states/LAO/", {"as_of": "2026-11-23"}).content.decode()
    assert 'data-obligation="art4.clearance" data-status="awaiting_decision"' in html
    assert "originally 2020-08-01" in html
    assert "9MSP" in html and "12MSP" in html


@pytest.mark.parametrize(
    "url",
    [
        "/deadlines/",
        "/deadlines/?article=7",
        "/deadlines.ics",
        "/states/LAO/",
        "/api/v1/deadlines",
        "/api/v1/extension-requests",
    ],
)
def test_no_query_per_state(reference_data, client, django_assert_max_num_queries, url):
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_published_figures_compared(reference_data, client):
    r = client.get("/deadlines/published/")
    assert r.status_code == 200
    rows = {(c.figure.as_of, c.figure.measure): c for c in r.context["rows"]}
    agrees = rows[(date(2023, 9, 12), "sp_with_art3_obligations")]
    assert (agrees.computed, agrees.difference, agrees.why) == (1, 0, "Agrees.")
    fewer = rows[(date(2015, 12, 2), "sp_completed_stockpile_destruction")]
    assert fewer.computed < 27 and "lacks" in fewer.why  # early completions missing from the data
    undated = [c for c in r.context["rows"] if c.figure.as_of is None]
    assert undated and all(c.computed is None and "undated" in c.why for c in undated)
