"""Issue 11, "reports/reporting.py (a second days_left)": the overdue list counted its days
itself; it now reads the one count of days the deadline rules give (Deadline.days_left,
ccm.obligations.deadlines.days_left), and which reports are missing is a rule in
ccm.reports.rules."""

from __future__ import annotations

from datetime import date

from ccm.obligations import deadlines
from ccm.obligations.deadlines import DeadlineStatus, Kind
from ccm.obligations.querysets import deadlines_on
from ccm.reports import reporting, rules
from ccm.states.status import StateActs

ON = date(2026, 11, 23)


def test_days_overdue_is_days_left_turned_round():
    acts = StateActs("XXX", date(2008, 12, 3), "ratification", date(2009, 1, 5))
    items = deadlines.report_deadlines(acts, ON)
    missing = rules.missing_reports(items)
    assert missing and {d.status for d in missing} == {DeadlineStatus.NOT_RECORDED}
    for d in missing:
        assert rules.days_overdue(d) == -d.days_left == (ON - d.due).days
        assert deadlines.days_left(d.due, ON) == d.days_left
    assert rules.missing_reports(items, Kind.INITIAL_REPORT) == [missing[0]]


def test_overdue_list_reads_the_rules_days(reference_data):
    rows = reporting.overdue_reports(ON)
    by_key = {
        (d.iso3, d.kind.value, d.year): d
        for d in deadlines_on(ON, article=7)
        if d.status is DeadlineStatus.NOT_RECORDED
    }
    assert rows and len(rows) == len(by_key)
    for row in rows:
        assert row.days_overdue == -by_key[(row.iso3, row.kind, row.year)].days_left
    initial_only = reporting.overdue_reports(ON, kind="art7.initial")
    assert initial_only and all(r.kind == Kind.INITIAL_REPORT for r in initial_only)
