"""What every generator shares: the States Parties and meetings of the reference data, the
random source, the users who act, the history being recorded, and small helpers."""

from __future__ import annotations

import contextlib
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from .history import History

PREFIX = "scale-"  # usernames of synthetic users: a database already scaled is refused


class ScaleError(RuntimeError):
    """The database cannot be scaled (already scaled, or a synthetic row broke a rule)."""


def at(day: date, rnd: random.Random) -> datetime:
    """A moment during office hours of `day` (UTC)."""
    return datetime.combine(day, clock(8 + rnd.randrange(9), rnd.randrange(60)), tzinfo=UTC)


def between(rnd: random.Random, start: date, end: date) -> date:
    """A day in [start, end] (start when the interval is empty)."""
    span = (end - start).days
    return start + timedelta(days=rnd.randint(0, span)) if span > 0 else start


def plain(value):
    """A value as lifecycle events keep it in their JSON details (dates as ISO text, meetings
    by code, records by primary key), like ccm.obligations.services.plain."""
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "code"):
        return value.code
    return getattr(value, "pk", value)


def check(errors: list, what: str) -> None:
    """Raise when the application's rules refuse a synthetic row (a bug of the generator)."""
    if errors:
        raise ScaleError(f"synthetic {what} refused by the application's rules: {errors}")


@contextlib.contextmanager
def explicit_timestamps(*models) -> Iterator[None]:
    """Let bulk_create keep the timestamps given (auto_now / auto_now_add off for the block):
    a synthetic row carries the date of the action that made it, as a real one would."""
    switched = []
    for model in models:
        for f in model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                switched.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in switched:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


@dataclass
class Party:
    """A State that may report and hold obligations: it deposited, the Convention entered
    into force for it (`eif`), and for a State that withdrew, `until` the day before its
    withdrawal took effect (else today)."""

    state: object
    acts: object
    eif: date
    until: date


@dataclass
class World:
    """The reference data the generators build on, and what they share while building."""

    factor: int
    today: date
    rnd: random.Random
    history: History
    states: list = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    deciding: list = field(default_factory=list)  # MSPs and Review Conferences held, in order
    staff: list = field(default_factory=list)
    focal: dict[int, list] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def read(cls, factor: int, today: date, seed: int) -> World:
        from ccm.meetings.models import Meeting, MeetingKind
        from ccm.states import status as membership
        from ccm.states.models import State

        rnd = random.Random(seed)
        world = cls(factor, today, rnd, History(rnd))
        world.states = list(State.objects.with_acts().order_by("iso3"))
        for s in world.states:
            acts = s.acts()
            if not acts.deposited_on:
                continue
            eif = membership.entry_into_force_date(acts.deposited_on)
            effective = membership.withdrawal_effective_date(acts)
            until = min(today, effective - timedelta(days=1)) if effective else today
            if eif <= until:
                world.parties.append(Party(s, acts, eif, until))
        meetings = Meeting.objects.filter(kind__in=(MeetingKind.MSP, MeetingKind.REVIEW_CONFERENCE))
        world.deciding = sorted(
            (m for m in meetings if m.closed_on and m.closed_on <= today),
            key=lambda m: m.closed_on,
        )
        return world

    def actor(self, party: Party):
        """Who acts for a State: one of its focal points, else ISU staff."""
        return self.rnd.choice(self.focal.get(party.state.pk) or self.staff)

    def meeting_after(self, day: date):
        """The first deciding meeting that closed on or after `day`, or None."""
        return next((m for m in self.deciding if m.closed_on >= day), None)
