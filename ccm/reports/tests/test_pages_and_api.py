"""The reporting-status table for a year and the overdue list on a date, produced by page,
API and CSV, agree with each other; the focal point's journey through the editing pages;
bad input gets a clear 400 and changes nothing; no page queries once per State."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from reversion.models import Revision

from ccm.exports import tabular
from ccm.exports.tables import OVERDUE, REPORTING_STATUS
from ccm.history.concurrency import Token
from ccm.reports.models import Report
from ccm.reports.rules import latest_year_due

from .conftest import LAST_YEAR, complete_draft, submitted

AS_OF = "2015-06-18"  # the date of the CMC's published list of overdue initial reports


def _csv(table, response) -> list[dict]:
    assert response.status_code == 200
    return tabular.read_csv(table, response.content)


def test_overdue_list_agrees_on_page_api_and_csv(reference_data, client):
    api = client.get(f"/api/v1/reporting/overdue?as_of={AS_OF}").json()
    rows = _csv(OVERDUE, client.get(f"/reports/overdue/?as_of={AS_OF}&format=csv"))
    page = client.get(f"/reports/overdue/?as_of={AS_OF}").content.decode()
    on_page = re.findall(r'<tr data-state="([A-Z]{3})" data-report="([a-z0-9.\-]+)"', page)
    from_api = [(i["state"], i["report"], str(i["year"]), i["due"]) for i in api["items"]]
    from_csv = [(r["state"], r["report"], r["year"], r["due"]) for r in rows]
    assert from_api == from_csv and api["count"] == len(rows) > 100
    # The page shows the same list, 100 rows a page, and says how many there are in all.
    assert f"{api['count']} reports past due" in page
    assert [(s, k.split("-")[0]) for s, k in on_page] == [(s, k) for s, k, _y, _d in from_api][:100]
    second = client.get(f"/reports/overdue/?as_of={AS_OF}&page=2").content.decode()
    assert re.findall(r'<tr data-state="([A-Z]{3})"', second)[0] == from_api[100][0]
    # Bolivia: deposit 30 April 2013, bound 1 October 2013, initial report due 30 March 2014
    assert ("BOL", "art7.initial", "", "2014-03-30") in from_api
    # Afghanistan submitted (late) on 30 August 2012: not overdue
    assert not any(s == "AFG" and k == "art7.initial" for s, k, _y, _d in from_api)


def test_status_table_agrees_on_page_api_and_csv(people, client):
    year = latest_year_due(timezone.localdate())  # its annual reports are all due by today
    submitted("PER", year, on=timezone.datetime(year + 1, 4, 1).date())
    api = client.get(f"/api/v1/reporting/status?year={year}").json()
    rows = _csv(REPORTING_STATUS, client.get(f"/reports/status/?year={year}&format=csv"))
    assert [
        (i["state"], i["initial_status"], i["annual_status"], i["annual_submitted_on"])
        for i in api["items"]
    ] == [
        (r["state"], r["initial_status"], r["annual_status"], r["annual_submitted_on"])
        for r in rows
    ]
    per = next(i for i in api["items"] if i["state"] == "PER")
    assert per["annual_status"] == "on_time"
    assert per["annual_submitted_on"] == f"{year + 1}-04-01"
    page = client.get(f"/reports/status/?year={year}").content.decode()
    statuses = re.findall(r'data-col="annual"><span class="badge [^"]+" data-status="(\w+)"', page)
    assert statuses == [i["annual_status"] for i in api["items"] if i["annual_status"]]
    # The rates are the counts of the rows.
    annual = [
        i["annual_status"]
        for i in api["items"]
        if i["annual_status"] in ("on_time", "late", "missing")
    ]
    rates = api["annual"]
    assert rates["due"] == len(annual) > 0
    assert rates["on_time"] == annual.count("on_time")
    assert rates["missing"] == annual.count("missing")
    assert client.get(f"/api/v1/reporting/rates?year={year}").json()["annual"] == rates


def versioned(report, form: str, data: dict) -> dict:
    """A form of a draft as its page sends it: with the version it was loaded at."""
    token = Token.of(report.parts.get(form=form))
    return {**data, "updated_at": token.updated_at, "base_version": token.version or ""}


def test_the_focal_points_journey(people, client):
    client.force_login(people["PER"])
    r = client.post("/edit/PER/reports/", {"kind": "annual", "year": str(LAST_YEAR)})
    assert r.status_code == 302
    report = Report.objects.get(state__iso3="PER", year=LAST_YEAR)
    # Submitting an unanswered draft: refused, with the forms named, nothing changed.
    before = Revision.objects.count()
    r = client.post(f"/edit/PER/reports/{report.pk}/submit/")
    assert r.status_code == 400
    assert "A. National implementation measures is not answered" in r.content.decode()
    assert Revision.objects.count() == before
    report.refresh_from_db()
    assert report.draft
    # Form B with figures: destroyed more than held is refused at submission.
    for form in "ACDEFGHI":
        client.post(
            f"/edit/PER/reports/{report.pk}/form/{form}/",
            versioned(
                report,
                form,
                {
                    "answer": "nothing",
                    "statement": "None held.",
                    "text": "",
                    "unchanged_since": "",
                    "lines-TOTAL_FORMS": "0",
                    "lines-INITIAL_FORMS": "0",
                },
            ),
        )
    r = client.post(
        f"/edit/PER/reports/{report.pk}/form/A/",
        versioned(
            report, "A", {"answer": "nothing", "statement": "x", "text": "", "unchanged_since": ""}
        ),
    )
    b = {
        "answer": "answered",
        "text": "Stockpile destroyed.",
        "statement": "",
        "unchanged_since": "",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-kind": "stockpile_declared",
        "lines-0-label": "BLU-63",
        "lines-0-cluster_munitions": "10",
        "lines-1-kind": "destroyed",
        "lines-1-label": "BLU-63",
        "lines-1-cluster_munitions": "12",
    }
    assert (
        client.post(f"/edit/PER/reports/{report.pk}/form/B/", versioned(report, "B", b)).status_code
        == 302
    )
    r = client.post(f"/edit/PER/reports/{report.pk}/submit/")
    page = r.content.decode()
    assert r.status_code == 400
    assert "Destroyed cluster munitions (12) exceed those held" in page
    assert "national implementation measures are reported as changed or unchanged" in page
    b["lines-1-cluster_munitions"] = "10"
    client.post(f"/edit/PER/reports/{report.pk}/form/B/", versioned(report, "B", b))
    client.post(
        f"/edit/PER/reports/{report.pk}/form/A/",
        versioned(
            report,
            "A",
            {"answer": "answered", "text": "Law 29.000", "statement": "", "unchanged_since": ""},
        ),
    )
    r = client.post(f"/edit/PER/reports/{report.pk}/submit/")
    assert r.status_code == 302 and r["Location"] == f"/reports/{report.pk}/"
    report.refresh_from_db()
    assert report.status == "submitted" and report.submitted_on == timezone.localdate()
    # Amending keeps both versions readable; the first submission date still counts.
    r = client.post(f"/edit/PER/reports/{report.pk}/amend/")
    amendment = Report.objects.get(state__iso3="PER", year=LAST_YEAR, version=2)
    assert r["Location"] == f"/edit/PER/reports/{amendment.pk}/"
    assert amendment.parts.get(form="B").lines.count() == 2
    client.logout()
    assert client.get(f"/reports/{report.pk}/").status_code == 200
    assert client.get(f"/reports/{amendment.pk}/").status_code == 404  # a draft


@pytest.mark.parametrize(
    "url",
    [
        "/reports/?year=1999",
        "/reports/?state=XXX",
        "/reports/status/?year=abc",
        "/reports/status/?as_of=2024-02-30",
        "/reports/overdue/?as_of=yesterday",
        "/reports/overdue/?format=pdf",
        "/api/v1/reporting/status?year=abc",
        "/api/v1/reporting/overdue?state=XXX",
        "/api/v1/reports?kind=final",
    ],
)
def test_bad_parameters_get_400(url, reference_data, client):
    assert client.get(url).status_code == 400


def test_bad_part_input_changes_nothing(people, client):
    draft = complete_draft("PER")
    client.force_login(people["PER"])
    part = draft.parts.get(form="F")
    before = (part.answer, part.text, part.lines.count())
    r = client.post(
        f"/edit/PER/reports/{draft.pk}/form/F/",
        versioned(
            draft,
            "F",
            {
                "answer": "answered",
                "text": "changed",
                "statement": "",
                "unchanged_since": "",
                "lines-TOTAL_FORMS": "1",
                "lines-INITIAL_FORMS": "0",
                "lines-0-kind": "area_contaminated",
                "lines-0-area_m2": "-5",
            },
        ),
    )
    assert r.status_code == 400
    part.refresh_from_db()
    assert (part.answer, part.text, part.lines.count()) == before


@pytest.mark.parametrize(
    "url",
    [
        "/reports/",
        f"/reports/status/?year={LAST_YEAR}",
        "/reports/overdue/",
        "/reports/published/",
        "/api/v1/reports",
        f"/api/v1/reporting/status?year={LAST_YEAR}",
        "/api/v1/reporting/overdue",
    ],
)
def test_no_query_per_state(url, reference_data, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
