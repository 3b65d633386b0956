"""Articles 3 and 4: the deadlines to destroy stockpiles and to clear contaminated areas,
their extensions, and their status on a date.

- Art. 3(2): destroy stockpiles within 8 years of entry into force for the State;
  Art. 3(3)-(5): extensions of up to 4 years each, decided by a Meeting of States Parties or
  Review Conference.
- Art. 4(1)(a): clear contaminated areas within 10 years; Art. 4(1)(b): for contamination
  arising later, 10 years after the end of active hostilities; Art. 4(5)-(8): extensions of
  up to 5 years each.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from ccm.obligations.choices import Basis, DeadlineKind, DeadlineStatus, ObligationStatus
from ccm.states import status as membership

from .dates import (
    CLEARANCE_YEARS,
    DESTRUCTION_YEARS,
    SOON_DAYS,
    add_years,
    fmt,
    fmt_precise,
    period_end,
    timing,
)
from .facts import GRANTED, Deadline, Extension, Obligation

TREATY_KINDS = frozenset({DeadlineKind.DESTRUCTION, DeadlineKind.CLEARANCE})
"""The deadlines of Articles 3 and 4."""


def original_deadline(acts: membership.StateActs, ob: Obligation) -> tuple[date, str] | None:
    """Art. 3(2) / 4(1): the deadline before any extension, with its explanation."""
    if not acts.deposited_on:
        return None
    eif = membership.entry_into_force_date(acts.deposited_on)
    if ob.article == 3:
        return add_years(eif, DESTRUCTION_YEARS), _(
            "Art. 3(2): eight years after entry into force for the State on %(eif)s."
        ) % {"eif": fmt(eif)}
    if ob.basis == Basis.CONTAMINATION_AFTER_EIF:
        if not ob.hostilities_ended_on:
            return None
        return add_years(ob.hostilities_ended_on, CLEARANCE_YEARS), _(
            "Art. 4(1)(b): ten years after the end of active hostilities on %(end)s."
        ) % {"end": fmt(ob.hostilities_ended_on)}
    return add_years(eif, CLEARANCE_YEARS), _(
        "Art. 4(1)(a): ten years after entry into force for the State on %(eif)s."
    ) % {"eif": fmt(eif)}


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
        if e.sequence < sequence and e.decision in GRANTED and e.granted_deadline:
            current = e.granted_deadline
    return current


def requested_extension_by(submitted: Iterable[tuple[str, date | None]], on: date) -> set[str]:
    """The States that had asked to extend a deadline (Art. 3(3), 4(5)) by `on`: a request
    counts from the day it was submitted, whatever the meeting later decided.
    `submitted` holds (iso3, submitted on) per request."""
    return {iso3 for iso3, when in submitted if when is not None and when <= on}


def _declaration(ob: Obligation, on: date) -> list[str]:
    """'Completion declared on … to …' (or the clarification) when known on `on`."""
    if not ob.declared_on or ob.declared_on > on:
        return []
    values = {
        "when": fmt_precise(ob.declared_on, ob.declared_precision),
        "meeting": ob.declared_to,
    }
    if ob.completed:
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
    notes: list[str] = []
    undestroyed = False
    for d in ob.discoveries:
        if d.found_on is None or d.found_on > on:
            continue
        found = fmt_precise(d.found_on, d.found_precision)
        after = (
            ob.completed
            and ob.completed_on is not None
            and d.found_on > period_end(ob.completed_on, ob.completed_precision)
        )
        if d.destroyed_on and d.destroyed_on <= on:
            text = (
                _("Stocks discovered after completion (%(found)s) were destroyed (%(destroyed)s).")
                if after
                else _("Stocks discovered (%(found)s) were destroyed (%(destroyed)s).")
            )
            destroyed = fmt_precise(d.destroyed_on, d.destroyed_precision)
            notes.append(text % {"found": found, "destroyed": destroyed})
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


@dataclass(slots=True)
class _Due:
    """What every status of one computed Article 3/4 deadline shares."""

    iso3: str
    kind: DeadlineKind
    due: date
    original_due: date
    on: date
    extended: bool
    undestroyed_discovery: bool

    def deadline(
        self,
        status: DeadlineStatus,
        notes: Sequence[str],
        *,
        days_left: int | None = None,
        met_on: date | None = None,
    ) -> Deadline:
        return Deadline(
            self.iso3,
            self.kind,
            status,
            " ".join(notes),
            due=self.due,
            original_due=self.original_due,
            on=self.on,
            days_left=days_left,
            extended=self.extended,
            met_on=met_on,
            undestroyed_discovery=self.undestroyed_discovery,
        )


def _without_deadline(
    acts: membership.StateActs, ob: Obligation, kind: DeadlineKind, on: date
) -> Deadline | None:
    """The answer when no deadline runs on `on`: the State withdrew (Art. 20), or clarified that
    it has no such obligation."""
    status, _bound = membership.classify(acts, on)
    if status is membership.Status.WITHDRAWN:
        text = _("The State has withdrawn from the Convention (Art. 20).")
        return Deadline(acts.iso3, kind, DeadlineStatus.WITHDRAWN, text, on=on)
    if ob.clarified_none:
        what = (
            _("it holds no cluster munitions")
            if ob.article == 3
            else _("no area under its jurisdiction or control is contaminated")
        )
        text = _("No deadline: the State clarified that %(what)s.") % {"what": what}
        explanation = " ".join([text, *_declaration(ob, on)])
        return Deadline(acts.iso3, kind, DeadlineStatus.NOT_APPLICABLE, explanation, on=on)
    return None


def _completion(due: _Due, ob: Obligation, notes: list[str]) -> Deadline | None:
    """Met on time, met late, or met on an unrecorded date — when completion is known on the
    deadline's date (a later completion is not). Prepends the declaration to `notes`."""
    if not ob.completed:
        return None
    notes[0:0] = _declaration(ob, due.on)
    if ob.completed_on is None:
        notes.insert(0, _("Completed; the date of completion is not recorded."))
        return due.deadline(DeadlineStatus.MET, notes)
    if ob.completed_on > due.on:
        return None
    late = ob.completed_on > due.due
    text = (
        _("Completed (%(when)s), after the deadline of %(due)s.")
        if late
        else _("Completed (%(when)s), by the deadline of %(due)s.")
    )
    when = fmt_precise(ob.completed_on, ob.completed_precision)
    notes.insert(0, text % {"when": when, "due": fmt(due.due)})
    status = DeadlineStatus.MET_LATE if late else DeadlineStatus.MET_ON_TIME
    return due.deadline(status, notes, met_on=ob.completed_on)


