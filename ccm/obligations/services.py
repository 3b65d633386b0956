"""Every change to an extension request: one service function per lifecycle step.

Each runs in one transaction, checks the treaty's rules first (nothing is saved
when they fail: ValidationError with a message per field), and records a typed
ExtensionEvent with the acting user. Views, the admin and commands call these.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ccm.meetings.models import Meeting
from ccm.states.membership import all_acts

from . import deadlines as rules
from .choices import Decision
from .models import ExtensionEvent, ExtensionEventKind, ExtensionRequest, Obligation


def _deadline_extended_by(obligation: Obligation, before_sequence: int) -> date:
    """The deadline a new request extends: the original, or the last grant among earlier requests."""
    acts = all_acts()[obligation.state.iso3]
    facts = obligation.facts()
    found = rules.original_deadline(acts, facts)
    if found is None:
        raise ValidationError(_("This obligation has no deadline to extend."))
    return rules.deadline_extended_by(found[0], facts.extensions, before_sequence)


def _raise(errors: list[tuple[str, str]]) -> None:
    if errors:
        collected: dict[str, list[str]] = {}
        for field_name, message in errors:
            collected.setdefault(field_name, []).append(message)
        raise ValidationError(collected)


def submission_errors(
    obligation: Obligation, *, submitted_on: date | None, requested_deadline: date | None
) -> list[tuple[str, str]]:
    """What the treaty says against a new request (the admin form shows these before saving)."""
    sequence = (
        obligation.extension_requests.order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
        or 0
    ) + 1
    try:
        current = _deadline_extended_by(obligation, sequence)
    except ValidationError as exc:
        return [("obligation", m) for m in exc.messages]
    ext = rules.Extension(
        sequence, submitted_on=submitted_on, requested_deadline=requested_deadline
    )
    return rules.check_extension(obligation.article, current, ext)


def decision_errors(
    req: ExtensionRequest, *, outcome: str, meeting: Meeting | None, granted_until: date | None
) -> list[tuple[str, str]]:
    """What the treaty says against a decision (the admin form shows these before saving)."""
    if outcome not in (Decision.GRANTED, Decision.GRANTED_SHORTER, Decision.REFUSED):
        return [("decision", _("A decision is granted, granted for a shorter period or refused."))]
    if meeting is None or meeting.pk is None or not Meeting.objects.filter(pk=meeting.pk).exists():
        return [("decided_at", _("The deciding meeting must be a recorded meeting."))]
    if meeting.kind not in ("msp", "review_conference"):
        return [
            (
                "decided_at",
                _("Extensions are decided by a Meeting of States Parties or a Review Conference."),
            )
        ]
    current = _deadline_extended_by(req.obligation, req.sequence)
    ext = rules.Extension(
        req.sequence,
        submitted_on=req.submitted_on,
        requested_deadline=req.requested_deadline,
        meeting=meeting.code,
        decided_on=meeting.closed_on,
        decision=rules.Decision(outcome),
        granted_deadline=granted_until,
    )
    errors = rules.check_extension(req.obligation.article, current, ext)
    if req.submitted_on and meeting.closed_on and meeting.closed_on < req.submitted_on:
        errors.append(("decided_at", _("the meeting closed before the request was submitted")))
    return errors


@transaction.atomic
def submit_extension_request(
    obligation: Obligation,
    *,
    submitted_on: date,
    requested_deadline: date,
    actor,
    submitted_precision: str = "day",
    source_url: str = "",
    notes: str = "",
) -> ExtensionRequest:
    """Art. 3(3) / 4(5): a State asks for a new deadline, before the one in force."""
    obligation = Obligation.objects.select_for_update().get(pk=obligation.pk)
    sequence = (
        obligation.extension_requests.order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
        or 0
    ) + 1
    current = _deadline_extended_by(obligation, sequence)
    ext = rules.Extension(
        sequence, submitted_on=submitted_on, requested_deadline=requested_deadline
    )
    _raise(rules.check_extension(obligation.article, current, ext))
    req = ExtensionRequest.objects.create(
        obligation=obligation,
        sequence=sequence,
        submitted_on=submitted_on,
        submitted_precision=submitted_precision,
        requested_deadline=requested_deadline,
        decision=Decision.PENDING,
        source_url=source_url,
        notes=notes,
    )
    ExtensionEvent.objects.create(
        request=req,
        kind=ExtensionEventKind.SUBMITTED,
        on=submitted_on,
        actor=actor,
        details={
            "requested_deadline": requested_deadline.isoformat(),
            "extends": current.isoformat(),
        },
    )
    return req


@transaction.atomic
def record_analysis(
    req: ExtensionRequest, *, analysed_on: date, symbol: str, actor
) -> ExtensionRequest:
    """The analysis of a request (the document the meeting receives)."""
    req = ExtensionRequest.objects.select_for_update().get(pk=req.pk)
    if req.submitted_on and analysed_on < req.submitted_on:
        raise ValidationError(
            {"analysed_on": [_("a request cannot be analysed before it is submitted")]}
        )
    req.analysed_on, req.analysis_symbol = analysed_on, symbol
    req.save(update_fields=["analysed_on", "analysis_symbol", "updated_at"])
    ExtensionEvent.objects.create(
        request=req,
        kind=ExtensionEventKind.ANALYSED,
        on=analysed_on,
        actor=actor,
        details={"symbol": symbol},
    )
    return req


@transaction.atomic
def decide_extension_request(
    req: ExtensionRequest, *, outcome: str, meeting: Meeting, granted_until: date | None, actor
) -> ExtensionRequest:
    """A Meeting of States Parties or Review Conference decides (Art. 3(4), 4(6)).

    `outcome` is granted, granted_shorter or refused; a grant needs its new
    deadline, within the treaty's limit from the deadline the request extends.
    """
    req = (
        ExtensionRequest.objects.select_for_update()
        .select_related("obligation__state")
        .get(pk=req.pk)
    )
    _raise(decision_errors(req, outcome=outcome, meeting=meeting, granted_until=granted_until))
    before = {
        "decision": req.decision,
        "granted_deadline": req.granted_deadline and req.granted_deadline.isoformat(),
    }
    req.decision, req.decided_at, req.granted_deadline = outcome, meeting, granted_until
    req.save(update_fields=["decision", "decided_at", "granted_deadline", "updated_at"])
    ExtensionEvent.objects.create(
        request=req,
        kind=ExtensionEventKind.DECIDED,
        on=meeting.closed_on,
        meeting=meeting,
        actor=actor,
        details={
            "before": before,
            "after": {
                "decision": outcome,
                "granted_deadline": granted_until and granted_until.isoformat(),
            },
        },
    )
    return req
