"""The treaty's limits on extension requests (Art. 3(3), 4(5)), in the rules and on import."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ccm.core.csvimport import ReferenceDataInvalid
from ccm.core.testing import replace_line
from ccm.obligations import deadlines as rules
from ccm.obligations.models import ExtensionRequest
from ccm.reference.loader import load_all

DEADLINE = date(2020, 8, 1)


@given(st.integers(min_value=1, max_value=8 * 12), st.sampled_from([3, 4]))
def test_length_limit(months, article):
    new = rules.membership.add_months(DEADLINE, months)
    ext = rules.Extension(
        1,
        submitted_on=date(2019, 1, 1),
        requested_deadline=new,
        decision=rules.Decision.GRANTED,
        granted_deadline=new,
    )
    errors = rules.check_extension(article, DEADLINE, ext)
    too_long = months > 12 * rules.MAX_EXTENSION_YEARS[article]
    assert bool(errors) == too_long
    if too_long:
        assert {f for f, _m in errors} == {"requested_deadline", "granted_deadline"}


def test_a_request_must_come_before_the_deadline():
    ext = rules.Extension(1, submitted_on=DEADLINE, requested_deadline=date(2022, 8, 1))
    assert [f for f, _m in rules.check_extension(4, DEADLINE, ext)] == ["submitted_on"]


REQ = "obligations/extension_requests.csv"


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        # Lao PDR, Art. 4: original deadline 1 Aug 2020; 6 years is more than Art. 4(5) allows
        (
            "LAO,Lao People's Democratic Republic,4,1,2019-02-26,day,2026-08-01,day,9MSP,granted,2026-08-01,day,yes,,src",
            "requested_deadline",
            "at most 5 years",
        ),
        # decided by a meeting that does not exist
        (
            "LAO,Lao People's Democratic Republic,4,1,2019-02-26,day,2025-08-01,day,99MSP,granted,2025-08-01,day,yes,,src",
            "decided_at",
            "no meeting “99MSP”",
        ),
        # submitted after the deadline it extends
        (
            "LAO,Lao People's Democratic Republic,4,1,2020-09-01,day,2025-08-01,day,9MSP,granted,2025-08-01,day,yes,,src",
            "submitted_on",
            "before the deadline it extends",
        ),
    ],
)
def test_import_refuses_requests_the_treaty_does_not_allow(
    reference_data, data_copy, row, column, message
):
    before = list(ExtensionRequest.objects.values_list("pk", "granted_deadline", "decided_at"))
    line = replace_line(data_copy / REQ, "LAO,Lao People's Democratic Republic,4,1,", row)
    with pytest.raises(ReferenceDataInvalid) as exc:
        load_all(data_copy, today=date(2026, 11, 23))
    matching = [e for e in exc.value.errors if e.line == line and e.column == column]
    assert matching and message in matching[0].message, exc.value.errors
    assert (
        list(ExtensionRequest.objects.values_list("pk", "granted_deadline", "decided_at")) == before
    )
