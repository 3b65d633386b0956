"""The Convention's dates, a State's acts, and the dates that follow from them (Art. 15, 17, 20)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format

OPENED_FOR_SIGNATURE = date(2008, 12, 3)
"""Art. 15: opened for signature in Oslo on 3 December 2008."""
THIRTIETH_DEPOSIT = date(2010, 2, 16)
"""The thirtieth instrument was deposited on 16 February 2010."""
ENTRY_INTO_FORCE = date(2010, 8, 1)
"""Art. 17(1): first day of the sixth month after the month of the thirtieth deposit."""
WITHDRAWAL_NOTICE_MONTHS = 6
"""Art. 20(2): a withdrawal takes effect six months after the depositary receives it."""


def add_months(d: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31 Aug + 6 → 28/29 Feb)."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def first_day_of_sixth_month_after(d: date) -> date:
    """First day of the sixth month after the month in which `d` falls."""
    return add_months(date(d.year, d.month, 1), 6)


def fmt(d: date) -> str:
    """A date in the active language's long format (30 April 2013)."""
    return date_format(d, "DATE_FORMAT")


@dataclass(frozen=True, slots=True)
class Dated:
    """A computed date with the explanation of how it follows from the facts."""

    value: date
    explanation: str


@dataclass(frozen=True, slots=True)
class StateActs:
    """The depositary's acts for one State: the only inputs the membership rules need."""

    iso3: str
    signed_on: date | None = None
    instrument_kind: str | None = None  # an InstrumentKind value
    deposited_on: date | None = None
    withdrawal_notified_on: date | None = None
    withdrawal_effective_on: date | None = None

    def change_dates(self) -> list[date]:
        """Every date on which this State's status or bound-ness can change."""
        dates = [self.signed_on, self.deposited_on, withdrawal_effective_date(self)]
        if self.deposited_on:
            dates.append(entry_into_force_date(self.deposited_on))
        return sorted({d for d in dates if d is not None})


def entry_into_force_date(deposited_on: date) -> date:
    """Art. 17: the date the Convention enters into force for a State that deposited on a date.

    Instruments deposited on or before the thirtieth (16 February 2010) take
    effect with the Convention on 1 August 2010 (Art. 17(1)); later ones on
    the first day of the sixth month after the month of deposit (Art. 17(2)).
    """
    if deposited_on <= THIRTIETH_DEPOSIT:
        return ENTRY_INTO_FORCE
    return first_day_of_sixth_month_after(deposited_on)


def withdrawal_effective_date(acts: StateActs) -> date | None:
    """Art. 20(2): when a withdrawal takes (or took) effect, or None if none was notified.

    A recorded effective date is the depositary's fact and wins. Otherwise the
    withdrawal takes effect six months after the depositary received it (if the
    State is then engaged in armed conflict, only when the conflict ends, which
    the facts cannot show: the explanation says so).
    """
    if acts.withdrawal_effective_on:
        return acts.withdrawal_effective_on
    if acts.withdrawal_notified_on:
        return add_months(acts.withdrawal_notified_on, WITHDRAWAL_NOTICE_MONTHS)
    return None


def withdrawal_known_on(acts: StateActs) -> date | None:
    """When the withdrawal was notified (or, with only the effective date known, six months before)."""
    if acts.withdrawal_notified_on:
        return acts.withdrawal_notified_on
    if acts.withdrawal_effective_on:
        return add_months(acts.withdrawal_effective_on, -WITHDRAWAL_NOTICE_MONTHS)
    return None
