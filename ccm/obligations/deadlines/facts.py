"""What the deadline rules take — the facts of an obligation and of its extension requests —
and what they give: a deadline with its status on a date and how both were obtained."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ccm.core.choices import Precision
from ccm.obligations.choices import (
    Basis,
    DeadlineKind,
    DeadlineStatus,
    Decision,
    ObligationStatus,
)

GRANTED = frozenset({Decision.GRANTED, Decision.GRANTED_SHORTER})
"""Decisions that set a new deadline (Art. 3(4), 4(6))."""
UNDECIDED = frozenset({Decision.PENDING, Decision.UNKNOWN})
"""No decision known: the meeting has not been held, or its decision is not recorded."""


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
            self.decision in GRANTED
            and self.granted_deadline is not None
            and (self.decided_on is None or self.decided_on <= on)
        )

    def undecided_on(self, on: date) -> bool:
        """Requested, and no decision recorded as known on `on`."""
        if self.submitted_on and self.submitted_on > on:
            return False
        if self.decision in UNDECIDED:
            return True
        return self.decided_on is not None and self.decided_on > on


@dataclass(frozen=True, slots=True)
class Discovery:
    """Stocks found after a stockpile was declared (or destruction completed), and when they
    were destroyed. The action plans ask for their destruction as a matter of priority; the
    treaty gives them no deadline of their own."""

    found_on: date | None
    found_precision: str = Precision.DAY
    destroyed_on: date | None = None
    destroyed_precision: str = Precision.DAY


@dataclass(frozen=True, slots=True)
class Obligation:
    """The facts of one Article 3 or 4 obligation of a State. `basis` is a Basis and `status`
    an ObligationStatus value (plain strings as the database gives them compare equal)."""

    article: int  # 3 or 4
    basis: str = Basis.UNKNOWN
    status: str = ObligationStatus.UNKNOWN
    completed_on: date | None = None
    completed_precision: str = Precision.DAY
    hostilities_ended_on: date | None = None  # Art. 4(1)(b)
    extensions: tuple[Extension, ...] = ()
    declared_on: date | None = None  # completion (or "no obligation") declared
    declared_precision: str = Precision.DAY
    declared_to: str | None = None  # code of the meeting it was declared to
    discoveries: tuple[Discovery, ...] = ()

    @property
    def clarified_none(self) -> bool:
        """The State clarified it has no such obligation (or declared none): no deadline."""
        return (
            self.status == ObligationStatus.NO_OBLIGATION_CLARIFIED
            or self.basis == Basis.NONE_DECLARED
        )

    @property
    def completed(self) -> bool:
        return self.status == ObligationStatus.COMPLETED


@dataclass(frozen=True, slots=True)
class Deadline:
    """One deadline of one State, its status on a date and how both were obtained."""

    iso3: str
    kind: DeadlineKind
    status: DeadlineStatus
    explanation: str
    due: date | None = None
    original_due: date | None = None
    year: int | None = None  # the calendar year an annual report covers
    on: date | None = None
    days_left: int | None = None
    extended: bool = False
    met_on: date | None = None
    undestroyed_discovery: bool = False  # stocks discovered by `on` and not yet destroyed
