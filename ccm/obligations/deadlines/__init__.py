"""Deadlines of Articles 3, 4 and 7, as pure functions.

Every deadline counts from the entry into force of the Convention for the State (Art. 17,
ccm.states.status). Nothing here reads the database or the clock: the caller passes the facts
and the date asked about, and each deadline comes back with its status on that date and its
explanation. The package follows the treaty:

- facts: what the rules take (an obligation, its extension requests, discoveries) and give
  (a Deadline);
- dates: the treaty's periods, date arithmetic and wording shared by the rules;
- articles3_4: stockpile destruction (Art. 3) and clearance (Art. 4), with extensions;
- article7: the initial report and the annual updates (Art. 7);
- checks: facts that cannot all be true (Art. 3 and 4), asked by every path that writes them.

Importers use this package's names; the modules are its layout. The vocabularies (DeadlineKind,
DeadlineStatus, Decision, …) are the TextChoices of ccm.obligations.choices; `Kind` is
DeadlineKind under its short name.
"""

from ccm.obligations.choices import DeadlineKind, DeadlineStatus, Decision
from ccm.states import status as membership

from .article7 import (
    REPORT_KINDS,
    annual_report_due,
    initial_report_due,
    latest_and_next_reports,
    listed_by_default,
    report_deadlines,
)
from .articles3_4 import (
    TREATY_KINDS,
    deadline_extended_by,
    deadline_in_force,
    original_deadline,
    requested_extension_by,
    treaty_deadline,
)
from .checks import check_extension, check_obligation, check_stockpile_record
from .dates import (
    ANNUAL_REPORT_DAY,
    CLEARANCE_YEARS,
    DESTRUCTION_YEARS,
    INITIAL_REPORT_DAYS,
    MAX_EXTENSION_YEARS,
    SOON_DAYS,
    add_years,
    days_left,
    fmt,
    fmt_precise,
    period_end,
)
from .facts import Deadline, Discovery, Extension, Obligation

Kind = DeadlineKind

__all__ = [
    "ANNUAL_REPORT_DAY",
    "CLEARANCE_YEARS",
    "DESTRUCTION_YEARS",
    "INITIAL_REPORT_DAYS",
    "MAX_EXTENSION_YEARS",
    "REPORT_KINDS",
    "SOON_DAYS",
    "TREATY_KINDS",
    "Deadline",
    "DeadlineKind",
    "DeadlineStatus",
    "Decision",
    "Discovery",
    "Extension",
    "Kind",
    "Obligation",
    "add_years",
    "annual_report_due",
    "check_extension",
    "check_obligation",
    "check_stockpile_record",
    "days_left",
    "deadline_extended_by",
    "deadline_in_force",
    "fmt",
    "fmt_precise",
    "initial_report_due",
    "latest_and_next_reports",
    "listed_by_default",
    "membership",
    "original_deadline",
    "period_end",
    "report_deadlines",
    "requested_extension_by",
    "treaty_deadline",
]
