"""Pure rules of Article 7 reports: what a report must contain to be submitted, and how
reports turn into reporting status and rates. No ORM, no today(): callers pass dates.

Art. 7(1): an initial report within 180 days of entry into force for the State;
Art. 7(2): an annual update by 30 April covering the previous calendar year. The due
dates themselves are computed in ccm.obligations.deadlines (article7).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from ccm.obligations.deadlines import Deadline, DeadlineKind, DeadlineStatus, annual_report_due

from .choices import (
    LINE_COLUMNS,
    LINE_FORMS,
    Answer,
    Form,
    LineKind,
    ReportingStatus,
    ReportKind,
)

VOLUNTARY_FORMS = frozenset({Form.J})
"""Form J ("other relevant matters") is voluntary: it may stay unanswered."""
CHANGED_OR_UNCHANGED_ONLY = frozenset({Form.A})
"""The annual cover page lets Form A be marked only changed or unchanged."""
CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Line:
    kind: str
    label: str = ""
    cluster_munitions: int | None = None
    submunitions: int | None = None
    area_m2: Decimal | None = None
    people: int | None = None
    amount: Decimal | None = None
    currency: str = ""
    partner: str = ""


@dataclass(frozen=True)
class Part:
    form: str
    answer: str = Answer.NOT_ANSWERED
    text: str = ""
    statement: str = ""
    unchanged_since: int | None = None  # pk of the earlier report
    lines: tuple[Line, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class OnRecord:
    """What the State's obligation facts already say (for the totals check)."""

    declared_munitions: int = 0
    declared_submunitions: int = 0


def line_errors(form: str, line: Line) -> list[str]:
    """What is wrong with one figure of a part (messages name the column)."""
    out: list[str] = []
    try:
        kind = LineKind(line.kind)
    except ValueError:
        return [_("“%(kind)s” is not a figure this system knows.") % {"kind": line.kind}]
    if LINE_FORMS[kind] != form:
        out.append(
            _("“%(figure)s” belongs to form %(right)s, not form %(form)s.")
            % {"figure": kind.label, "right": LINE_FORMS[kind].value, "form": form}
        )
    columns = LINE_COLUMNS[kind]
    values = [getattr(line, c) for c in columns]
    if all(v is None for v in values):
        names = {
            "cluster_munitions": _("a number of cluster munitions or of submunitions"),
            "area_m2": _("an area in square metres"),
            "people": _("a number of people"),
            "amount": _("an amount"),
        }
        out.append(
            _("“%(figure)s” needs %(what)s.") % {"figure": kind.label, "what": names[columns[0]]}
        )
    for column in ("cluster_munitions", "submunitions", "area_m2", "people", "amount"):
        value = getattr(line, column)
        if value is not None and value < 0:
            out.append(_("A figure cannot be negative (%(figure)s).") % {"figure": kind.label})
    if "amount" in columns and line.amount is not None and not CURRENCY.fullmatch(line.currency):
        out.append(
            _(
                "Give the currency of the amount as a three-letter code such as USD or EUR (%(figure)s)."
            )
            % {"figure": kind.label}
        )
    return out


def _sum(lines: Iterable[Line], kind: LineKind, column: str) -> int:
    return sum(getattr(x, column) or 0 for x in lines if x.kind == kind)


def totals_errors(part: Part, on_record: OnRecord) -> list[str]:
    """Form B: what a State destroyed cannot exceed what it held (declared in this report or
    on record before it) plus what it discovered."""
    out = []
    for column, recorded_held, label in (
        ("cluster_munitions", on_record.declared_munitions, _("cluster munitions")),
        ("submunitions", on_record.declared_submunitions, _("submunitions")),
    ):
        held = max(_sum(part.lines, LineKind.STOCKPILE_DECLARED, column), recorded_held)
        found = _sum(part.lines, LineKind.DISCOVERED, column)
        destroyed = _sum(part.lines, LineKind.DESTROYED, column)
        if destroyed > held + found:
            out.append(
                _(
                    "Destroyed %(what)s (%(destroyed)s) exceed those held (%(held)s) plus "
                    "those discovered (%(found)s): check the figures of form B."
                )
                % {"what": label, "destroyed": destroyed, "held": held, "found": found}
            )
    return out


def year_errors(
    kind: str, year: int | None, *, on: date, entry_into_force: date | None
) -> list[tuple[str, str]]:
    """Art. 7(2): an annual report covers one ended calendar year, not before the Convention
    entered into force for the State; an initial report covers none."""
    if kind != ReportKind.ANNUAL:
        return [] if year is None else [("year", _("An initial report covers no calendar year."))]
    if year is None:
        return [("year", _("Say which calendar year the annual report covers."))]
    if year >= on.year:
        return [
            (
                "year",
                _("An annual report covers a past calendar year: %(year)s has not ended.")
                % {"year": year},
            )
        ]
    if entry_into_force and year < entry_into_force.year:
        return [
            (
                "year",
                _("The Convention entered into force for the State only on %(eif)s.")
                % {"eif": entry_into_force.isoformat()},
            )
        ]
    return []


def latest_year_due(on: date) -> int:
    """The calendar year whose annual report fell due last by `on` (Art. 7(2): due 30 April
    after it)."""
    return on.year - 1 if on >= annual_report_due(on.year - 1) else on.year - 2


