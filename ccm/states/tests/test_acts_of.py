"""One State's computations read one State's rows (issue 11: one State's entry into force
was found by reading all 197 States, in the obligation and report services)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ccm.obligations import services as obligation_services
from ccm.obligations.models import Obligation
from ccm.reports import services as report_services
from ccm.states import status as rules
from ccm.states.acts import acts_of, entry_into_force_of
from ccm.states.models import Instrument, Signature, State, Withdrawal

STATE_TABLE = '"states_state"'


def more_states(n: int) -> None:
    """`n` more States Parties, each with a signature and an instrument."""
    for i in range(n):
        state = State.objects.create(iso3=f"Z{i:02d}", name=f"Zzz test State {i}")
        Signature.objects.create(state=state, signed_on=date(2008, 12, 3))
        Instrument.objects.create(state=state, kind="ratification", deposited_on=date(2011, 5, 2))


def state_queries(run) -> list[str]:
    """The SQL of the queries `run()` sends that read the States table."""
    with CaptureQueriesContext(connection) as captured:
        run()
    return [q["sql"] for q in captured.captured_queries if STATE_TABLE in q["sql"]]


def one_states_computations(state: State):
    """What the services compute about one State: an obligation's facts checked against its
    entry into force, the deadline a new extension request would extend, whether it may
    start an Article 7 report."""
    obligation = Obligation.objects.get(state=state, article=3)
    today = timezone.localdate()
    return [
        lambda: obligation_services.obligation_errors(
            state, 3, {"basis": obligation.basis, "status": obligation.status}
        ),
        lambda: obligation_services.submission_errors(
            obligation, submitted_on=today, requested_deadline=date(today.year + 3, 8, 1)
        ),
        lambda: report_services.start_errors(state, "annual", today.year - 1, today),
    ]


def test_acts_of_reads_one_states_acts_in_one_query(reference_data, django_assert_num_queries):
    per = State.objects.get(iso3="PER")
    with django_assert_num_queries(1):
        acts = acts_of(per)
    assert acts == State.objects.with_acts().get(iso3="PER").acts()
    assert acts_of("PER") == acts_of(per.pk) == acts
    assert acts_of("XXX") is None


def test_entry_into_force_of_follows_article_17(reference_data, django_assert_num_queries):
    lao = State.objects.get(iso3="LAO")  # deposited 18 March 2009: with the Convention
    with django_assert_num_queries(1):
        assert entry_into_force_of(lao) == rules.ENTRY_INTO_FORCE
    state = State.objects.create(iso3="ZZA", name="Zzz")
    assert entry_into_force_of(state) is None  # no instrument, no entry into force
    Instrument.objects.create(state=state, kind="accession", deposited_on=date(2023, 3, 15))
    assert entry_into_force_of(state) == date(2023, 9, 1)  # Art. 17(2), read afresh
    Withdrawal.objects.create(state=state, notified_on=date(2024, 1, 5))
    assert acts_of(state).withdrawal_notified_on == date(2024, 1, 5)


def test_one_states_entry_into_force_reads_only_that_states_rows(
    reference_data, django_assert_max_num_queries
):
    """The finding: the services read every State's acts to find one State's entry into
    force. Each query they send to the States table is now restricted to the State."""
    per = State.objects.get(iso3="PER")
    for compute in one_states_computations(per):
        for sql in state_queries(compute):
            assert "WHERE" in sql, f"reads every State: {sql}"


@pytest.mark.parametrize("step", range(3))
def test_one_states_computations_do_not_grow_with_the_number_of_states(
    reference_data, django_assert_max_num_queries, step
):
    per = State.objects.get(iso3="PER")
    compute = one_states_computations(per)[step]
    with CaptureQueriesContext(connection) as before:
        compute()
    more_states(30)
    with django_assert_max_num_queries(len(before.captured_queries)):
        compute()
