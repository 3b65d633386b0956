"""Issue 11, "rules outside the rules modules": the deadlines page hid past Article 7 deadlines
"until reports are recorded (a later issue)" in the view and said so on the page; the State
page chose its annual reports in the view and read every State's acts for one State; the
published-figure comparison counted extension requesters itself. Each rule now has a name
and a docstring in ccm.obligations.deadlines, and the views call it."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccm.obligations import deadlines as rules
from ccm.obligations.deadlines import Deadline, DeadlineStatus, Kind
from ccm.states.status import StateActs

ON = date(2026, 11, 23)


def _deadline(kind: Kind, status: DeadlineStatus, year: int | None = None) -> Deadline:
    return Deadline("XXX", kind, status, "", due=date(2020, 4, 30), year=year)


def test_article7_deadlines_are_listed_by_default_only_while_ahead():
    for status in (DeadlineStatus.NOT_YET_DUE, DeadlineStatus.DUE_SOON):
        assert rules.listed_by_default(_deadline(Kind.ANNUAL_REPORT, status))
        assert rules.listed_by_default(_deadline(Kind.INITIAL_REPORT, status))
    for status in (
        DeadlineStatus.NOT_RECORDED,
        DeadlineStatus.MET_ON_TIME,
        DeadlineStatus.MET_LATE,
    ):
        assert not rules.listed_by_default(_deadline(Kind.ANNUAL_REPORT, status))
    for status in DeadlineStatus:
        assert rules.listed_by_default(_deadline(Kind.CLEARANCE, status))
        assert rules.listed_by_default(_deadline(Kind.DESTRUCTION, status))


def test_no_state_without_a_report_on_record_is_called_overdue_under_article_7():
    acts = StateActs("XXX", date(2008, 12, 3), "ratification", date(2009, 1, 5))
    items = rules.report_deadlines(acts, ON)
    past = [d for d in items if d.due and d.due < ON]
    assert past and all(d.status is DeadlineStatus.NOT_RECORDED for d in past)


def test_deadlines_page_hides_past_article7_by_the_rule_and_names_no_later_issue(
    reference_data, client
):
    r = client.get("/deadlines/", {"as_of": ON.isoformat()})
    html = r.content.decode()
    items = r.context["items"]
    assert items and all(rules.listed_by_default(d) for d in items)
    assert not [d for d in items if d.kind in rules.REPORT_KINDS and d.due and d.due < ON]
    assert 'id="article7-note"' in html
    assert "later issue" not in html and "until submitted reports are recorded" not in html
    # Chosen, Article 7 lists every report due; a past one without a submission on record
    # reads "not recorded", never "overdue".
    r = client.get("/deadlines/", {"as_of": ON.isoformat(), "article": "7"})
    statuses = {d.status for d in r.context["items"]}
    assert DeadlineStatus.NOT_RECORDED in statuses and DeadlineStatus.OVERDUE not in statuses
    assert 'id="article7-note"' not in r.content.decode()


def test_state_page_shows_obligations_initial_report_and_last_and_next_annual_reports():
    acts = StateActs("XXX", date(2008, 12, 3), "ratification", date(2009, 1, 5))
    items = rules.report_deadlines(acts, ON)
    shown = rules.latest_and_next_reports(items)
    annual = [d.year for d in shown if d.kind is Kind.ANNUAL_REPORT]
    assert shown[0].kind is Kind.INITIAL_REPORT
    # 2025's update fell due on 30 April 2026, the last by 23 November 2026; 2026's is next
    assert annual == [ON.year - 1, ON.year]


def test_state_page_uses_the_rule(reference_data, client):
    r = client.get("/states/LAO/", {"as_of": ON.isoformat()})
    kinds = [d.kind for d in r.context["deadlines"]]
    assert kinds.count(Kind.ANNUAL_REPORT) == 2 and Kind.CLEARANCE in kinds


def test_one_states_page_does_not_read_every_states_acts(reference_data, client):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get("/states/PER/", {"as_of": "2024-01-02"})
    assert r.status_code == 200
    every_state = [
        q["sql"]
        for q in ctx.captured_queries
        if 'FROM "states_state"' in q["sql"] and "WHERE" not in q["sql"]
    ]
    assert not every_state


def test_extension_requesters_are_counted_from_their_submission():
    submitted = [("LAO", date(2019, 2, 26)), ("LAO", date(2024, 3, 1)), ("CHL", None)]
    assert rules.requested_extension_by(submitted, date(2019, 2, 25)) == set()
    assert rules.requested_extension_by(submitted, date(2019, 2, 26)) == {"LAO"}
    assert rules.requested_extension_by([*submitted, ("BIH", date(2020, 1, 1))], ON) == {
        "LAO",
        "BIH",
    }