def _answer_errors(kind: str, form: Form, part: Part) -> list[str]:
    """What the answer of one part lacks: an unchanged part names the earlier report (not in
    an initial report); "nothing to report" carries a statement (and Form A of an annual
    report is only changed or unchanged); an answered part gives information."""
    label = form.label
    if part.answer == Answer.UNCHANGED:
        if kind == ReportKind.INITIAL:
            return [
                _("%(form)s: an initial report cannot refer to an earlier report.")
                % {"form": label}
            ]
        if part.unchanged_since is None:
            return [
                _("%(form)s: say which earlier report it is unchanged since.") % {"form": label}
            ]
    if part.answer == Answer.NOTHING:
        if kind == ReportKind.ANNUAL and form in CHANGED_OR_UNCHANGED_ONLY:
            return [
                _(
                    "%(form)s: national implementation measures are reported as "
                    "changed or unchanged, not as nothing to report."
                )
                % {"form": label}
            ]
        if not part.statement.strip():
            return [
                _(
                    "%(form)s: nothing to report needs a statement, e.g. “Country X "
                    "never produced cluster munitions”."
                )
                % {"form": label}
            ]
    if part.answer == Answer.ANSWERED and not part.text.strip() and not part.lines:
        return [_("%(form)s is marked answered but gives no information.") % {"form": label}]
    return []


def _part_errors(kind: str, form: Form, part: Part, on_record: OnRecord) -> list[str]:
    """Everything that stops one part (one form) from being submitted."""
    if part.answer == Answer.NOT_ANSWERED:
        if form in VOLUNTARY_FORMS:
            return []
        return [
            _("%(form)s is not answered. Answer it, or say there is nothing to report and why.")
            % {"form": form.label}
        ]
    out = _answer_errors(kind, form, part)
    for line in part.lines:
        out.extend(line_errors(form.value, line))
    if form == Form.B:
        out.extend(totals_errors(part, on_record))
    return out


def submission_errors(
    *,
    kind: str,
    year: int | None,
    period_from: date | None,
    period_to: date | None,
    submitted_on: date,
    entry_into_force: date | None,
    parts: Sequence[Part],
    on_record: OnRecord = OnRecord(),
) -> list[tuple[str, str]]:
    """Everything that stops a report from being submitted, as (where, message): `where` is
    a header field name or a form letter. An empty list means the report may be submitted."""
    out: list[tuple[str, str]] = []
    out.extend(year_errors(kind, year, on=submitted_on, entry_into_force=entry_into_force))
    if period_from and period_to and period_from > period_to:
        out.append(("period_to", _("The reporting period ends before it begins.")))
    by_form = {p.form: p for p in parts}
    for form in Form:
        part = by_form.get(form.value, Part(form=form.value))
        out.extend((form.value, m) for m in _part_errors(kind, form, part, on_record))
    return out


# --- status and rates ---------------------------------------------------------------------

_STATUS = {
    DeadlineStatus.MET_ON_TIME: ReportingStatus.ON_TIME,
    DeadlineStatus.MET_LATE: ReportingStatus.LATE,
    DeadlineStatus.NOT_RECORDED: ReportingStatus.MISSING,
    DeadlineStatus.OVERDUE: ReportingStatus.MISSING,
    DeadlineStatus.NOT_YET_DUE: ReportingStatus.NOT_YET_DUE,
    DeadlineStatus.DUE_SOON: ReportingStatus.NOT_YET_DUE,
}


def reporting_status(deadline: Deadline) -> ReportingStatus:
    """A report deadline's status read as timeliness: on time, late, missing, not yet due."""
    return _STATUS[deadline.status]


def missing_reports(deadlines: Iterable[Deadline], kind: str | None = None) -> list[Deadline]:
    """The report deadlines (Art. 7(1)-(2)) past due on their date with no submission on
    record, of one DeadlineKind if given."""
    return [
        d
        for d in deadlines
        if reporting_status(d) is ReportingStatus.MISSING
        and d.due is not None
        and (kind is None or d.kind == kind)
    ]


def days_overdue(deadline: Deadline) -> int:
    """How many days past its due date a report deadline is on its date: days_left
    (ccm.obligations.deadlines.days_left, the one count of days) turned round."""
    assert deadline.days_left is not None
    return -deadline.days_left


@dataclass(frozen=True)
class Rate:
    """Of the reports due by a date: how many came on time, late, or are missing."""

    due: int
    on_time: int
    late: int
    missing: int

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    def share(self, n: int) -> float | None:
        return round(100 * n / self.due, 1) if self.due else None

    @property
    def on_time_pct(self) -> float | None:
        return self.share(self.on_time)

    @property
    def submitted_pct(self) -> float | None:
        return self.share(self.submitted)

    def as_dict(self) -> dict[str, int | float | None]:
        return {
            "due": self.due,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "submitted": self.submitted,
            "on_time_pct": self.on_time_pct,
            "submitted_pct": self.submitted_pct,
        }


def rate(deadlines: Iterable[Deadline]) -> Rate:
    """Count the report deadlines that have fallen due (the others are not in the rate)."""
    c = Counter(reporting_status(d) for d in deadlines)
    due = c[ReportingStatus.ON_TIME] + c[ReportingStatus.LATE] + c[ReportingStatus.MISSING]
    return Rate(
        due=due,
        on_time=c[ReportingStatus.ON_TIME],
        late=c[ReportingStatus.LATE],
        missing=c[ReportingStatus.MISSING],
    )


def initial_rate(deadlines: Iterable[Deadline], year: int | None = None) -> Rate:
    """Initial reports: all those due by the date, or those that fell due in `year`."""
    return rate(
        d
        for d in deadlines
        if d.kind == DeadlineKind.INITIAL_REPORT
        and (year is None or (d.due and d.due.year == year))
    )


def annual_rate(deadlines: Iterable[Deadline], year: int) -> Rate:
    """Annual reports covering `year` (due 30 April of the next year)."""
    return rate(d for d in deadlines if d.kind == DeadlineKind.ANNUAL_REPORT and d.year == year)
