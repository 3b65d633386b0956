"""One State's deadlines read that State's acts only (issue 11: `deadlines_on(iso3=…)` read
every State's acts with all_acts() and kept one; `/api/v1/deadlines?state=PER` and the
reporting table for one State did so on every request)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ccm.obligations.querysets import deadlines_on
from ccm.reports import reporting

ACT_TABLES = ('"states_signature"', '"states_instrument"', '"states_withdrawal"')


def acts_queries(run) -> list[str]:
    """The SQL of the queries `run()` sends that read States' acts."""
    with CaptureQueriesContext(connection) as captured:
        run()
    return [q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in ACT_TABLES)]


def assert_reads_one_states_acts(run) -> None:
    queries = acts_queries(run)
    assert queries, "the computation reads the State's acts"
    for sql in queries:
        assert "WHERE" in sql and "PER" in sql, f"reads every State's acts: {sql}"


@pytest.mark.django_db
def test_deadlines_on_one_state_reads_that_states_acts_only(reference_data):
    on = date(2025, 6, 1)
    assert_reads_one_states_acts(lambda: deadlines_on(on, iso3="PER"))
    assert_reads_one_states_acts(lambda: deadlines_on(on, iso3="PER", article=7))
    # the same deadlines as when every State's acts are read and one is kept
    from ccm.states.membership import all_acts

    assert deadlines_on(on, iso3="PER") == deadlines_on(on, iso3="PER", acts=all_acts())
    assert deadlines_on(on, iso3="XXX") == []


@pytest.mark.django_db
def test_api_deadlines_for_one_state_reads_that_states_acts_only(reference_data, client):
    def get():
        response = client.get("/api/v1/deadlines?state=PER&as_of=2025-06-01")
        assert response.status_code == 200, response.content
        assert {d["state"] for d in response.json()["items"]} == {"PER"}

    assert_reads_one_states_acts(get)


@pytest.mark.django_db
def test_reporting_table_for_one_state_reads_that_states_acts_only(reference_data, client):
    assert_reads_one_states_acts(lambda: reporting.status_table(2024, date(2025, 6, 1), iso3="PER"))

    def get():
        response = client.get("/api/v1/reporting/status?year=2024&state=PER&as_of=2025-06-01")
        assert response.status_code == 200, response.content

    assert_reads_one_states_acts(get)
