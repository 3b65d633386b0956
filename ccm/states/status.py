"""The Convention's membership rules, as pure functions.

Nothing here reads the database or the clock: every function takes the
depositary's acts and the date asked about, and returns a value together with
the explanation of how it was obtained. Each rule cites its article; the map
from computed values to articles is in docs/domain/rules.md.

- Art. 15: signature is open from 3 December 2008 until entry into force.
- Art. 16: consent to be bound by ratification, acceptance or approval
  (signatories) or accession (non-signatories).
- Art. 17: entry into force.
- Art. 20: withdrawal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .choices import InstrumentKind

OPENED_FOR_SIGNATURE = date(2008, 12, 3)
"""Art. 15: opened for signature in Oslo on 3 December 2008."""
THIRTIETH_DEPOSIT = date(2010, 2, 16)
"""The thirtieth instrument was deposited on 16 February 2010."""
ENTRY_INTO_FORCE = date(2010, 8, 1)
"""Art. 17(1): first day of the sixth month after the month of the thirtieth deposit."""
WITHDRAWAL_NOTICE_MONTHS = 6
"""Art. 20(2): a withdrawal takes effect six months after the depositary receives it."""


class Status(StrEnum):
    """A State's standing on a date. `STATE_PARTY` covers both bound and not-yet-bound."""

    STATE_PARTY = "state_party"
    SIGNATORY = "signatory"
    NOT_PARTY = "not_party"
    WITHDRAWN = "withdrawn"


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


def _fmt(d: date) -> str:
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
    instrument_kind: str | None = None  # ratification, acceptance, approval, accession
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


def classify(acts: StateActs, on: date) -> tuple[Status, bool]:
    """A State's status on `on` and whether the Convention binds it (Art. 15-17, 20).

    State Party: instrument deposited on or before `on` and withdrawal not yet
    effective; *bound* once the Convention is in force for it. Signatory:
    signed, no instrument deposited yet. Withdrawn: withdrawal effective on or
    before `on`. Otherwise: State not party. This is the one statement of the
    rule; status_on adds the explanation, counts use it as it is.
    """
    withdrawn_on = withdrawal_effective_date(acts)
    if withdrawn_on and withdrawn_on <= on:
        return Status.WITHDRAWN, False
    if acts.deposited_on and acts.deposited_on <= on:
        return Status.STATE_PARTY, entry_into_force_date(acts.deposited_on) <= on
    if acts.signed_on and acts.signed_on <= on:
        return Status.SIGNATORY, False
    return Status.NOT_PARTY, False


def entry_into_force_for(deposited_on: date) -> Dated:
    """entry_into_force_date with the explanation citing Art. 17(1) or 17(2)."""
    eif = entry_into_force_date(deposited_on)
    if deposited_on <= THIRTIETH_DEPOSIT:
        text = _(
            "Art. 17(1): instrument deposited on %(deposit)s, on or before the thirtieth "
            "instrument (%(thirtieth)s); the Convention entered into force on %(eif)s."
        ) % {
            "deposit": _fmt(deposited_on),
            "thirtieth": _fmt(THIRTIETH_DEPOSIT),
            "eif": _fmt(eif),
        }
    else:
        text = _(
            "Art. 17(2): first day of the sixth month after the deposit of the instrument "
            "on %(deposit)s."
        ) % {"deposit": _fmt(deposited_on)}
    return Dated(eif, text)


def withdrawal_effective(acts: StateActs) -> Dated | None:
    """withdrawal_effective_date with the explanation citing Art. 20."""
    eff = withdrawal_effective_date(acts)
    if eff is None:
        return None
    if acts.withdrawal_effective_on:
        text = _(
            "Art. 20: withdrawal took effect on %(effective)s, as recorded by the depositary."
        ) % {"effective": _fmt(eff)}
    else:
        assert acts.withdrawal_notified_on is not None
        text = _(
            "Art. 20(2): six months after the depositary received the instrument of "
            "withdrawal on %(notified)s (later if the State is then engaged in armed "
            "conflict)."
        ) % {"notified": _fmt(acts.withdrawal_notified_on)}
    return Dated(eff, text)


CONSENT_AFTER_SIGNATURE = ("ratification", "acceptance", "approval")


