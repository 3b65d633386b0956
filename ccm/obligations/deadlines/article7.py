"""Article 7: when each transparency report falls due, and its status on a date.

- Art. 7(1): an initial report within 180 days of entry into force for the State.
- Art. 7(2): an annual update by 30 April, covering the previous calendar year, from the
  calendar year after the one in which the initial report fell due.

The record of submitted reports is incomplete: it holds the reports submitted through the
system and those known from published sources, not every report ever sent. A past due date
with no submission on record is therefore NOT_RECORDED, never OVERDUE.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from django.utils.translation import gettext as _

from ccm.obligations.choices import DeadlineKind, DeadlineStatus
from ccm.states import status as membership

from .dates import ANNUAL_REPORT_DAY, INITIAL_REPORT_DAYS, SOON_DAYS, fmt, later, timing
from .facts import Deadline

REPORT_KINDS = frozenset({DeadlineKind.INITIAL_REPORT, DeadlineKind.ANNUAL_REPORT})
"""The deadlines of Article 7."""
AHEAD = frozenset({DeadlineStatus.NOT_YET_DUE, DeadlineStatus.DUE_SOON})


def initial_report_due(deposited_on: date) -> date:
    """Art. 7(1): 180 days after entry into force for the State."""
    return membership.entry_into_force_date(deposited_on) + timedelta(days=INITIAL_REPORT_DAYS)


def annual_report_due(year: int) -> date:
    """Art. 7(2): the annual update covering `year` is due by 30 April of the following year."""
    return date(year + 1, *ANNUAL_REPORT_DAY)


@dataclass(slots=True)
class _Due:
    """One report due: what every status of it shares, and why it is due then."""

    iso3: str
    kind: DeadlineKind
    due: date
    on: date
    why: Callable[[], str]
    year: int | None = None

    def deadline(
        self,
        status: DeadlineStatus,
        first: Callable[[], str],
        *,
        days_left: int | None = None,
        met_on: date | None = None,
    ) -> Deadline:
        """The deadline with its explanation (`first`, then why) built only when read."""

        def explain() -> str:
            return f"{first()} {self.why()}"

        return Deadline(
            self.iso3,
            self.kind,
            status,
            later(explain),
            due=self.due,
            original_due=self.due,
            year=self.year,
            on=self.on,
            days_left=days_left,
            met_on=met_on,
        )


def _report_deadline(report: _Due, submitted_on: date | None, soon_days: int) -> Deadline:
    """Submitted (on time or late) if a submission is on record by the date; otherwise not
    yet due, due soon, or past due with no submission recorded. Texts are translated and
    dates formatted only when the explanation is read."""
    if submitted_on and submitted_on <= report.on:
        late = submitted_on > report.due

        def submitted() -> str:
            text = (
                _("Submitted on %(when)s, after the due date %(due)s.")
                if late
                else _("Submitted on %(when)s, by the due date %(due)s.")
            )
            return text % {"when": fmt(submitted_on), "due": fmt(report.due)}

        status = DeadlineStatus.MET_LATE if late else DeadlineStatus.MET_ON_TIME
        return report.deadline(status, submitted, met_on=submitted_on)
    status, days = timing(report.due, report.on, soon_days)
    if status is DeadlineStatus.OVERDUE:

        def missing() -> str:
            return _("Due on %(due)s; no submission is recorded.") % {"due": fmt(report.due)}

        return report.deadline(DeadlineStatus.NOT_RECORDED, missing, days_left=days)

    def ahead() -> str:
        return _("Due on %(due)s (in %(days)d days).") % {"due": fmt(report.due), "days": days}

    return report.deadline(status, ahead, days_left=days)


def _initial_why(eif: date) -> str:
    return _("Art. 7(1): 180 days after entry into force for the State on %(eif)s.") % {
        "eif": fmt(eif)
    }


def _annual_why(year: int) -> str:
    return _(
        "Art. 7(2): annual update covering %(year)d, due by 30 April of the following year."
    ) % {"year": year}


def report_deadlines(
    acts: membership.StateActs,
    on: date,
    *,
    initial_submitted_on: date | None = None,
    annual_submitted: dict[int, date] | None = None,
    soon_days: int = SOON_DAYS,
) -> list[Deadline]:
    """Art. 7: the initial report and every annual update due up to the next one after `on`."""
    status, _bound = membership.classify(acts, on)
    if status is not membership.Status.STATE_PARTY or acts.deposited_on is None:
        return []
    eif = membership.entry_into_force_date(acts.deposited_on)
    initial = initial_report_due(acts.deposited_on)
    first = _Due(acts.iso3, DeadlineKind.INITIAL_REPORT, initial, on, partial(_initial_why, eif))
    out = [_report_deadline(first, initial_submitted_on, soon_days)]
    submitted = annual_submitted or {}
    year = initial.year
    while True:
        due = annual_report_due(year)
        why = partial(_annual_why, year)
        annual = _Due(acts.iso3, DeadlineKind.ANNUAL_REPORT, due, on, why, year)
        out.append(_report_deadline(annual, submitted.get(year), soon_days))
        if due >= on:
            break
        year += 1
    return out


def listed_by_default(d: Deadline) -> bool:
    """Whether a list of deadlines shows `d` before the reader chooses an article or a status.

    Articles 3 and 4 deadlines always. Article 7 (Art. 7(1)-(2)) deadlines only while still
    ahead (not yet due or due soon): the record of submitted reports is incomplete, so a past
    due date mostly reads "not recorded" — an absence the record cannot vouch for, which a
    default list would put in front of every reader. Choosing Article 7 (or a status) lists
    them all, each with its status.
    """
    return d.kind not in REPORT_KINDS or d.status in AHEAD


def latest_and_next_reports(deadlines: Sequence[Deadline]) -> list[Deadline]:
    """A State's deadlines as its page shows them: every Article 3 and 4 deadline and the
    initial report (Art. 7(1)), and of the annual updates (Art. 7(2)) the last fallen due and
    the next. `deadlines` are one State's, in the order report_deadlines gives them."""
    annual = [d for d in deadlines if d.kind is DeadlineKind.ANNUAL_REPORT]
    return [d for d in deadlines if d.kind is not DeadlineKind.ANNUAL_REPORT] + annual[-2:]
