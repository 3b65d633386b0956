"""A restricted report is invisible to the public and to other States' focal points on
every path: list, page, DOCX, file, structured downloads, API list and detail, history and
the State's editing pages. Staff, coordinators and the State itself read it."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from ccm.core.testing import pdf_bytes
from ccm.exports import tabular
from ccm.exports.tables import REPORTS
from ccm.reports import services
from ccm.states.models import State

from .conftest import LAST_YEAR, submitted, token_for

SECRET = "Secret-stockpile-figure-4242"
READERS = {
    "PER": True,
    "NOR": False,
    "coordinator": True,
    "staff": True,
    "nobody": False,
    None: False,
}


@pytest.fixture
def restricted(people):
    report = submitted("PER", visibility="restricted", text=SECRET)
    assert report.restricted
    return report


def _as(client, people, who):
    if who is not None:
        client.force_login(people[who])
    return client


@pytest.mark.parametrize("who", list(READERS))
def test_pages_and_downloads(who, restricted, people, client):
    c = _as(client, people, who)
    sees = READERS[who]
    page = c.get(f"/reports/{restricted.pk}/")
    assert page.status_code == (200 if sees else 404)
    assert (SECRET in page.content.decode()) is sees
    docx = c.get(f"/reports/{restricted.pk}/docx")
    assert docx.status_code == (200 if sees else 404)
    listing = c.get("/reports/?state=PER").content.decode()
    assert (f'data-report="{restricted.pk}"' in listing) is sees
    rows = tabular.read_csv(REPORTS, c.get("/reports/?format=csv").content)
    assert any(r["state"] == "PER" and str(r["year"]) == str(LAST_YEAR) for r in rows) is sees
    book = load_workbook(io.BytesIO(c.get("/reports/?format=xlsx").content))
    found = [
        row
        for row in book.worksheets[0].iter_rows(values_only=True)
        if "PER" in row and LAST_YEAR in row
    ]
    assert bool(found) is sees


@pytest.mark.parametrize("who", list(READERS))
def test_api(who, restricted, people, client):
    headers = {} if who is None else {"HTTP_AUTHORIZATION": f"Token {token_for(people[who])}"}
    sees = READERS[who]
    listed = client.get("/api/v1/reports?state=PER", **headers).json()
    assert any(r["id"] == restricted.pk for r in listed) is sees
    detail = client.get(f"/api/v1/reports/{restricted.pk}", **headers)
    assert detail.status_code == (200 if sees else 404)
    assert (SECRET in detail.content.decode()) is sees


@pytest.mark.parametrize("who", ["NOR", "coordinator", "nobody", None])
def test_history_and_editing_pages_refuse_others(who, restricted, people, client):
    c = _as(client, people, who)
    r = c.get(f"/history/reports.report/{restricted.pk}/")
    if who == "coordinator":  # coordinators read history (it names people), not edit
        assert r.status_code == 200
    else:  # anonymous: to the sign-in page; signed in but not theirs: "not found"
        assert r.status_code == (302 if who is None else 404)
    edit = c.get(f"/edit/PER/reports/{restricted.pk}/")
    assert edit.status_code == (302 if who is None else 404)


@pytest.mark.parametrize(
    ("submitted_on", "status"),
    [(date(2026, 4, 30), "on_time"), (date(2026, 5, 1), "late")],  # due 30 April 2026
)
def test_a_restricted_report_counts_for_the_deadline_without_showing(
    submitted_on, status, people, client
):
    """That Peru reported, and when, is public (on time or late); what it said is not."""
    submitted("PER", 2025, on=submitted_on, visibility="restricted", text=SECRET)
    rows = client.get("/api/v1/reporting/status?year=2025&state=PER").json()["items"]
    assert rows[0]["annual_status"] == status
    assert rows[0]["annual_submitted_on"] == submitted_on.isoformat()
    assert SECRET not in client.get("/reports/status/?year=2025").content.decode()


def test_a_file_of_a_restricted_report_is_served_to_readers_only(people, client):
    report = services.record_received_report(
        State.objects.get(iso3="PER"),
        "annual",
        LAST_YEAR - 1,
        upload=SimpleUploadedFile("r.pdf", pdf_bytes(SECRET), "application/pdf"),
        submitted_on=timezone.localdate(),
        actor=people["staff"],
        today=timezone.localdate(),
        visibility="restricted",
    )
    assert client.get(f"/reports/{report.pk}/file").status_code == 404
    client.force_login(people["NOR"])
    assert client.get(f"/reports/{report.pk}/file").status_code == 404
    client.force_login(people["PER"])
    r = client.get(f"/reports/{report.pk}/file")
    assert r.status_code == 200 and SECRET.encode() in b"".join(r.streaming_content)


def test_drafts_are_the_states_own(people, client):
    from .conftest import complete_draft

    draft = complete_draft("PER", text=SECRET)
    for who, sees in (("PER", True), ("staff", True), ("coordinator", False), ("NOR", False)):
        client.force_login(people[who])
        assert client.get(f"/reports/{draft.pk}/").status_code == (200 if sees else 404)
    client.logout()
    assert client.get(f"/reports/{draft.pk}/").status_code == 404
