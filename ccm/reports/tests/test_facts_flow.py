"""Facts flow from a submitted public report into the State's obligation facts, through the
obligation services, with the report as their source; a restricted report's figures do
not (the obligation facts are public); deadlines and counts follow."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from ccm.core.caching import forget_data_version
from ccm.obligations import services as obligation_services
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


def _numbers(data) -> set[int]:
    """Every integer in a JSON document (figures, wherever they sit: records, events)."""
    if isinstance(data, dict):
        return set().union(*(_numbers(v) for v in data.values())) if data else set()
    if isinstance(data, list):
        return set().union(*(_numbers(v) for v in data)) if data else set()
    return {data} if isinstance(data, int) and not isinstance(data, bool) else set()


def _public(client) -> tuple[str, set[int], list[str]]:
    """What the public sees of Ireland: its page, its obligations (API), its deadlines (API)."""
    forget_data_version()
    page = client.get("/states/IRL/").content.decode()
    obligations = client.get("/api/v1/obligations?state=IRL").json()
    deadlines = client.get("/api/v1/deadlines?state=IRL").json()
    items = deadlines["items"] if isinstance(deadlines, dict) else deadlines
    return page, _numbers(obligations), [d["obligation"] for d in items]


def test_figures_from_a_report_are_withdrawn_when_it_is_restricted(people, client):
    """Restricting a report withdraws the facts that rest on it — records it created go,
    a record it overwrote gets back what its other source said, an obligation it created
    goes — and the public no longer sees them; facts from other sources stay. Making the
    report public again brings its facts back."""
    ireland = State.objects.get(iso3="IRL")
    end = date(LAST_YEAR, 12, 31)
    monitor = "https://www.the-monitor.org/en-gb/reports/ireland"
    ob = obligation_services.save_obligation(
        ireland, 3, actor=None, basis="stockpile", status="ongoing", source_url=monitor
    )
    for on, kind, n in ((end, "declared", 9_871), (date(2015, 6, 1), "destroyed", 7_613)):
        obligation_services.save_stockpile_record(
            ob, actor=None, kind=kind, on=on, cluster_munitions=n, source_url=monitor
        )
    report = _report(
        "IRL",
        lines_b=[
            {"kind": "stockpile_declared", "label": "DM 1383", "cluster_munitions": 43_217},
            {"kind": "destroyed", "label": "DM 1383", "cluster_munitions": 12_349},
        ],
        lines_f=[{"kind": "area_contaminated", "label": "range", "area_m2": 1000}],
    )
    page, numbers, kinds = _public(client)
    assert {43_217, 12_349, 7_613} <= numbers and "43,217" in page
    assert any(k.startswith("art4") for k in kinds)

    services.set_visibility(report, "restricted", actor=people["PER"])

    page, numbers, kinds = _public(client)
    assert "43,217" not in page and "12,349" not in page
    assert not {43_217, 12_349} & numbers  # neither in the records nor in their events
    assert not any(k.startswith("art4") for k in kinds)
    assert client.get("/api/v1/obligations/IRL/4").status_code == 404
    # What other sources said stays: the record the report had overwritten is back to it.
    records = {r.kind: r for r in StockpileRecord.objects.filter(obligation=ob)}
    assert set(records) == {"declared", "destroyed"}
    assert (records["declared"].cluster_munitions, records["declared"].source_url) == (
        9_871,
        monitor,
    )
    assert records["destroyed"].cluster_munitions == 7_613 and "9,871" in page
    assert Obligation.objects.get(state=ireland, article=3).source_url == monitor
    assert report.events.filter(kind="facts", details__has_key="withdrawn").exists()

    services.set_visibility(report, "public", actor=people["PER"])

    page, numbers, kinds = _public(client)
    assert {43_217, 12_349, 7_613} <= numbers and "43,217" in page
    assert any(k.startswith("art4") for k in kinds)
