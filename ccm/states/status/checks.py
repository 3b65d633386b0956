"""What a State's acts can be (Art. 15, 16, 20): the import and every form that edits an act
ask check_acts, so no path can store acts the rules cannot read."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ccm.states.choices import InstrumentKind

from .dates import (
    ENTRY_INTO_FORCE,
    OPENED_FOR_SIGNATURE,
    WITHDRAWAL_NOTICE_MONTHS,
    StateActs,
    add_months,
    fmt,
)

CONSENT_AFTER_SIGNATURE = frozenset(
    {InstrumentKind.RATIFICATION, InstrumentKind.ACCEPTANCE, InstrumentKind.APPROVAL}
)
"""Art. 16(1): how a signatory consents to be bound; a State that did not sign accedes (16(2))."""


Errors = list[tuple[str, str]]


def _signature_errors(acts: StateActs) -> Errors:
    """Art. 15: open for signature from 3 December 2008 until entry into force."""
    signed = acts.signed_on
    if signed and not OPENED_FOR_SIGNATURE <= signed <= ENTRY_INTO_FORCE:
        return [
            (
                "signed_on",
                _(
                    "signature is possible only from %(open)s until entry into force on %(eif)s (Art. 15)"
                )
                % {"open": fmt(OPENED_FOR_SIGNATURE), "eif": fmt(ENTRY_INTO_FORCE)},
            )
        ]
    return []


def _instrument_errors(acts: StateActs) -> Errors:
    """Art. 16: an instrument with its kind and deposit date, not before the opening for
    signature; ratification, acceptance or approval after a signature, accession without one."""
    errors: Errors = []
    signed, kind, deposited = acts.signed_on, acts.instrument_kind, acts.deposited_on
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
                % {"open": fmt(OPENED_FOR_SIGNATURE)},
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
    if kind == InstrumentKind.ACCESSION and signed:
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
                % {"deposit": fmt(deposited), "signed": fmt(signed)},
            )
        )
    return errors


def _withdrawal_errors(acts: StateActs) -> Errors:
    """Art. 20: only a State Party withdraws, after its deposit, with effect at the earliest six
    months after the depositary receives the withdrawal."""
    errors: Errors = []
    deposited = acts.deposited_on
    notified, effective = acts.withdrawal_notified_on, acts.withdrawal_effective_on
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
                % {"notified": fmt(notified), "effective": fmt(effective)},
            )
        )
    first_withdrawal = notified or effective
    if deposited and first_withdrawal and first_withdrawal <= deposited:
        errors.append(
            (
                "withdrawal_notified_on" if notified else "withdrawal_effective_on",
                _("the withdrawal is dated on or before the instrument's deposit (%(deposit)s)")
                % {"deposit": fmt(deposited)},
            )
        )
    return errors


def check_acts(acts: StateActs) -> Errors:
    """What a State's acts can be (Art. 15, 16, 20): one (field, message) per violation.

    Fields are StateActs attribute names. Used by the import and by every form
    that edits an act, so no path can store acts the rules cannot read.
    """
    return _signature_errors(acts) + _instrument_errors(acts) + _withdrawal_errors(acts)
