"""Deadlines of Articles 3, 4 and 7, as pure functions.

Every deadline counts from the entry into force of the Convention for the
State (Art. 17, ccm.states.status). Nothing here reads the database or the
clock: the caller passes the facts and the date asked about, and each
deadline comes back with its status on that date and its explanation.

- Art. 3(2): destroy stockpiles within 8 years; Art. 3(3)-(5): extensions of
  up to 4 years each, decided by a Meeting of States Parties or Review
  Conference.
- Art. 4(1)(a): clear contaminated areas within 10 years; Art. 4(1)(b): for
  contamination arising later, 10 years after the end of active hostilities;
  Art. 4(5)-(8): extensions of up to 5 years each.
- Art. 7(1): initial report within 180 days; Art. 7(2): annual update by
  30 April, covering the previous calendar year, from the calendar year after
  the one in which the initial report fell due.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import partial

from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from ccm.states import status as membership

DESTRUCTION_YEARS = 8  # Art. 3(2)
CLEARANCE_YEARS = 10  # Art. 4(1)
INITIAL_REPORT_DAYS = 180  # Art. 7(1)
MAX_EXTENSION_YEARS = {3: 4, 4: 5}  # Art. 3(3), Art. 4(5)
ANNUAL_REPORT_DAY = (4, 30)  # Art. 7(2): 30 April


class Kind(StrEnum):
    DESTRUCTION = "art3.destruction"
    CLEARANCE = "art4.clearance"
    INITIAL_REPORT = "art7.initial"
    ANNUAL_REPORT = "art7.annual"


class DeadlineStatus(StrEnum):
    NOT_YET_DUE = "not_yet_due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    MET_ON_TIME = "met_on_time"
    MET_LATE = "met_late"
    MET = "met"  # completed, date not recorded
    AWAITING_DECISION = (
        "awaiting_decision"  # past due, an extension request has no recorded decision
    )
    NOT_RECORDED = "not_recorded"  # past due, no record either way (reports not yet in the system)
    NOT_APPLICABLE = "not_applicable"
    WITHDRAWN = "withdrawn"


class Decision(StrEnum):
    GRANTED = "granted"
    GRANTED_SHORTER = "granted_shorter"
    REFUSED = "refused"
    PENDING = "pending"  # the meeting has not been held
    UNKNOWN = "unknown"  # the meeting was held, its decision is not recorded


@dataclass(frozen=True, slots=True)
class Extension:
    """An extension request (Art. 3(3)-(5), 4(5)-(8)) as the rules need it."""

    sequence: int
    submitted_on: date | None = None
    requested_deadline: date | None = None
    meeting: str | None = None  # code of the deciding meeting
    decided_on: date | None = None  # the day the meeting closed, when known
    decision: Decision = Decision.UNKNOWN
    granted_deadline: date | None = None

    def in_force_on(self, on: date) -> bool:
        """Granted, with a new deadline, by a meeting that had closed by `on`."""
        return (
            self.decision in (Decision.GRANTED, Decision.GRANTED_SHORTER)
            and self.granted_deadline is not None
            and (self.decided_on is None or self.decided_on <= on)
        )

    def undecided_on(self, on: date) -> bool:
        """Requested, and no decision recorded as known on `on`."""
        if self.submitted_on and self.submitted_on > on:
            return False
        if self.decision in (Decision.PENDING, Decision.UNKNOWN):
            return True
        return self.decided_on is not None and self.decided_on > on


@dataclass(frozen=True, slots=True)
class Discovery:
    """Stocks found after a stockpile was declared (or destruction completed), and when they
    were destroyed. The action plans ask for their destruction as a matter of priority; the
    treaty gives them no deadline of their own."""

    found_on: date | None
    found_precision: str = "day"
    destroyed_on: date | None = None
    destroyed_precision: str = "day"


@dataclass(frozen=True, slots=True)
class Obligation:
    """The facts of one Article 3 or 4 obligation of a State."""

    article: int  # 3 or 4
    basis: str = ""  # stockpile, contamination_at_eif, contamination_after_eif, none_declared, ""
    status: str = ""  # completed, ongoing, no_obligation_clarified, ""
    completed_on: date | None = None
    completed_precision: str = "day"
    hostilities_ended_on: date | None = None  # Art. 4(1)(b)
    extensions: tuple[Extension, ...] = ()
    declared_on: date | None = None  # completion (or "no obligation") declared
    declared_precision: str = "day"
    declared_to: str | None = None  # code of the meeting it was declared to
    discoveries: tuple[Discovery, ...] = ()


@dataclass(frozen=True, slots=True)
class Deadline:
    """One deadline of one State, its status on a date and how both were obtained."""

    iso3: str
    kind: Kind
    status: DeadlineStatus
    explanation: str
    due: date | None = None
    original_due: date | None = None
    year: int | None = None  # the calendar year an annual report covers
    on: date | None = None
    days_left: int | None = None
    extended: bool = False
    met_on: date | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    undestroyed_discovery: bool = False  # stocks discovered by `on` and not yet destroyed


def _fmt(d: date) -> str:
    return date_format(d, "DATE_FORMAT")


def fmt_precise(d: date, precision: str) -> str:
    if precision == "year":
        return str(d.year)
    if precision == "month":
        return date_format(d, "YEAR_MONTH_FORMAT")
    return _fmt(d)


def add_years(d: date, years: int) -> date:
    return membership.add_months(d, 12 * years)


def period_end(d: date, precision: str) -> date:
    """The last day of the period a date stands for (a month- or year-precise date is stored as
    the first day of its month or year)."""
    if precision == "year":
        return date(d.year, 12, 31)
    if precision == "month":
        return membership.add_months(d.replace(day=1), 1) - timedelta(days=1)
    return d


def check_obligation(
    article: int,
    *,
    basis: str,
    status: str,
    completed_on: date | None = None,
    completed_precision: str = "day",
    declared_on: date | None = None,
    declared_precision: str = "day",
    hostilities_ended_on: date | None = None,
    entry_into_force: date | None = None,
) -> list[tuple[str, str]]:
    """Facts of one obligation that cannot all be true: (field, message) per contradiction.

    The import, the services and the admin all ask this function."""
    errors: list[tuple[str, str]] = []
    if article == 3 and basis.startswith("contamination"):
        errors.append(("basis", _("Article 3 concerns stockpiles, not contamination")))
    if article == 4 and basis == "stockpile":
        errors.append(("basis", _("Article 4 concerns contamination, not stockpiles")))
    if completed_on and status != "completed":
        errors.append(
            ("completed_on", _("a completion date on an obligation that is not completed"))
        )
    if hostilities_ended_on and basis != "contamination_after_eif":
        errors.append(
            (
                "hostilities_ended_on",
                _(
                    "the end of active hostilities counts only for contamination arising after "
                    "entry into force (Art. 4(1)(b))"
                ),
            )
        )
    if hostilities_ended_on and entry_into_force and hostilities_ended_on < entry_into_force:
        errors.append(
            (
                "hostilities_ended_on",
                _(
                    "contamination arising after entry into force (%(eif)s) cannot have ended "
                    "before it"
                )
                % {"eif": _fmt(entry_into_force)},
            )
        )
    if completed_on and declared_on and period_end(declared_on, declared_precision) < completed_on:
        errors.append(
            (
                "completion_declared_on",
                _("completion cannot be declared before it is completed (%(when)s)")
                % {"when": fmt_precise(completed_on, completed_precision)},
            )
        )
    return errors


def check_extension(article: int, current_deadline: date, ext: Extension) -> list[tuple[str, str]]:
    """The treaty's limits on one request (Art. 3(3), 4(5)): (field, message) per violation.

    A request comes before the deadline it extends, and asks for at most 4
    (Art. 3) or 5 (Art. 4) years beyond it; a grant cannot exceed that either.
    """
    errors: list[tuple[str, str]] = []
    limit_years = MAX_EXTENSION_YEARS[article]
    latest = add_years(current_deadline, limit_years)
    if ext.submitted_on and ext.submitted_on >= current_deadline:
        errors.append(
            (
                "submitted_on",
                _("a request must be submitted before the deadline it extends (%(deadline)s)")
                % {"deadline": _fmt(current_deadline)},
            )
        )
    for field_name, value in (
        ("requested_deadline", ext.requested_deadline),
        ("granted_deadline", ext.granted_deadline),
    ):
        if value and value > latest:
            errors.append(
                (
                    field_name,
                    _(
                        "at most %(years)d years beyond %(deadline)s under Article %(article)d, i.e. "
                        "%(latest)s at the latest"
                    )
                    % {
                        "years": limit_years,
                        "deadline": _fmt(current_deadline),
                        "article": article,
                        "latest": _fmt(latest),
                    },
                )
            )
        if value and value <= current_deadline:
            errors.append(
                (
                    field_name,
                    _("a new deadline must come after the deadline it extends (%(deadline)s)")
                    % {"deadline": _fmt(current_deadline)},
                )
            )
    if ext.decision in (Decision.GRANTED, Decision.GRANTED_SHORTER) and not ext.granted_deadline:
        errors.append(("granted_deadline", _("a granted request needs its new deadline")))
    if (
        ext.decision in (Decision.REFUSED, Decision.PENDING, Decision.UNKNOWN)
        and ext.granted_deadline
    ):
        errors.append(("granted_deadline", _("only a granted request sets a new deadline")))
    if (
        ext.decision == Decision.GRANTED_SHORTER
        and ext.granted_deadline
        and ext.requested_deadline
        and ext.granted_deadline >= ext.requested_deadline
    ):
        errors.append(
            ("decision", _("granted for a shorter period, yet not shorter than requested"))
        )
    return errors


def check_stockpile_record(
    article: int,
    *,
    kind: str,
    on: date | None,
    on_precision: str = "day",
    destroyed_on: date | None = None,
    destroyed_precision: str = "day",
    quantities: tuple[int | None, int | None] = (None, None),
) -> list[tuple[str, str]]:
    """A dated quantity under Article 3: (field, message) per contradiction."""
    errors: list[tuple[str, str]] = []
    if article != 3:
        errors.append(("obligation", _("Stockpile quantities belong to an Article 3 obligation.")))
    if kind in ("destroyed", "discovered") and on is None:
        errors.append(("on", _("Destruction and discovery need their date.")))
    if destroyed_on and kind != "discovered":
        errors.append(
            ("destroyed_on", _("Only discovered stocks carry a separate date of destruction."))
        )
    if destroyed_on and on and period_end(destroyed_on, destroyed_precision) < on:
        errors.append(
            (
                "destroyed_on",
                _("Stocks cannot be destroyed before they were discovered (%(when)s).")
                % {"when": fmt_precise(on, on_precision)},
            )
        )
    if kind != "discovered" and all(q is None for q in quantities):
        errors.append(
            ("cluster_munitions", _("Give the number of cluster munitions or of submunitions."))
        )
    if any(q is not None and q < 0 for q in quantities):
        errors.append(("cluster_munitions", _("Quantities cannot be negative.")))
    return errors


def original_deadline(acts: membership.StateActs, ob: Obligation) -> tuple[date, str] | None:
    """Art. 3(2) / 4(1): the deadline before any extension, with its explanation."""
    if not acts.deposited_on:
        return None
    eif = membership.entry_into_force_date(acts.deposited_on)
    if ob.article == 3:
        return add_years(eif, DESTRUCTION_YEARS), _(
            "Art. 3(2): eight years after entry into force for the State on %(eif)s."
        ) % {"eif": _fmt(eif)}
    if ob.basis == "contamination_after_eif":
        if not ob.hostilities_ended_on:
            return None
        return add_years(ob.hostilities_ended_on, CLEARANCE_YEARS), _(
            "Art. 4(1)(b): ten years after the end of active hostilities on %(end)s."
        ) % {"end": _fmt(ob.hostilities_ended_on)}
    return add_years(eif, CLEARANCE_YEARS), _(
        "Art. 4(1)(a): ten years after entry into force for the State on %(eif)s."
    ) % {"eif": _fmt(eif)}


def deadline_in_force(
    original: date, extensions: Sequence[Extension], on: date
) -> tuple[date, Extension | None]:
    """The deadline in force on `on`: the original, or the latest granted extension decided by then."""
    granted = [e for e in sorted(extensions, key=lambda e: e.sequence) if e.in_force_on(on)]
    if not granted:
        return original, None
    last = granted[-1]
    assert last.granted_deadline is not None
    return last.granted_deadline, last


def deadline_extended_by(original: date, extensions: Sequence[Extension], sequence: int) -> date:
    """The deadline that request number `sequence` extends (Art. 3(3), 4(5)): the original,
    or the new deadline of the last earlier request that was granted."""
    current = original
    for e in sorted(extensions, key=lambda e: e.sequence):
        if (
            e.sequence < sequence
            and e.decision in (Decision.GRANTED, Decision.GRANTED_SHORTER)
            and e.granted_deadline
        ):
            current = e.granted_deadline
    return current


def _timing(due: date, on: date, soon_days: int) -> tuple[DeadlineStatus, int]:
    days = (due - on).days
    if days < 0:
        return DeadlineStatus.OVERDUE, days
    return (DeadlineStatus.DUE_SOON if days <= soon_days else DeadlineStatus.NOT_YET_DUE), days


def _declaration(ob: Obligation, on: date) -> list[str]:
    """'Completion declared on … to …' (or the clarification) when known on `on`."""
    if not ob.declared_on or ob.declared_on > on:
        return []
    values = {
        "when": fmt_precise(ob.declared_on, ob.declared_precision),
        "meeting": ob.declared_to,
    }
    if ob.status == "completed":
        text = (
            _("Completion declared to %(meeting)s (%(when)s).")
            if ob.declared_to
            else _("Completion declared (%(when)s).")
        )
    else:
        text = (
            _("Clarified at %(meeting)s (%(when)s).")
            if ob.declared_to
            else _("Clarified (%(when)s).")
        )
    return [text % values]


def _discoveries(ob: Obligation, on: date) -> tuple[list[str], bool]:
    """Notes on stocks discovered by `on`, and whether any were not yet destroyed then."""
    notes, undestroyed = [], False
    for d in ob.discoveries:
        if d.found_on is None or d.found_on > on:
            continue
        found = fmt_precise(d.found_on, d.found_precision)
        after = (
            ob.status == "completed"
            and ob.completed_on is not None
            and d.found_on > period_end(ob.completed_on, ob.completed_precision)
        )
        if d.destroyed_on and d.destroyed_on <= on:
            text = (
                _("Stocks discovered after completion (%(found)s) were destroyed (%(destroyed)s).")
                if after
                else _("Stocks discovered (%(found)s) were destroyed (%(destroyed)s).")
            )
            notes.append(
                text
                % {"found": found, "destroyed": fmt_precise(d.destroyed_on, d.destroyed_precision)}
            )
        else:
            undestroyed = True
            text = (
                _(
                    "Stocks discovered after completion (%(found)s): their destruction is not "
                    "recorded; the action plan asks for it as a matter of priority."
                )
                if after
                else _("Stocks discovered (%(found)s): their destruction is not recorded.")
            )
            notes.append(text % {"found": found})
    return notes, undestroyed


def treaty_deadline(
    acts: membership.StateActs, ob: Obligation, on: date, *, soon_days: int = 90
) -> Deadline:
    """An Article 3 or 4 deadline of one State and its status on `on`."""
    kind = Kind.DESTRUCTION if ob.article == 3 else Kind.CLEARANCE
    st, _bound = membership.classify(acts, on)
    if st is membership.Status.WITHDRAWN:
        return Deadline(
            acts.iso3,
            kind,
            DeadlineStatus.WITHDRAWN,
            _("The State has withdrawn from the Convention (Art. 20)."),
            on=on,
        )
    if ob.status == "no_obligation_clarified" or ob.basis == "none_declared":
        what = (
            _("it holds no cluster munitions")
            if ob.article == 3
            else _("no area under its jurisdiction or control is contaminated")
        )
        text = _("No deadline: the State clarified that %(what)s.") % {"what": what}
        return Deadline(
            acts.iso3,
            kind,
            DeadlineStatus.NOT_APPLICABLE,
            " ".join([text, *_declaration(ob, on)]),
            on=on,
        )
    found = original_deadline(acts, ob)
    if found is None:
        return Deadline(
            acts.iso3,
            kind,
            DeadlineStatus.NOT_APPLICABLE,
            _("No deadline can be computed: the facts it counts from are not recorded."),
            on=on,
        )
    original, why = found
    due, by = deadline_in_force(original, ob.extensions, on)
    notes = [why]
    if by is not None:
        where = by.meeting or _("a meeting")
        notes.append(
            _("Extended to %(due)s by the decision of %(meeting)s on request %(n)d.")
            % {"due": _fmt(due), "meeting": where, "n": by.sequence}
        )
    base = {
        "iso3": acts.iso3,
        "kind": kind,
        "due": due,
        "original_due": original,
        "on": on,
        "extended": by is not None,
    }
    found_notes, undestroyed = _discoveries(ob, on)
    notes.extend(found_notes)
    base["undestroyed_discovery"] = undestroyed
    if ob.status == "completed":
        notes[0:0] = _declaration(ob, on)
        if ob.completed_on is None:
            notes.insert(0, _("Completed; the date of completion is not recorded."))
            return Deadline(status=DeadlineStatus.MET, explanation=" ".join(notes), **base)
        if ob.completed_on <= on:  # a later completion is not known on `on`
            late = ob.completed_on > due
            text = (
                _("Completed (%(when)s), after the deadline of %(due)s.")
                if late
                else _("Completed (%(when)s), by the deadline of %(due)s.")
            )
            notes.insert(
                0,
                text
                % {"when": fmt_precise(ob.completed_on, ob.completed_precision), "due": _fmt(due)},
            )
            return Deadline(
                status=DeadlineStatus.MET_LATE if late else DeadlineStatus.MET_ON_TIME,
                explanation=" ".join(notes),
                met_on=ob.completed_on,
                **base,
            )
    timing, days = _timing(due, on, soon_days)
    if timing is DeadlineStatus.OVERDUE:
        waiting = [e for e in ob.extensions if e.undecided_on(on)]
        if waiting:
            e = waiting[-1]
            notes.insert(
                0,
                _(
                    "Deadline of %(due)s passed; an extension was requested at %(meeting)s "
                    "and its decision is not recorded."
                )
                % {"due": _fmt(due), "meeting": e.meeting or _("a meeting")},
            )
            return Deadline(
                status=DeadlineStatus.AWAITING_DECISION,
                explanation=" ".join(notes),
                days_left=days,
                **base,
            )
        if ob.status == "":  # the sources do not say whether it was completed
            notes.insert(
                0,
                _(
                    "Deadline of %(due)s passed; whether the obligation was completed is "
                    "not recorded."
                )
                % {"due": _fmt(due)},
            )
            return Deadline(
                status=DeadlineStatus.NOT_RECORDED,
                explanation=" ".join(notes),
                days_left=days,
                **base,
            )
        notes.insert(0, _("Overdue since %(due)s.") % {"due": _fmt(due + timedelta(days=1))})
    else:
        notes.insert(0, _("Due on %(due)s (in %(days)d days).") % {"due": _fmt(due), "days": days})
    return Deadline(status=timing, explanation=" ".join(notes), days_left=days, **base)


def initial_report_due(deposited_on: date) -> date:
    """Art. 7(1): 180 days after entry into force for the State."""
    return membership.entry_into_force_date(deposited_on) + timedelta(days=INITIAL_REPORT_DAYS)


def _call(build: Callable[[], str]) -> str:
    return build()


_later = lazy(_call, str)
"""_later(build): a text built only when read (str(), a template, JSON); lists of hundreds
of report deadlines are filtered and counted far more often than they are shown."""


def _report_deadline(
    acts,
    kind: Kind,
    due: date,
    submitted_on: date | None,
    on: date,
    soon_days: int,
    why: Callable[[], str],
    year: int | None = None,
) -> Deadline:
    base = {
        "iso3": acts.iso3,
        "kind": kind,
        "due": due,
        "original_due": due,
        "on": on,
        "year": year,
    }
    if submitted_on and submitted_on <= on:
        late = submitted_on > due

        def submitted() -> str:
            text = (
                _("Submitted on %(when)s, after the due date %(due)s.")
                if late
                else _("Submitted on %(when)s, by the due date %(due)s.")
            ) % {"when": _fmt(submitted_on), "due": _fmt(due)}
            return f"{text} {why()}"

        return Deadline(
            status=DeadlineStatus.MET_LATE if late else DeadlineStatus.MET_ON_TIME,
            explanation=_later(submitted),
            met_on=submitted_on,
            **base,
        )
    timing, days = _timing(due, on, soon_days)
    if timing is DeadlineStatus.OVERDUE:

        def missing() -> str:
            return f"{_('Due on %(due)s; no submission is recorded.') % {'due': _fmt(due)}} {why()}"

        return Deadline(
            status=DeadlineStatus.NOT_RECORDED, explanation=_later(missing), days_left=days, **base
        )

    def ahead() -> str:
        text = _("Due on %(due)s (in %(days)d days).") % {"due": _fmt(due), "days": days}
        return f"{text} {why()}"

    return Deadline(status=timing, explanation=_later(ahead), days_left=days, **base)


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
    soon_days: int = 90,
) -> list[Deadline]:
    """Art. 7: the initial report and every annual update due up to the next one after `on`."""
    st, _bound = membership.classify(acts, on)
    if st is not membership.Status.STATE_PARTY or acts.deposited_on is None:
        return []
    eif = membership.entry_into_force_date(acts.deposited_on)
    initial = initial_report_due(acts.deposited_on)
    out = [
        _report_deadline(
            acts,
            Kind.INITIAL_REPORT,
            initial,
            initial_submitted_on,
            on,
            soon_days,
            lambda: (
                _("Art. 7(1): 180 days after entry into force for the State on %(eif)s.")
                % {"eif": _fmt(eif)}
            ),
        )
    ]
    submitted = annual_submitted or {}
    year = initial.year
    while True:
        due = date(year + 1, *ANNUAL_REPORT_DAY)
        why = partial(_annual_why, year)
        out.append(
            _report_deadline(
                acts, Kind.ANNUAL_REPORT, due, submitted.get(year), on, soon_days, why, year=year
            )
        )
        if due >= on:
            break
        year += 1
    return out
