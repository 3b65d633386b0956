"""Issue 10, finding 7: a web form posted without its hidden version fields overwrote a
concurrent change (no version was taken as "no check"). Editing a record that exists, the
version fields are required: without them, or with a version no page of ours wrote, the
post is refused with a form error and nothing is saved.

Each editing form of an existing record is covered: an obligation, a stockpile record, a
report's details and one form of a report.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.utils import timezone
from reversion.models import Revision

from ccm.history.concurrency import Token
from ccm.obligations import services
from ccm.obligations.models import Obligation, StockpileRecord
from ccm.reports import services as report_services
from ccm.reports.models import Report, ReportPart
from ccm.states.models import State

LAST_YEAR = timezone.localdate().year - 1
REFUSED = "This form came without the version of the record it changes"


@dataclass
class Editing:
    url: str
    post: dict  # the form as the page shows it, version fields left out
    record: object  # read again to see what is stored
    field: str
    theirs: object  # a concurrent change, saved by someone else after the page was loaded

    def stored(self):
        return getattr(type(self.record).objects.get(pk=self.record.pk), self.field)


def obligation(staff) -> Editing:
    ob = Obligation.objects.get(state__iso3="PER", article=3)
    post = {
        "basis": ob.basis,
        "status": ob.status,
        "completed_on": ob.completed_on.isoformat() if ob.completed_on else "",
        "completed_precision": ob.completed_precision,
        "completion_declared_on": (
            ob.completion_declared_on.isoformat() if ob.completion_declared_on else ""
        ),
        "completion_declared_precision": ob.completion_declared_precision,
        "source_url": ob.source_url,
        "notes": "mine",
    }

    def theirs():
        services.save_obligation(ob.state, 3, actor=staff, via="form", notes="theirs")

    return Editing("/edit/PER/article/3/", post, ob, "notes", theirs)


def stockpile_record(staff) -> Editing:
    rec = StockpileRecord.objects.filter(obligation__state__iso3="PER").first()
    post = {
        "kind": rec.kind,
        "on": rec.on.isoformat() if rec.on else "",
        "on_precision": rec.on_precision,
        "cluster_munitions": rec.cluster_munitions if rec.cluster_munitions is not None else "",
        "submunitions": rec.submunitions if rec.submunitions is not None else "",
        "qualifier": rec.qualifier,
        "destroyed_on": rec.destroyed_on.isoformat() if rec.destroyed_on else "",
        "destroyed_precision": rec.destroyed_precision,
        "source_url": rec.source_url,
        "notes": "mine",
    }

    def theirs():
        services.save_stockpile_record(
            rec.obligation, record=rec, actor=staff, via="form", notes="theirs"
        )

    return Editing(f"/edit/PER/stockpile/{rec.pk}/", post, rec, "notes", theirs)


def draft(staff) -> Report:
    return report_services.start_report(
        State.objects.get(iso3="PER"), "annual", LAST_YEAR, actor=staff, today=timezone.localdate()
    )


def report_details(staff) -> Editing:
    report = draft(staff)
    post = {
        "period_from": f"{LAST_YEAR}-01-01",
        "period_to": f"{LAST_YEAR}-12-31",
        "contact": "mine",
        "visibility": "public",
        "source_url": "declared by the State",
        "notes": "",
    }

    def theirs():
        report_services.save_header(Report.objects.get(pk=report.pk), actor=staff, contact="theirs")

    return Editing(f"/edit/PER/reports/{report.pk}/", post, report, "contact", theirs)


def report_form(staff) -> Editing:
    report = draft(staff)
    part = ReportPart.objects.get(report=report, form="A")
    post = {"answer": "answered", "text": "mine", "statement": "", "unchanged_since": ""}

    def theirs():
        report_services.save_part(
            Report.objects.get(pk=report.pk), "A", actor=staff, answer="answered", text="theirs"
        )

    return Editing(f"/edit/PER/reports/{report.pk}/form/A/", post, part, "text", theirs)


FORMS = [obligation, stockpile_record, report_details, report_form]


@pytest.mark.parametrize("editing", FORMS, ids=[f.__name__ for f in FORMS])
def test_web_form_without_version_fields_does_not_overwrite_a_concurrent_change(
    editing, people, client
):
    e = editing(people["staff"])
    client.force_login(people["PER"])
    assert client.get(e.url).status_code == 200  # the page is loaded…
    e.theirs()  # …someone else saves a change…
    before = Revision.objects.count()
    r = client.post(e.url, e.post)  # …and the form comes back without its version fields
    assert r.status_code == 400
    assert REFUSED in r.content.decode()
    assert e.stored() == "theirs"
    assert Revision.objects.count() == before


@pytest.mark.parametrize("editing", FORMS, ids=[f.__name__ for f in FORMS])
@pytest.mark.parametrize(
    "version", ["2025-02-30T10:00:00", "yesterday", "x"], ids=["impossible", "words", "x"]
)
def test_web_form_with_an_unreadable_version_is_refused(editing, version, people, client):
    e = editing(people["staff"])
    client.force_login(people["PER"])
    before = Revision.objects.count()
    r = client.post(e.url, {**e.post, "updated_at": version, "base_version": ""})
    assert r.status_code == 400
    assert REFUSED in r.content.decode()
    assert e.stored() != "mine"
    assert Revision.objects.count() == before


@pytest.mark.parametrize("editing", FORMS, ids=[f.__name__ for f in FORMS])
def test_web_form_with_its_version_fields_saves(editing, people, client):
    e = editing(people["staff"])
    client.force_login(people["PER"])
    token = Token.of(type(e.record).objects.get(pk=e.record.pk))
    r = client.post(
        e.url, {**e.post, "updated_at": token.updated_at, "base_version": token.version or ""}
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    assert e.stored() == "mine"