def _past_due(due: _Due, ob: Obligation, notes: list[str], days: int) -> Deadline:
    """A deadline passed without a known completion: awaiting the decision on a request for
    its extension, outcome not recorded, or overdue — never overdue while a decision is awaited
    or the sources are silent."""
    waiting = [e for e in ob.extensions if e.undecided_on(due.on)]
    if waiting:
        text = _(
            "Deadline of %(due)s passed; an extension was requested at %(meeting)s "
            "and its decision is not recorded."
        ) % {"due": fmt(due.due), "meeting": waiting[-1].meeting or _("a meeting")}
        status = DeadlineStatus.AWAITING_DECISION
    elif ob.status == ObligationStatus.UNKNOWN:  # the sources do not say whether it was completed
        text = _(
            "Deadline of %(due)s passed; whether the obligation was completed is not recorded."
        ) % {"due": fmt(due.due)}
        status = DeadlineStatus.NOT_RECORDED
    else:
        text = _("Overdue since %(due)s.") % {"due": fmt(due.due + timedelta(days=1))}
        status = DeadlineStatus.OVERDUE
    notes.insert(0, text)
    return due.deadline(status, notes, days_left=days)


def treaty_deadline(
    acts: membership.StateActs, ob: Obligation, on: date, *, soon_days: int = SOON_DAYS
) -> Deadline:
    """An Article 3 or 4 deadline of one State and its status on `on`."""
    kind = DeadlineKind.DESTRUCTION if ob.article == 3 else DeadlineKind.CLEARANCE
    none = _without_deadline(acts, ob, kind, on)
    if none is not None:
        return none
    found = original_deadline(acts, ob)
    if found is None:
        text = _("No deadline can be computed: the facts it counts from are not recorded.")
        return Deadline(acts.iso3, kind, DeadlineStatus.NOT_APPLICABLE, text, on=on)
    original, why = found
    in_force, by = deadline_in_force(original, ob.extensions, on)
    notes = [why]
    if by is not None:
        notes.append(
            _("Extended to %(due)s by the decision of %(meeting)s on request %(n)d.")
            % {"due": fmt(in_force), "meeting": by.meeting or _("a meeting"), "n": by.sequence}
        )
    found_notes, undestroyed = _discoveries(ob, on)
    notes.extend(found_notes)
    due = _Due(acts.iso3, kind, in_force, original, on, by is not None, undestroyed)
    met = _completion(due, ob, notes)
    if met is not None:
        return met
    status, days = timing(in_force, on, soon_days)
    if status is DeadlineStatus.OVERDUE:
        return _past_due(due, ob, notes, days)
    notes.insert(0, _("Due on %(due)s (in %(days)d days).") % {"due": fmt(in_force), "days": days})
    return due.deadline(status, notes, days_left=days)
