"""Articles 3, 4 and 7 on real named cases from the data (issue 3's done-when)."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from ccm.obligations import deadlines as rules
from ccm.obligations.querysets import deadlines_on
from ccm.states.status import StateActs

ON = date(2026, 11, 23)


def by_kind(iso3, on=ON):
    return {(d.kind.value, d.year): d for d in deadlines_on(on, iso3=iso3)}


def test_worked_example():
    """DOMAIN.md: deposit 30 April 2013 → initial report 30 March 2014, stockpiles 1 Oct 2021,
    clearance 1 Oct 2023."""
    acts = StateActs("XXX", date(2008, 12, 3), "ratification", date(2013, 4, 30))
    assert rules.initial_report_due(acts.deposited_on) == date(2014, 3, 30)
    stock = rules.treaty_deadline(
        acts, rules.Obligation(3, "stockpile", "ongoing"), date(2020, 1, 1)
    )
    land = rules.treaty_deadline(
        acts, rules.Obligation(4, "contamination_at_eif", "ongoing"), date(2020, 1, 1)
    )
    assert (stock.due, land.due) == (date(2021, 10, 1), date(2023, 10, 1))
    assert "Art. 3(2)" in stock.explanation and "Art. 4(1)(a)" in land.explanation


def test_bolivia_initial_report_from_the_cli(reference_data):
    out = StringIO()
    call_command("deadlines", state="BOL", format="json", stdout=out)
    items = json.loads(out.getvalue())["items"]
    initial = next(i for i in items if i["obligation"] == "art7.initial")
    assert initial["due"] == "2014-03-30"
    assert "1 October 2013" in initial["explanation"]
    first_annual = next(i for i in items if i["obligation"] == "art7.annual")
    assert (first_annual["year"], first_annual["due"]) == (2014, "2015-04-30")


def test_first_annual_update_follows_the_initial_report_year():
    """DOMAIN.md: initial due 28 January 2011 → first annual update covers 2011, due 30 April 2012."""
    acts = StateActs("XXX", date(2008, 12, 3), "ratification", date(2009, 1, 5))
    items = rules.report_deadlines(acts, date(2012, 5, 1))
    assert [(d.kind.value, d.year, d.due) for d in items] == [
        ("art7.initial", None, date(2011, 1, 28)),
        ("art7.annual", 2011, date(2012, 4, 30)),
        ("art7.annual", 2012, date(2013, 4, 30)),
    ]


def test_lao_clearance_extended_at_9msp_with_a_later_request_awaiting_a_decision(reference_data):
    d = by_kind("LAO")[("art4.clearance", None)]
    assert d.original_due == date(2020, 8, 1)
    assert d.due == date(2025, 8, 1) and d.extended
    assert "9MSP" in d.explanation
    assert d.status is rules.DeadlineStatus.AWAITING_DECISION  # never silently overdue
    assert "12MSP" in d.explanation and "not recorded" in d.explanation
    # before 9MSP closed (4 Sep 2019) the original deadline was in force
    before = by_kind("LAO", date(2019, 9, 1))[("art4.clearance", None)]
    assert before.due == date(2020, 8, 1) and not before.extended


@pytest.mark.parametrize("on", [date(2023, 12, 15), date(2024, 6, 1), date(2030, 1, 1)])
def test_completed_stockpile_destruction_is_met_not_overdue(reference_data, on):
    d = by_kind("PER", on)[("art3.destruction", None)]
    assert d.status is rules.DeadlineStatus.MET_ON_TIME
    assert d.met_on == date(2023, 12, 15)
    assert "15 December 2023" in d.explanation


def test_no_stockpile_clarified_has_no_deadline(reference_data):
    d = by_kind("AFG")[("art3.destruction", None)]
    assert d.status is rules.DeadlineStatus.NOT_APPLICABLE and d.due is None
    assert "clarified" in d.explanation


def test_unknown_outcome_is_not_called_overdue(reference_data):
    d = by_kind("GBR")[("art4.clearance", None)]  # Falklands/Malvinas: outcome not found
    assert d.status is rules.DeadlineStatus.NOT_RECORDED


def test_filters_and_query_count(reference_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        items = deadlines_on(ON, article=4, status="extended")
    assert items and all(d.kind is rules.Kind.CLEARANCE and d.extended for d in items)
