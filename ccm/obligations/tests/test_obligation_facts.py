"""Obligation facts beyond deadlines: completion declared to a meeting, stockpile quantities
(declared, destroyed, discovered, retained), and the typed events every path writes."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from ccm.core.csvimport import ReferenceDataInvalid
from ccm.core.testing import replace_line
from ccm.meetings.models import Meeting
from ccm.obligations import deadlines as rules
from ccm.obligations import services
from ccm.obligations.counts import destroyed_totals, obligation_counts
from ccm.obligations.models import Obligation, ObligationEvent, StockpileRecord
from ccm.obligations.querysets import deadlines_on, stockpile_records
from ccm.reference.loader import load_all
from ccm.states.models import State

TODAY = date(2026, 11, 23)


def art3(iso3: str, on: date) -> rules.Deadline:
    return {d.kind: d for d in deadlines_on(on, iso3=iso3)}[rules.Kind.DESTRUCTION]


# --- pure rules -------------------------------------------------------------------------


def test_period_end_reads_the_precision():
    assert rules.period_end(date(2023, 6, 1), "month") == date(2023, 6, 30)
    assert rules.period_end(date(2024, 2, 1), "month") == date(2024, 2, 29)
    assert rules.period_end(date(2019, 1, 1), "year") == date(2019, 12, 31)
    assert rules.period_end(date(2019, 3, 19), "day") == date(2019, 3, 19)


def test_a_declaration_in_the_month_of_a_completion_is_not_before_it():
    # Peru: last stocks destroyed 15 Dec 2023, declaration known only as "December 2023"
    ok = rules.check_obligation(
        3,
        basis="stockpile",
        status="completed",
        completed_on=date(2023, 12, 15),
        declared_on=date(2023, 12, 1),
        declared_precision="month",
    )
    assert ok == []
    early = rules.check_obligation(
        3,
        basis="stockpile",
        status="completed",
        completed_on=date(2023, 12, 15),
        declared_on=date(2023, 11, 30),
    )
    assert [f for f, _m in early] == ["completion_declared_on"]


@pytest.mark.parametrize(
    ("article", "facts", "field"),
    [
        (3, {"basis": "contamination_at_eif", "status": "ongoing"}, "basis"),
        (4, {"basis": "stockpile", "status": "ongoing"}, "basis"),
        (
            3,
            {"basis": "stockpile", "status": "ongoing", "completed_on": date(2020, 1, 1)},
            "completed_on",
        ),
        (
            4,
            {
                "basis": "contamination_at_eif",
                "status": "ongoing",
                "hostilities_ended_on": date(2020, 1, 1),
            },
            "hostilities_ended_on",
        ),
        (
            4,
            {
                "basis": "contamination_after_eif",
                "status": "ongoing",
                "hostilities_ended_on": date(2009, 1, 1),
                "entry_into_force": date(2010, 8, 1),
            },
            "hostilities_ended_on",
        ),
    ],
)
def test_contradictory_obligation_facts_are_named(article, facts, field):
    assert field in [f for f, _m in rules.check_obligation(article, **facts)]


def test_stockpile_record_rules():
    def fields(**kw):
        kw.setdefault("quantities", (10, None))
        return [f for f, _m in rules.check_stockpile_record(**kw)]

    assert fields(article=3, kind="destroyed", on=date(2020, 1, 1)) == []
    assert fields(article=4, kind="destroyed", on=date(2020, 1, 1)) == ["obligation"]
    assert fields(article=3, kind="destroyed", on=None) == ["on"]
    assert fields(article=3, kind="retained", on=None, quantities=(None, None)) == [
        "cluster_munitions"
    ]
    # discovered in 2020, destroyed "December 2019": impossible
    assert fields(
        article=3,
        kind="discovered",
        on=date(2020, 1, 1),
        on_precision="year",
        destroyed_on=date(2019, 12, 1),
        destroyed_precision="month",
    ) == ["destroyed_on"]
    assert fields(
        article=3, kind="destroyed", on=date(2020, 1, 1), destroyed_on=date(2021, 1, 1)
    ) == ["destroyed_on"]


RECORDS = st.lists(
    st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["declared", "destroyed", "discovered", "retained"]),
            "on": st.dates(date(2008, 1, 1), date(2030, 1, 1)),
            "destroyed_on": st.none() | st.dates(date(2008, 1, 1), date(2030, 1, 1)),
            "cluster_munitions": st.none() | st.integers(0, 10**6),
            "submunitions": st.none() | st.integers(0, 10**8),
            "qualifier": st.sampled_from(["exact", "approx"]),
            "iso3": st.sampled_from(["AAA", "BBB", "CCC"]),
        }
    ),
    max_size=12,
)


@given(
    RECORDS,
    st.dates(date(2008, 1, 1), date(2030, 1, 1)),
    st.dates(date(2008, 1, 1), date(2030, 1, 1)),
)
def test_destroyed_totals_never_decrease_and_ignore_declared_and_retained(records, a, b):
    early, late = sorted((a, b))
    first, second = destroyed_totals(records, early), destroyed_totals(records, late)
    assert first["cluster_munitions"] <= second["cluster_munitions"]
    assert first["submunitions"] <= second["submunitions"]
    assert first["states"] <= second["states"]
    only_held = [r for r in records if r["kind"] in ("declared", "retained")]
    assert destroyed_totals(only_held, late) == {
        "cluster_munitions": 0,
        "submunitions": 0,
        "states": 0,
        "approximate": False,
    }


# --- named cases from the reference data ------------------------------------------------


def test_bulgaria_completion_declared_to_11msp(reference_data):
    d = art3("BGR", TODAY)
    assert d.status is rules.DeadlineStatus.MET_ON_TIME
    assert "Completion declared to 11MSP (12 September 2023)." in str(d.explanation)
    # Before the declaration, the completion is known, the declaration is not.
    assert "declared" not in str(art3("BGR", date(2023, 7, 1)).explanation)


def test_guinea_bissau_clarified_at_the_2022_intersessional(reference_data):
    d = art3("GNB", TODAY)
    assert d.status is rules.DeadlineStatus.NOT_APPLICABLE
    assert "Clarified at IM2022 (May 2022)." in str(d.explanation)


def test_united_kingdom_stocks_discovered_after_completion(reference_data):
    """Completed Dec 2013; stocks found in 2020 and destroyed Dec 2020: met throughout, with
    the discovery flagged until its destruction is recorded."""
    during = art3("GBR", date(2020, 6, 1))
    assert during.status is rules.DeadlineStatus.MET_ON_TIME
    assert during.undestroyed_discovery
    assert "discovered after completion" in str(during.explanation)
    assert (
        obligation_counts(deadlines_on(date(2020, 6, 1)))["art3"]["discovered_not_destroyed"] == 1
    )
    after = art3("GBR", date(2021, 1, 1))
    assert not after.undestroyed_discovery
    assert "were destroyed (December 2020)" in str(after.explanation)
    assert (
        obligation_counts(deadlines_on(date(2021, 1, 1)))["art3"]["discovered_not_destroyed"] == 0
    )


def test_destroyed_totals_sum_the_recorded_figures(reference_data):
    rows = StockpileRecord.objects.filter(kind="destroyed", on__lte=date(2019, 12, 31))
    expected = sum(r.cluster_munitions or 0 for r in rows)
    # Spain's stocks found in 2012 count once they were destroyed (2017)
    spain = StockpileRecord.objects.get(obligation__state__iso3="ESP", kind="discovered")
    expected += spain.cluster_munitions
    totals = destroyed_totals(stockpile_records(), date(2019, 12, 31))
    assert totals["cluster_munitions"] == expected
    assert totals["approximate"]  # Switzerland's figure is "about"
    before_spain = destroyed_totals(stockpile_records(), date(2016, 12, 31))
    assert (
        totals["cluster_munitions"] - before_spain["cluster_munitions"] >= spain.cluster_munitions
    )


# --- services, events and the import -----------------------------------------------------


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_superuser("isu", "isu@example.org", "a long passphrase")


def test_save_obligation_records_completion_and_declaration_events(reference_data, officer):
    ob = Obligation.objects.get(state__iso3="LAO", article=4)
    n = ObligationEvent.objects.filter(obligation=ob).count()
    services.save_obligation(
        ob.state,
        4,
        actor=officer,
        status="completed",
        completed_on=date(2026, 6, 30),
        completion_declared_on=date(2026, 9, 3),
        declared_to=Meeting.objects.get(code="3RC"),
    )
    events = list(ObligationEvent.objects.filter(obligation=ob).order_by("pk")[n:])
    assert [e.kind for e in events] == ["changed", "completed", "completion_declared"]
    assert events[0].details["before"]["status"] == "ongoing"
    assert events[0].details["after"]["declared_to"] == "3RC"
    assert all(e.actor == officer and e.via == "command" for e in events)
    assert events[2].meeting.code == "3RC"
    d = {x.kind: x for x in deadlines_on(TODAY, iso3="LAO")}[rules.Kind.CLEARANCE]
    assert d.status is rules.DeadlineStatus.MET_LATE  # 30 Jun 2026, after 1 Aug 2025


def test_contradictory_facts_are_refused_and_nothing_is_saved(reference_data, officer):
    ob = Obligation.objects.get(state__iso3="PER", article=3)
    before = (Obligation.objects.values_list().get(pk=ob.pk), ObligationEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.save_obligation(
            ob.state, 3, actor=officer, completion_declared_on=date(2023, 11, 1)
        )
    assert "completion_declared_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.save_obligation(State.objects.get(iso3="USA"), 3, actor=officer, basis="stockpile")
    assert "no obligations" in str(exc.value)
    assert (
        Obligation.objects.values_list().get(pk=ob.pk),
        ObligationEvent.objects.count(),
    ) == before


def test_stockpile_records_go_through_the_service(reference_data, officer):
    peru = Obligation.objects.get(state__iso3="PER", article=3)
    rec = services.save_stockpile_record(
        peru, actor=officer, kind="retained", on=date(2024, 12, 31), cluster_munitions=12
    )
    event = ObligationEvent.objects.filter(obligation=peru).latest("pk")
    assert event.kind == "stockpile_recorded" and event.details["after"]["cluster_munitions"] == 12
    services.save_stockpile_record(peru, actor=officer, record=rec, cluster_munitions=10)
    event = ObligationEvent.objects.filter(obligation=peru).latest("pk")
    assert event.details == {
        "record": rec.pk,
        "kind": "retained",
        "before": {"cluster_munitions": 12},
        "after": {"cluster_munitions": 10},
    }
    chad = Obligation.objects.get(state__iso3="TCD", article=4)
    count = StockpileRecord.objects.count()
    with pytest.raises(ValidationError):
        services.save_stockpile_record(
            chad, actor=officer, kind="destroyed", on=date(2020, 1, 1), cluster_munitions=1
        )
    assert StockpileRecord.objects.count() == count


def test_admin_edits_go_through_the_services(reference_data, officer, client):
    client.force_login(officer)
    ob = Obligation.objects.get(state__iso3="LAO", article=4)
    url = f"/admin/obligations/obligation/{ob.pk}/change/"
    form = {
        "basis": "contamination_at_eif",
        "status": "ongoing",
        "completed_on": "2026-01-01",  # a completion date on an ongoing obligation
        "completed_precision": "day",
        "completion_declared_precision": "day",
        "verified": "on",
        "source_url": ob.source_url,
        "notes": ob.notes,
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
    }
    r = client.post(url, form)
    assert r.status_code == 200 and "not completed" in r.content.decode()
    assert Obligation.objects.get(pk=ob.pk).completed_on is None
    form["status"] = "completed"
    r = client.post(url, form)
    assert r.status_code == 302, r.content.decode()[:2000]
    kinds = list(
        ObligationEvent.objects.filter(obligation=ob, via="admin").values_list("kind", flat=True)
    )
    assert kinds == ["changed", "completed"]


def test_import_records_what_it_changes_and_nothing_when_unchanged(reference_data, data_copy):
    n = ObligationEvent.objects.count()
    load_all(data_copy, today=TODAY)
    assert ObligationEvent.objects.count() == n  # same files: nothing written
    replace_line(
        data_copy / "obligations/stockpile_records.csv",
        "BWA,",
        "BWA,Botswana,destroyed,2018-09-18,day,511,14400,exact,,,yes,corrected,src",
    )
    load_all(data_copy, today=TODAY)
    events = list(ObligationEvent.objects.order_by("pk")[n:])
    assert [(e.kind, e.via, e.obligation.state.iso3) for e in events] == [
        ("stockpile_recorded", "import", "BWA")
    ]
    assert StockpileRecord.objects.get(obligation__state__iso3="BWA").cluster_munitions == 511


@pytest.mark.parametrize(
    ("file", "prefix", "row", "column"),
    [
        (
            "obligations/stockpile_records.csv",
            "BWA,",
            "BWA,Botswana,destroyed,,day,510,14400,exact,,,yes,,src",
            "on",
        ),
        (
            "obligations/stockpile_records.csv",
            "BWA,",
            "TCD,Chad,destroyed,2018-09-18,day,510,14400,exact,,,yes,,src",
            "iso3",
        ),
        (
            "obligations/stockpile_records.csv",
            "BWA,",
            "BWA,Botswana,destroyed,2018-09-18,day,-5,14400,exact,,,yes,,src",
            "cluster_munitions",
        ),
        (
            "obligations/obligations.csv",
            "BGR,",
            "BGR,Bulgaria,3,stockpile,completed,2023-06-01,month,2023-09-12,day,99MSP,yes,,src",
            "completion_declared_to",
        ),
        (
            "obligations/obligations.csv",
            "BGR,",
            "BGR,Bulgaria,3,stockpile,completed,2023-06-01,month,2023-05-12,day,11MSP,yes,,src",
            "completion_declared_on",
        ),
    ],
)
def test_bad_obligation_files_are_refused_whole(
    reference_data, data_copy, file, prefix, row, column
):
    before = (
        sorted(StockpileRecord.objects.values_list("pk", "cluster_munitions", "on")),
        sorted(Obligation.objects.values_list("pk", "completion_declared_on", "declared_to")),
        ObligationEvent.objects.count(),
    )
    line = replace_line(data_copy / file, prefix, row)
    with pytest.raises(ReferenceDataInvalid) as exc:
        load_all(data_copy, today=TODAY)
    assert any(e.line == line and e.column == column for e in exc.value.errors), exc.value.errors
    after = (
        sorted(StockpileRecord.objects.values_list("pk", "cluster_munitions", "on")),
        sorted(Obligation.objects.values_list("pk", "completion_declared_on", "declared_to")),
        ObligationEvent.objects.count(),
    )
    assert after == before


# --- published -----------------------------------------------------------------------------


def test_obligations_api_and_counts(reference_data, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        r = client.get("/api/v1/obligations")
    assert r.status_code == 200
    bgr = next(o for o in r.json() if o["state"] == "BGR" and o["article"] == 3)
    assert bgr["declared_to"] == "11MSP"
    assert {rec["kind"] for rec in bgr["stockpile_records"]} == {"destroyed", "retained"}
    assert {e["kind"] for e in bgr["events"]} >= {"recorded", "submitted", "decided"}
    with django_assert_max_num_queries(8):
        c = client.get("/api/v1/obligations/counts?as_of=2023-09-12")
    body = c.json()
    page_counts = obligation_counts(deadlines_on(date(2023, 9, 12)))
    assert body["art3"] == page_counts["art3"] and body["art4"] == page_counts["art4"]
    assert body["destroyed"] == destroyed_totals(stockpile_records(), date(2023, 9, 12))
    assert client.get("/api/v1/obligations/counts?as_of=2023-13-01").status_code == 400
    assert client.get("/api/v1/obligations?state=XXX").status_code == 400


def test_state_page_timeline(reference_data, client):
    html = client.get("/states/BGR", follow=True).content.decode()
    assert 'id="obligation-timeline"' in html and 'id="stockpile-records"' in html
    timeline = html[html.index('id="obligation-timeline"') :]
    order = [
        timeline.index(t)
        for t in ("9MSP: request 1", "2RC: request 2", "Completion declared to 11MSP")
    ]
    assert order == sorted(order)
