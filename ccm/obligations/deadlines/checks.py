"""Facts that cannot all be true under Articles 3 and 4: the import, the services, the admin
and the editing forms all ask these functions, so no path stores what the rules cannot read.
Each returns (field, message) per contradiction; an empty list means the facts may stand."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from ccm.core.choices import Precision
from ccm.obligations.choices import Basis, Decision, ObligationStatus, StockpileRecordKind

from .dates import MAX_EXTENSION_YEARS, add_years, fmt, fmt_precise, period_end
from .facts import GRANTED, UNDECIDED, Extension

Errors = list[tuple[str, str]]
CONTAMINATION = frozenset({Basis.CONTAMINATION_AT_EIF, Basis.CONTAMINATION_AFTER_EIF})
DATED_RECORDS = frozenset({StockpileRecordKind.DESTROYED, StockpileRecordKind.DISCOVERED})


def _basis_errors(article: int, basis: str) -> Errors:
    """Article 3 concerns stockpiles (Art. 3(2)), Article 4 contaminated areas (Art. 4(1))."""
    if article == 3 and basis in CONTAMINATION:
        return [("basis", _("Article 3 concerns stockpiles, not contamination"))]
    if article == 4 and basis == Basis.STOCKPILE:
        return [("basis", _("Article 4 concerns contamination, not stockpiles"))]
    return []


def _hostilities_errors(
    basis: str, hostilities_ended_on: date | None, entry_into_force: date | None
) -> Errors:
    """Art. 4(1)(b): the end of active hostilities counts only for later contamination."""
    if not hostilities_ended_on:
        return []
    errors: Errors = []
    if basis != Basis.CONTAMINATION_AFTER_EIF:
        errors.append(
            (
                "hostilities_ended_on",
                _(
                    "the end of active hostilities counts only for contamination arising after "
                    "entry into force (Art. 4(1)(b))"
                ),
            )
        )
    if entry_into_force and hostilities_ended_on < entry_into_force:
        errors.append(
            (
                "hostilities_ended_on",
                _(
                    "contamination arising after entry into force (%(eif)s) cannot have ended "
                    "before it"
                )
                % {"eif": fmt(entry_into_force)},
            )
        )
    return errors


def check_obligation(
    article: int,
    *,
    basis: str,
    status: str,
    completed_on: date | None = None,
    completed_precision: str = Precision.DAY,
    declared_on: date | None = None,
    declared_precision: str = Precision.DAY,
    hostilities_ended_on: date | None = None,
    entry_into_force: date | None = None,
) -> Errors:
    """Facts of one obligation that cannot all be true: (field, message) per contradiction."""
    errors = _basis_errors(article, basis)
    if completed_on and status != ObligationStatus.COMPLETED:
        errors.append(
            ("completed_on", _("a completion date on an obligation that is not completed"))
        )
    errors.extend(_hostilities_errors(basis, hostilities_ended_on, entry_into_force))
    if completed_on and declared_on and period_end(declared_on, declared_precision) < completed_on:
        errors.append(
            (
                "completion_declared_on",
                _("completion cannot be declared before it is completed (%(when)s)")
                % {"when": fmt_precise(completed_on, completed_precision)},
            )
        )
    return errors


def _new_deadline_errors(article: int, current_deadline: date, ext: Extension) -> Errors:
    """Art. 3(3), 4(5): a requested or granted deadline comes after the one it extends and at
    most 4 (Art. 3) or 5 (Art. 4) years beyond it."""
    errors: Errors = []
    limit_years = MAX_EXTENSION_YEARS[article]
    latest = add_years(current_deadline, limit_years)
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
                        "deadline": fmt(current_deadline),
                        "article": article,
                        "latest": fmt(latest),
                    },
                )
            )
        if value and value <= current_deadline:
            errors.append(
                (
                    field_name,
                    _("a new deadline must come after the deadline it extends (%(deadline)s)")
                    % {"deadline": fmt(current_deadline)},
                )
            )
    return errors


def _decision_errors(ext: Extension) -> Errors:
    """Only a grant sets a new deadline (Art. 3(4), 4(6)), and a grant needs one."""
    errors: Errors = []
    if ext.decision in GRANTED and not ext.granted_deadline:
        errors.append(("granted_deadline", _("a granted request needs its new deadline")))
    if (ext.decision == Decision.REFUSED or ext.decision in UNDECIDED) and ext.granted_deadline:
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


def check_extension(article: int, current_deadline: date, ext: Extension) -> Errors:
    """The treaty's limits on one request (Art. 3(3), 4(5)): (field, message) per violation.

    A request comes before the deadline it extends, and asks for at most 4
    (Art. 3) or 5 (Art. 4) years beyond it; a grant cannot exceed that either.
    """
    errors: Errors = []
    if ext.submitted_on and ext.submitted_on >= current_deadline:
        errors.append(
            (
                "submitted_on",
                _("a request must be submitted before the deadline it extends (%(deadline)s)")
                % {"deadline": fmt(current_deadline)},
            )
        )
    errors.extend(_new_deadline_errors(article, current_deadline, ext))
    errors.extend(_decision_errors(ext))
    return errors


def check_stockpile_record(
    article: int,
    *,
    kind: str,
    on: date | None,
    on_precision: str = Precision.DAY,
    destroyed_on: date | None = None,
    destroyed_precision: str = Precision.DAY,
    quantities: tuple[int | None, int | None] = (None, None),
) -> Errors:
    """A dated quantity under Article 3: (field, message) per contradiction."""
    errors: Errors = []
    if article != 3:
        errors.append(("obligation", _("Stockpile quantities belong to an Article 3 obligation.")))
    if kind in DATED_RECORDS and on is None:
        errors.append(("on", _("Destruction and discovery need their date.")))
    if destroyed_on and kind != StockpileRecordKind.DISCOVERED:
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
    if kind != StockpileRecordKind.DISCOVERED and all(q is None for q in quantities):
        errors.append(
            ("cluster_munitions", _("Give the number of cluster munitions or of submunitions."))
        )
    if any(q is not None and q < 0 for q in quantities):
        errors.append(("cluster_munitions", _("Quantities cannot be negative.")))
    return errors
