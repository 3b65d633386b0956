"""The Convention's membership rules, as pure functions.

Nothing here reads the database or the clock: every function takes the
depositary's acts and the date asked about, and returns a value together with
the explanation of how it was obtained. Each rule cites its article; the map
from computed values to articles is in docs/domain/rules.md.

- Art. 15: signature is open from 3 December 2008 until entry into force.
- Art. 16: consent to be bound by ratification, acceptance or approval
  (signatories) or accession (non-signatories).
- Art. 17: entry into force.
- Art. 20: withdrawal.

The package: dates (the Convention's dates, a State's acts and the dates that follow from
them), standing (status on a date and its explanation), checks (what acts can be), counts
(States by status, on a date and over time). Importers use this package's names. The
vocabulary of standing is Status (ccm.states.choices), exported here with its rules.
"""

from ccm.states.choices import Status

from .checks import CONSENT_AFTER_SIGNATURE, check_acts
from .counts import ALWAYS, Counts, Period, SeriesPoint, count_series, counts_on
from .dates import (
    ENTRY_INTO_FORCE,
    OPENED_FOR_SIGNATURE,
    THIRTIETH_DEPOSIT,
    WITHDRAWAL_NOTICE_MONTHS,
    Dated,
    StateActs,
    add_months,
    entry_into_force_date,
    first_day_of_sixth_month_after,
    fmt,
    withdrawal_effective_date,
    withdrawal_known_on,
)
from .standing import (
    TABLE_COLUMNS,
    StatusOn,
    classify,
    entry_into_force_for,
    status_on,
    table_column,
    withdrawal_effective,
)

__all__ = [
    "ALWAYS",
    "CONSENT_AFTER_SIGNATURE",
    "ENTRY_INTO_FORCE",
    "OPENED_FOR_SIGNATURE",
    "TABLE_COLUMNS",
    "THIRTIETH_DEPOSIT",
    "WITHDRAWAL_NOTICE_MONTHS",
    "Counts",
    "Dated",
    "Period",
    "SeriesPoint",
    "StateActs",
    "Status",
    "StatusOn",
    "add_months",
    "check_acts",
    "classify",
    "count_series",
    "counts_on",
    "entry_into_force_date",
    "entry_into_force_for",
    "first_day_of_sixth_month_after",
    "fmt",
    "status_on",
    "table_column",
    "withdrawal_effective",
    "withdrawal_effective_date",
    "withdrawal_known_on",
]