def check_acts(acts: StateActs) -> list[tuple[str, str]]:
    """What a State's acts can be (Art. 15, 16, 20): one (field, message) per violation.

    Fields are StateActs attribute names. Used by the import and by every form
    that edits an act, so no path can store acts the rules cannot read.
    """
    errors: list[tuple[str, str]] = []
    signed, kind, deposited = acts.signed_on, acts.instrument_kind, acts.deposited_on
    notified, effective = acts.withdrawal_notified_on, acts.withdrawal_effective_on
    if signed and not OPENED_FOR_SIGNATURE <= signed <= ENTRY_INTO_FORCE:
        errors.append(
            (
                "signed_on",
                _(
                    "signature is possible only from %(open)s until entry into force on %(eif)s (Art. 15)"
                )
                % {"open": _fmt(OPENED_FOR_SIGNATURE), "eif": _fmt(ENTRY_INTO_FORCE)},
            )
        )
    if kind and not deposited:
        errors.append(("deposited_on", _("an instrument needs its deposit date")))
    if deposited and not kind:
        errors.append(("instrument_kind", _("a deposit date needs the instrument's kind")))
    if deposited and deposited < OPENED_FOR_SIGNATURE:
        errors.append(
            (
                "deposited_on",
                _(
                    "no instrument can be deposited before the Convention opened for signature on %(open)s"
                )
                % {"open": _fmt(OPENED_FOR_SIGNATURE)},
            )
        )
    if kind in CONSENT_AFTER_SIGNATURE and not signed:
        errors.append(
            (
                "instrument_kind",
                _(
                    "ratification, acceptance or approval without a signature: a State that did not sign "
                    "joins by accession (Art. 16)"
                ),
            )
        )
    if kind == "accession" and signed:
        errors.append(
            (
                "instrument_kind",
                _(
                    "accession by a signatory: a signatory joins by ratification, acceptance or approval "
                    "(Art. 16)"
                ),
            )
        )
    if signed and deposited and deposited < signed:
        errors.append(
            (
                "deposited_on",
                _("the instrument (%(deposit)s) is dated before the signature (%(signed)s)")
                % {"deposit": _fmt(deposited), "signed": _fmt(signed)},
            )
        )
    if (notified or effective) and not deposited:
        errors.append(
            (
                "withdrawal_effective_on" if effective else "withdrawal_notified_on",
                _("withdrawal without an instrument: only a State Party can withdraw (Art. 20)"),
            )
        )
    if notified and effective and effective < add_months(notified, WITHDRAWAL_NOTICE_MONTHS):
        errors.append(
            (
                "withdrawal_effective_on",
                _(
                    "a withdrawal takes effect at the earliest six months after the depositary receives "
                    "it (%(notified)s), not on %(effective)s (Art. 20(2))"
                )
                % {"notified": _fmt(notified), "effective": _fmt(effective)},
            )
        )
    first_withdrawal = notified or effective
    if deposited and first_withdrawal and first_withdrawal <= deposited:
        errors.append(
            (
                "withdrawal_notified_on" if notified else "withdrawal_effective_on",
                _("the withdrawal is dated on or before the instrument's deposit (%(deposit)s)")
                % {"deposit": _fmt(deposited)},
            )
        )
    return errors


def withdrawal_known_on(acts: StateActs) -> date | None:
    """When the withdrawal was notified (or, with only the effective date known, six months before)."""
    if acts.withdrawal_notified_on:
        return acts.withdrawal_notified_on
    if acts.withdrawal_effective_on:
        return add_months(acts.withdrawal_effective_on, -WITHDRAWAL_NOTICE_MONTHS)
    return None


@dataclass(frozen=True, slots=True)
class StatusOn:
    """A State's status on a date, whether the Convention binds it, and why."""

    iso3: str
    on: date
    status: Status
    bound: bool
    explanation: str
    entry_into_force: Dated | None = None
    withdrawal: Dated | None = None


def status_on(acts: StateActs, on: date) -> StatusOn:
    """classify() with its explanation and the dates it rests on."""
    status, bound = classify(acts, on)
    eif = entry_into_force_for(acts.deposited_on) if acts.deposited_on else None
    wd = withdrawal_effective(acts)
    if status is Status.WITHDRAWN:
        assert wd is not None
        text = _("Withdrawn. %(withdrawal)s") % {"withdrawal": wd.explanation}
    elif status is Status.STATE_PARTY:
        assert eif is not None and acts.deposited_on is not None
        if bound:
            text = _("State Party, bound since %(eif)s. %(why)s") % {
                "eif": _fmt(eif.value),
                "why": eif.explanation,
            }
        else:
            text = _(
                "State Party: instrument of %(kind)s deposited on %(deposit)s; the Convention "
                "enters into force for it on %(eif)s. %(why)s"
            ) % {
                "kind": InstrumentKind(acts.instrument_kind).label
                if acts.instrument_kind
                else _("consent to be bound"),
                "deposit": _fmt(acts.deposited_on),
                "eif": _fmt(eif.value),
                "why": eif.explanation,
            }
        known = withdrawal_known_on(acts)
        if wd and known and known <= on:
            text += " " + _("Withdrawal notified; it takes effect on %(effective)s.") % {
                "effective": _fmt(wd.value)
            }
    elif status is Status.SIGNATORY:
        assert acts.signed_on is not None
        text = _(
            "Signatory: signed on %(signed)s; no instrument of ratification, acceptance or "
            "approval deposited by %(on)s."
        ) % {"signed": _fmt(acts.signed_on), "on": _fmt(on)}
    elif acts.signed_on or acts.deposited_on:
        first = min(d for d in (acts.signed_on, acts.deposited_on) if d)
        text = _("State not party on %(on)s: its first act is dated %(first)s.") % {
            "on": _fmt(on),
            "first": _fmt(first),
        }
    else:
        text = _("State not party: neither signed nor deposited an instrument.")
    return StatusOn(acts.iso3, on, status, bound, text, eif, wd)


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
        if not periods:
            continue
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
