"""A State's standing on a date — State Party (bound or not yet), signatory, State not party,
withdrawn — and its explanation (Art. 15-17, 20)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from ccm.states.choices import InstrumentKind, Status

from .dates import (
    THIRTIETH_DEPOSIT,
    Dated,
    StateActs,
    entry_into_force_date,
    fmt,
    withdrawal_effective_date,
    withdrawal_known_on,
)


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


TABLE_COLUMNS = (Status.STATE_PARTY, Status.SIGNATORY, Status.NOT_PARTY)
"""The three columns of the status table meeting papers print, in their order."""


def table_column(status: Status) -> Status:
    """The column of the printed status table (TABLE_COLUMNS) a State with `status` stands in:
    a State whose withdrawal has taken effect (Art. 20(2)) is no longer party to the
    Convention, so it stands among the States not party (marked as withdrawn)."""
    return Status.NOT_PARTY if status is Status.WITHDRAWN else status


def entry_into_force_for(deposited_on: date) -> Dated:
    """entry_into_force_date with the explanation citing Art. 17(1) or 17(2)."""
    eif = entry_into_force_date(deposited_on)
    if deposited_on <= THIRTIETH_DEPOSIT:
        text = _(
            "Art. 17(1): instrument deposited on %(deposit)s, on or before the thirtieth "
            "instrument (%(thirtieth)s); the Convention entered into force on %(eif)s."
        ) % {
            "deposit": fmt(deposited_on),
            "thirtieth": fmt(THIRTIETH_DEPOSIT),
            "eif": fmt(eif),
        }
    else:
        text = _(
            "Art. 17(2): first day of the sixth month after the deposit of the instrument "
            "on %(deposit)s."
        ) % {"deposit": fmt(deposited_on)}
    return Dated(eif, text)


def withdrawal_effective(acts: StateActs) -> Dated | None:
    """withdrawal_effective_date with the explanation citing Art. 20."""
    eff = withdrawal_effective_date(acts)
    if eff is None:
        return None
    if acts.withdrawal_effective_on:
        text = _(
            "Art. 20: withdrawal took effect on %(effective)s, as recorded by the depositary."
        ) % {"effective": fmt(eff)}
    else:
        assert acts.withdrawal_notified_on is not None
        text = _(
            "Art. 20(2): six months after the depositary received the instrument of "
            "withdrawal on %(notified)s (later if the State is then engaged in armed "
            "conflict)."
        ) % {"notified": fmt(acts.withdrawal_notified_on)}
    return Dated(eff, text)


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
                "eif": fmt(eif.value),
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
                "deposit": fmt(acts.deposited_on),
                "eif": fmt(eif.value),
                "why": eif.explanation,
            }
        known = withdrawal_known_on(acts)
        if wd and known and known <= on:
            text += " " + _("Withdrawal notified; it takes effect on %(effective)s.") % {
                "effective": fmt(wd.value)
            }
    elif status is Status.SIGNATORY:
        assert acts.signed_on is not None
        text = _(
            "Signatory: signed on %(signed)s; no instrument of ratification, acceptance or "
            "approval deposited by %(on)s."
        ) % {"signed": fmt(acts.signed_on), "on": fmt(on)}
    elif acts.signed_on or acts.deposited_on:
        first = min(d for d in (acts.signed_on, acts.deposited_on) if d)
        text = _("State not party on %(on)s: its first act is dated %(first)s.") % {
            "on": fmt(on),
            "first": fmt(first),
        }
    else:
        text = _("State not party: neither signed nor deposited an instrument.")
    return StatusOn(acts.iso3, on, status, bound, text, eif, wd)
