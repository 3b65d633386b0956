"""The treaty's periods, the date arithmetic the deadlines share, and how dates are worded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.functional import lazy

from ccm.core.choices import Precision
from ccm.obligations.choices import DeadlineStatus
from ccm.states import status as membership

DESTRUCTION_YEARS = 8  # Art. 3(2)
CLEARANCE_YEARS = 10  # Art. 4(1)
MAX_EXTENSION_YEARS = {3: 4, 4: 5}  # Art. 3(3), Art. 4(5)
INITIAL_REPORT_DAYS = 180  # Art. 7(1)
ANNUAL_REPORT_DAY = (4, 30)  # Art. 7(2): 30 April
SOON_DAYS = 90
"""A deadline is "due soon" within this many days, unless the caller asks for another window."""


def add_years(d: date, years: int) -> date:
    """The same day `years` later, clamped to the month's last day (29 Feb + 1 → 28 Feb)."""
    return membership.add_months(d, 12 * years)


def period_end(d: date, precision: str) -> date:
    """The last day of the period a date stands for (a month- or year-precise date is stored as
    the first day of its month or year)."""
    if precision == Precision.YEAR:
        return date(d.year, 12, 31)
    if precision == Precision.MONTH:
        return membership.add_months(d.replace(day=1), 1) - timedelta(days=1)
    return d


def days_left(due: date, on: date) -> int:
    """Days from `on` to `due`: negative once the due date has passed. The one count of days
    every deadline, list and reminder uses (Deadline.days_left)."""
    return (due - on).days


def timing(due: date, on: date, soon_days: int) -> tuple[DeadlineStatus, int]:
    """Overdue, due soon or not yet due on `on`, with days_left."""
    days = days_left(due, on)
    if days < 0:
        return DeadlineStatus.OVERDUE, days
    return (DeadlineStatus.DUE_SOON if days <= soon_days else DeadlineStatus.NOT_YET_DUE), days


def fmt(d: date) -> str:
    """A date in the active language's long format (30 April 2013)."""
    return date_format(d, "DATE_FORMAT")


def fmt_precise(d: date, precision: str) -> str:
    """A date as precisely as the sources give it: 2023, June 2023 or 12 June 2023."""
    if precision == Precision.YEAR:
        return str(d.year)
    if precision == Precision.MONTH:
        return date_format(d, "YEAR_MONTH_FORMAT")
    return fmt(d)


def _call(build: Callable[[], str]) -> str:
    return build()


later = lazy(_call, str)
"""later(build): a text built only when read (str(), a template, JSON); lists of hundreds
of report deadlines are filtered and counted far more often than they are shown."""
