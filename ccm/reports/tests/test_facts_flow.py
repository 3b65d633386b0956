"""Facts flow from a submitted public report into the State's obligation facts, through the
obligation services, with the report as their source; a restricted report's figures do
not (the obligation facts are public); deadlines and counts follow."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ccm.obligations.models import Obligation, ObligationEvent, StockpileRecord
from ccm.reports import services
from ccm.reports.choices import Form
from ccm.states.models import State

from .conftest import LAST_YEAR


def _report(iso3: str, *, visibility="public", lines_b=(), lines_f=()):
    report = services.start_report(
        State.objects.get(iso3=iso3), "annual", LAST_YEAR, actor=None, today=timezone.localdate()
    )
    services.save_header(
        report,
        actor=None,
        visibility=visibility,
        period_from=date(LAST_YEAR, 1, 1),
        period_to=date(LAST_YEAR, 12, 31),
    )
    for form in Form:
        if form == Form.J:
            continue
        lines = {Form.B: list(lines_b), Form.F: list(lines_f)}.get(form, [])
        services.save_part(report, form, actor=None, answer="answered", text="x", lines=lines)
    return services.submit_report(report, on=timezone.localdate(), actor=None)


def test_declared_and_destroyed_stocks_become_article_3_records(people):
    assert not Obligation.objects.filter(state__iso3="IRL", article=4).exists()
    report = _report(
        "IRL",
        lines_b=[
            {"kind": "stockpile_declared", "label": "DM 1383", "cluster_munitions": 500},
            {"kind": "destroyed", "label": "DM 1383", "cluster_munitions": 200},
        ],
        lines_f=[{"kind": "area_contaminated", "label": "Svalbard range", "area_m2": 1000}],
    )
    ob = Obligation.objects.get(state__iso3="IRL", article=3)
    end = date(LAST_YEAR, 12, 31)
    records = {r.kind: r for r in StockpileRecord.objects.filter(obligation=ob, on=end)}
    assert records["declared"].cluster_munitions == 500
    assert records["destroyed"].cluster_munitions == 200
    assert f"/reports/{report.pk}/" in records["destroyed"].source_url
    art4 = Obligation.objects.get(state__iso3="IRL", article=4)
    assert f"/reports/{report.pk}/" in art4.source_url
    assert ObligationEvent.objects.filter(obligation=ob, kind="stockpile_recorded").exists()
    assert report.events.filter(kind="facts").exists()


def test_a_restricted_report_does_not_flow(people):
    before = StockpileRecord.objects.count(), Obligation.objects.count()
    _report(
        "IRL",
        visibility="restricted",
        lines_b=[{"kind": "stockpile_declared", "label": "DM 1383", "cluster_munitions": 500}],
        lines_f=[{"kind": "area_contaminated", "label": "range", "area_m2": 10}],
    )
    assert (StockpileRecord.objects.count(), Obligation.objects.count()) == before
