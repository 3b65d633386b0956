"""Counts of States by standing on a date, and over time (the published totals and series)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from ccm.states.choices import Status

from .dates import StateActs
from .standing import classify


@dataclass(slots=True)
class Counts:
    """Counts of States by status on a date.

    `states_parties` counts every State whose instrument is deposited and whose
    withdrawal is not yet effective, as published totals do; `in_force` those of
    them bound on that date. states_parties + signatories + not_party + withdrawn
    equals the number of States counted.
    """

    states_parties: int = 0
    in_force: int = 0
    signatories: int = 0
    not_party: int = 0
    withdrawn: int = 0

    def add(self, status: Status, bound: bool, sign: int = 1) -> None:
        if status is Status.STATE_PARTY:
            self.states_parties += sign
            if bound:
                self.in_force += sign
        elif status is Status.SIGNATORY:
            self.signatories += sign
        elif status is Status.NOT_PARTY:
            self.not_party += sign
        else:
            self.withdrawn += sign

    @property
    def total(self) -> int:
        return self.states_parties + self.signatories + self.not_party + self.withdrawn

    def as_dict(self) -> dict[str, int]:
        return {
            "states_parties": self.states_parties,
            "in_force": self.in_force,
            "signatories": self.signatories,
            "not_party": self.not_party,
            "withdrawn": self.withdrawn,
        }


def counts_on(acts: Iterable[StateActs], on: date) -> Counts:
    """Counts of the given States by their status on `on`."""
    c = Counts()
    for a in acts:
        c.add(*classify(a, on))
    return c


@dataclass(frozen=True, slots=True)
class Period:
    """A half-open validity interval [start, end); None means unbounded."""

    start: date | None = None
    end: date | None = None

    def contains(self, d: date) -> bool:
        return (self.start is None or self.start <= d) and (self.end is None or d < self.end)


ALWAYS: tuple[Period, ...] = (Period(),)


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    on: date
    counts: Counts = field(default_factory=Counts)


def _add_deltas(
    a: StateActs, periods: Sequence[Period], deltas: dict[date, Counts], baseline: Counts
) -> None:
    """One State's changes to the counts, at its own change dates and its membership
    boundaries only."""
    points = set(a.change_dates())
    for p in periods:
        points.update(d for d in (p.start, p.end) if d is not None)
    # Before any change point a State is not party, and counted if a period is open-start.
    previous: tuple[Status, bool] | None = None
    if any(p.start is None for p in periods):
        previous = (Status.NOT_PARTY, False)
        baseline.add(*previous)
    for d in sorted(points):
        current = classify(a, d) if any(p.contains(d) for p in periods) else None
        if previous == current:
            continue
        delta = deltas.setdefault(d, Counts())
        if previous is not None:
            delta.add(*previous, sign=-1)
        if current is not None:
            delta.add(*current)
        previous = current


def count_series(
    acts: Mapping[str, StateActs],
    members: Mapping[str, Sequence[Period]] | None = None,
) -> list[SeriesPoint]:
    """Counts by status, one point per date on which any count changes.

    `acts` holds every State counted (a State with no acts is a State not
    party); `members` optionally restricts each State to the periods in which
    it belongs to the group counted (a State absent from `members` is never
    counted). Runs in O(n log n) in the number of acts and membership
    boundaries, not days × States: each State contributes a delta only at its
    own change dates.
    """
    deltas: dict[date, Counts] = {}
    baseline = Counts()
    for iso3, a in acts.items():
        periods = ALWAYS if members is None else members.get(iso3, ())
        if periods:
            _add_deltas(a, periods, deltas, baseline)
    series: list[SeriesPoint] = []
    running = baseline
    for d in sorted(deltas):
        dl = deltas[d]
        running = Counts(
            running.states_parties + dl.states_parties,
            running.in_force + dl.in_force,
            running.signatories + dl.signatories,
            running.not_party + dl.not_party,
            running.withdrawn + dl.withdrawn,
        )
        if series and series[-1].counts == running:
            continue
        series.append(SeriesPoint(d, running))
    return series
