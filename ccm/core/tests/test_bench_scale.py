"""The synthetic data set of bench/scale.py (what `bench/run.py --scale 100` measures) is
data the application reads like real data: built here at factor 2 on the test database,
it multiplies what it promises, passes the application's own checks as it stands in the
database, and the pages, the API and the history read it."""

from __future__ import annotations

import pytest
from django.test import Client

from bench.scale import build
from bench.synthetic.world import PREFIX, ScaleError
from ccm.accounts.models import Grant, Role, User
from ccm.obligations import services as obligation_services
from ccm.obligations.models import ExtensionRequest, Obligation, StockpileRecord
from ccm.obligations.services import OBLIGATION_FIELDS, RECORD_FIELDS
from ccm.reports import services as report_services
from ccm.reports.choices import Answer, ReportStatus, Visibility
from ccm.reports.models import Report

FACTOR = 2

pytestmark = pytest.mark.django_db


@pytest.fixture
def scaled(reference_data):
    """Row counts (before, after) by model label, and the rows the builder added."""
    models = (Obligation, ExtensionRequest, StockpileRecord, Report)
    before = {m: list(m.objects.values_list("pk", flat=True)) for m in models}
    counts = build(FACTOR, seed=7)
    return counts, {m: m.objects.exclude(pk__in=pks) for m, pks in before.items()}


def test_scale_builder_multiplies_todays_rows_as_promised(scaled):
    scaled, _added = scaled
    for label in (
        "obligations.obligation",
        "obligations.extensionrequest",
        "obligations.stockpilerecord",
    ):
        before, after = scaled[label]
        assert before > 0 and after == FACTOR * before, label
    wanted = round(FACTOR * 20 * 197 / 100)  # 20 years of reports for every State, at 100
    added = scaled["reports.report"][1] - scaled["reports.report"][0]
    assert 0.9 * wanted <= added <= wanted
    assert scaled["reports.reportpart"][1] == 10 * added  # every form, every version
    assert scaled["reports.reportline"][1] > added
    assert User.objects.filter(username__startswith=PREFIX).count() == 4 * FACTOR
    assert Grant.objects.filter(user__username__startswith=PREFIX).count() >= 4 * FACTOR
    for label in ("reversion.revision", "reversion.version", "history.changecontext"):
        before, after = scaled[label]
        assert after > FACTOR * before, label
    assert scaled["reports.reportevent"][1] >= added
    assert (
        scaled["obligations.obligationevent"][1] > FACTOR * scaled["obligations.obligationevent"][0]
    )


def test_scaled_rows_pass_the_applications_own_checks_as_stored(scaled):
    _counts, added = scaled
    submitted = added[Report].filter(status=ReportStatus.SUBMITTED)
    assert submitted.exists()
    for report in submitted:
        assert report_services.submission_errors(report, report.submitted_on) == [], report
        assert report.source_url.startswith(f"/reports/{report.pk}/")
    for ob in added[Obligation]:
        values = {f: getattr(ob, f) for f in OBLIGATION_FIELDS}
        assert obligation_services.obligation_errors(ob.state, ob.article, values) == [], ob
    for record in added[StockpileRecord]:
        values = {f: getattr(record, f) for f in RECORD_FIELDS}
        assert obligation_services.stockpile_record_errors(record.obligation, values) == []
    decided = added[ExtensionRequest].filter(decided_at__isnull=False)
    assert decided.exists()
    for req in decided:
        errors = obligation_services.decision_errors(
            req, outcome=req.decision, meeting=req.decided_at, granted_until=req.granted_deadline
        )
        assert errors == [], req


def test_pages_and_api_answer_200_over_the_scaled_data(scaled, client):
    _counts, added = scaled
    report = (
        added[Report]
        .filter(
            status=ReportStatus.SUBMITTED,
            visibility=Visibility.PUBLIC,
            parts__answer=Answer.UNCHANGED,
        )
        .first()
    )
    assert report is not None
    iso3 = report.state.iso3
    for url in (
        "/",
        "/states/",
        f"/states/{iso3}/",
        "/deadlines/",
        "/reports/",
        f"/reports/{report.pk}/",
        "/reports/status/?year=2025",
        "/reports/overdue/",
        "/api/v1/reports",
        f"/api/v1/reports/{report.pk}",
        "/api/v1/extension-requests",
        f"/api/v1/deadlines?state={iso3}",
        "/api/v1/reporting/status?year=2025",
    ):
        assert client.get(url).status_code == 200, url


def test_history_of_a_scaled_report_reads_its_versions(scaled):
    staff = Grant.objects.filter(role=Role.STAFF, user__username__startswith=PREFIX).first().user
    report = scaled[1][Report].filter(status=ReportStatus.SUBMITTED, version=1).first()
    client = Client()
    client.force_login(staff)
    response = client.get(f"/history/reports.report/{report.pk}/")
    assert response.status_code == 200
    assert str(report.submitted_on) in response.content.decode()
    part = report.parts.exclude(answer=Answer.NOT_ANSWERED).first()
    assert client.get(f"/history/reports.reportpart/{part.pk}/").status_code == 200


def test_a_database_scaled_once_is_not_scaled_again(scaled):
    with pytest.raises(ScaleError):
        build(FACTOR, seed=7)
