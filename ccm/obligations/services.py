"""Every change to an obligation, its stockpile records and its extension requests: one
service function per step.

Each runs in one transaction, checks the treaty's rules first (nothing is saved
when they fail: ValidationError with a message per field), and records a typed
ObligationEvent with the acting user and the path it came through. Views, the
admin, the import and commands call these.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ccm.core.errors import refuse
from ccm.core.validators import field_errors
from ccm.history.concurrency import check_unchanged
from ccm.history.models import Via
from ccm.history.recording import recorded_action
from ccm.meetings.models import Meeting
from ccm.states.acts import acts_of, entry_into_force_of

from . import deadlines as rules
from .choices import Decision, EventKind
from .models import ExtensionRequest, Obligation, ObligationEvent, StockpileRecord

OBLIGATION_FIELDS = (
    "basis",
    "status",
    "completed_on",
    "completed_precision",
    "completion_declared_on",
    "completion_declared_precision",
    "declared_to",
    "hostilities_ended_on",
    "verified",
    "source_url",
    "notes",
)
RECORD_FIELDS = (
    "kind",
    "on",
    "on_precision",
    "cluster_munitions",
    "submunitions",
    "qualifier",
    "destroyed_on",
    "destroyed_precision",
    "verified",
    "source_url",
    "notes",
)


def plain(value):
    """A value as the event's JSON details keep it: dates as ISO text, meetings by code."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Meeting):
        return value.code
    return getattr(value, "pk", value)


def record_event(
    obligation: Obligation,
    kind: str,
    *,
    actor=None,
    via: str = Via.COMMAND,
    request: ExtensionRequest | None = None,
    on: date | None = None,
    meeting: Meeting | None = None,
    details: dict | None = None,
) -> ObligationEvent:
    return ObligationEvent.objects.create(
        obligation=obligation,
        request=request,
        kind=kind,
        on=on,
        meeting=meeting,
        actor=actor if getattr(actor, "pk", None) else None,
        via=via,
        details={k: plain(v) for k, v in (details or {}).items()},
    )


def _deadline_extended_by(obligation: Obligation, before_sequence: int) -> date:
    """The deadline a new request extends: the original, or the last grant among earlier requests."""
    acts = acts_of(obligation.state_id)
    facts = obligation.facts()
    found = rules.original_deadline(acts, facts)
    if found is None:
        raise ValidationError(_("This obligation has no deadline to extend."))
    return rules.deadline_extended_by(found[0], facts.extensions, before_sequence)


def submission_errors(
    obligation: Obligation, *, submitted_on: date | None, requested_deadline: date | None
) -> list[tuple[str, str]]:
    """What the treaty says against a new request (the admin form shows these before saving)."""
    dates = field_errors(
        ExtensionRequest,
        {"submitted_on": submitted_on, "requested_deadline": requested_deadline},
    )
    if dates:
        return dates
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
    dates = field_errors(ExtensionRequest, {"granted_deadline": granted_until})
    if dates:
        return dates
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


@recorded_action
def submit_extension_request(
    obligation: Obligation,
    *,
    submitted_on: date,
    requested_deadline: date,
    actor,
    via: str = Via.COMMAND,
    submitted_precision: str = "day",
    source_url: str = "",
    notes: str = "",
) -> ExtensionRequest:
    """Art. 3(3) / 4(5): a State asks for a new deadline, before the one in force."""
    refuse(
        field_errors(
            ExtensionRequest,
            {
                "submitted_on": submitted_on,
                "requested_deadline": requested_deadline,
                "source_url": source_url,
            },
        )
    )
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
    refuse(rules.check_extension(obligation.article, current, ext))
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
    record_event(
        obligation,
        EventKind.SUBMITTED,
        request=req,
        on=submitted_on,
        actor=actor,
        via=via,
        details={"requested_deadline": requested_deadline, "extends": current},
    )
    return req


@recorded_action
def record_analysis(
    req: ExtensionRequest, *, analysed_on: date, symbol: str, actor, via: str = Via.COMMAND
) -> ExtensionRequest:
    """The analysis of a request (the document the meeting receives)."""
    refuse(field_errors(ExtensionRequest, {"analysed_on": analysed_on}))
    req = ExtensionRequest.objects.select_for_update().select_related("obligation").get(pk=req.pk)
    if req.submitted_on and analysed_on < req.submitted_on:
        raise ValidationError(
            {"analysed_on": [_("a request cannot be analysed before it is submitted")]}
        )
    req.analysed_on, req.analysis_symbol = analysed_on, symbol
    req.save(update_fields=["analysed_on", "analysis_symbol", "updated_at"])
    record_event(
        req.obligation,
        EventKind.ANALYSED,
        request=req,
        on=analysed_on,
        actor=actor,
        via=via,
        details={"symbol": symbol},
    )
    return req


@recorded_action
def decide_extension_request(
    req: ExtensionRequest,
    *,
    outcome: str,
    meeting: Meeting,
    granted_until: date | None,
    actor,
    via: str = Via.COMMAND,
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
    refuse(decision_errors(req, outcome=outcome, meeting=meeting, granted_until=granted_until))
    before = {"decision": req.decision, "granted_deadline": plain(req.granted_deadline)}
    req.decision, req.decided_at, req.granted_deadline = outcome, meeting, granted_until
    req.save(update_fields=["decision", "decided_at", "granted_deadline", "updated_at"])
    record_event(
        req.obligation,
        EventKind.DECIDED,
        request=req,
        on=meeting.closed_on,
        meeting=meeting,
        actor=actor,
        via=via,
        details={
            "before": before,
            "after": {"decision": outcome, "granted_deadline": plain(granted_until)},
        },
    )
    return req


def obligation_errors(state, article: int, values: dict) -> list[tuple[str, str]]:
    """What the facts of an obligation contradict (the admin and forms show these): its
    fields' own checks (plausible dates, sources) first, then the treaty's rules."""
    own = field_errors(Obligation, values)
    if own:
        return own
    eif = entry_into_force_of(state)
    if eif is None:
        return [("state", _("This State has deposited no instrument: it has no obligations."))]
    errors = rules.check_obligation(
        article,
        basis=values.get("basis") or "",
        status=values.get("status") or "",
        completed_on=values.get("completed_on"),
        completed_precision=values.get("completed_precision") or "day",
        declared_on=values.get("completion_declared_on"),
        declared_precision=values.get("completion_declared_precision") or "day",
        hostilities_ended_on=values.get("hostilities_ended_on"),
        entry_into_force=eif,
    )
    meeting = values.get("declared_to")
    if meeting is not None and not Meeting.objects.filter(pk=meeting.pk).exists():
        errors.append(("declared_to", _("The meeting must be a recorded meeting.")))
    if meeting is not None and not values.get("completion_declared_on"):
        errors.append(("completion_declared_on", _("A declaration to a meeting needs its date.")))
    return errors


def obligation_events(ob: Obligation, before: dict, *, created: bool, actor, via: str) -> None:
    """The typed events one save of an obligation's facts amounts to."""
    after = {f: getattr(ob, f) for f in OBLIGATION_FIELDS}
    changed = {f: (before.get(f), v) for f, v in after.items() if before.get(f) != v}
    if created:
        record_event(ob, EventKind.RECORDED, actor=actor, via=via, details=after)
    elif changed:
        record_event(
            ob,
            EventKind.CHANGED,
            actor=actor,
            via=via,
            details={
                "before": {f: plain(b) for f, (b, _a) in changed.items()},
                "after": {f: plain(a) for f, (_b, a) in changed.items()},
            },
        )
    if ob.completed_on and "completed_on" in changed:
        record_event(ob, EventKind.COMPLETED, actor=actor, via=via, on=ob.completed_on)
    if ob.completion_declared_on and {"completion_declared_on", "declared_to"} & changed.keys():
        record_event(
            ob,
            EventKind.COMPLETION_DECLARED,
            actor=actor,
            via=via,
            on=ob.completion_declared_on,
            meeting=ob.declared_to,
        )


@recorded_action
def save_obligation(
    state,
    article: int,
    *,
    actor,
    via: str = Via.COMMAND,
    expected: tuple[str, int | None] | None = None,
    **values,
) -> Obligation:
    """Record or correct the facts of a State's Article 3 or 4 obligation (and its completion).

    Fields not given keep their value. Writes `recorded` or `changed`, and `completed` /
    `completion_declared` when those dates are set or moved. `expected` is the editor's
    (updated_at, version) token: a record changed since raises EditConflict."""
    unknown = set(values) - set(OBLIGATION_FIELDS)
    if unknown:
        raise TypeError(f"not obligation facts: {sorted(unknown)}")
    ob = Obligation.objects.select_for_update().filter(state=state, article=article).first()
    created = ob is None
    if created:
        ob = Obligation(state=state, article=article)
    elif expected:
        check_unchanged(ob, *expected)
    before = {} if created else {f: getattr(ob, f) for f in OBLIGATION_FIELDS}
    merged = {**{f: getattr(ob, f) for f in OBLIGATION_FIELDS}, **values}
    refuse(obligation_errors(state, article, merged))
    for f, v in values.items():
        setattr(ob, f, v)
    ob.save()
    obligation_events(ob, before, created=created, actor=actor, via=via)
    return ob


def stockpile_record_errors(obligation: Obligation, values: dict) -> list[tuple[str, str]]:
    """What a stockpile record contradicts: its fields' own checks (plausible dates,
    sources), then the rules (Art. 3 only; dates in order; a quantity given)."""
    own = field_errors(StockpileRecord, values)
    if own:
        return own
    return rules.check_stockpile_record(
        obligation.article,
        kind=values.get("kind") or "",
        on=values.get("on"),
        on_precision=values.get("on_precision") or "day",
        destroyed_on=values.get("destroyed_on"),
        destroyed_precision=values.get("destroyed_precision") or "day",
        quantities=(values.get("cluster_munitions"), values.get("submunitions")),
    )


@recorded_action
def save_stockpile_record(
    obligation: Obligation,
    *,
    actor,
    record: StockpileRecord | None = None,
    via: str = Via.COMMAND,
    expected: tuple[str, int | None] | None = None,
    **values,
) -> StockpileRecord:
    """Add a dated quantity (declared, destroyed, discovered, retained) or correct one."""
    unknown = set(values) - set(RECORD_FIELDS)
    if unknown:
        raise TypeError(f"not stockpile record fields: {sorted(unknown)}")
    if record is not None:
        record = StockpileRecord.objects.select_for_update().get(pk=record.pk)
        if expected:
            check_unchanged(record, *expected)
    current = {f: getattr(record, f) for f in RECORD_FIELDS} if record else {}
    merged = {**current, **values}
    refuse(stockpile_record_errors(obligation, merged))
    if record is None:
        record = StockpileRecord.objects.create(obligation=obligation, **values)
    else:
        for f, v in values.items():
            setattr(record, f, v)
        record.save()
    changed = {f: (current.get(f), getattr(record, f)) for f in RECORD_FIELDS}
    changed = {f: ba for f, ba in changed.items() if ba[0] != ba[1]}
    if changed:
        record_event(
            obligation,
            EventKind.STOCKPILE_RECORDED,
            actor=actor,
            via=via,
            on=record.on,
            details={
                "record": record.pk,
                "kind": record.kind,
                "before": {f: plain(b) for f, (b, _a) in changed.items()} if current else {},
                "after": {f: plain(a) for f, (_b, a) in changed.items()},
            },
        )
    return record


# --- facts withdrawn with their source -----------------------------------------------------

WITHHELD = {"withheld": True}


def _from_plain(values: dict) -> dict:
    """Event details back into field values (dates were kept as ISO text)."""
    out = {}
    for f, v in values.items():
        if f not in RECORD_FIELDS:
            continue
        out[f] = date.fromisoformat(v) if f in ("on", "destroyed_on") and v else v
    return out


def _values_before(record: StockpileRecord, rests_on: Callable[[str], bool]) -> dict | None:
    """The record's values before the writes whose source `rests_on` accepts, rebuilt from
    its events (each keeps the values a write replaced); None when such a write created it."""
    values = {f: getattr(record, f) for f in RECORD_FIELDS}
    events = ObligationEvent.objects.filter(
        obligation_id=record.obligation_id,
        kind=EventKind.STOCKPILE_RECORDED,
        details__record=record.pk,
    ).order_by("-recorded_at", "-pk")
    for event in events:
        if not rests_on(values["source_url"]):
            return values
        before = event.details.get("before") or {}
        if not before:
            return None  # this write created the record
        values.update(_from_plain(before))
    return None if rests_on(values["source_url"]) else values


def _withhold(details: dict, rests_on: Callable[[str], bool]) -> dict | None:
    """An event's details without the values that rested on the withdrawn sources (None:
    nothing to withhold)."""
    if isinstance(details.get("source_url"), str) and rests_on(details["source_url"]):
        return dict(WITHHELD)
    out, changed = dict(details), False
    for side in ("before", "after"):
        values = details.get(side)
        if isinstance(values, dict) and rests_on(str(values.get("source_url") or "")):
            out[side], changed = dict(WITHHELD), True
    return out if changed else None


@recorded_action
def withdraw_facts(
    state,
    rests_on: Callable[[str], bool],
    *,
    reason: str,
    actor,
    via: str = Via.COMMAND,
) -> list[dict]:
    """Take out of the State's obligation facts what rests only on sources that are being
    withdrawn (`rests_on(source_url)` says which: e.g. a report that was made restricted).

    A stockpile record written from them returns to the values it had before (rebuilt
    from its events), or is deleted when they created it; an obligation recorded from them
    is deleted when nothing else rests on it (no extension request, no record left), else
    it stays and is listed as kept. The events that carried the withdrawn values keep their
    kind and date but not the values. Facts from other sources stay as they are. Each step
    is recorded (the change log keeps the deleted values for those allowed to read it) and
    written as a `changed` event on the obligations that stay; `reason` is a code kept with
    it. Returns what was done."""
    done: list[dict] = []
    obligations = list(Obligation.objects.select_for_update().filter(state=state))
    for ob in obligations:
        for record in StockpileRecord.objects.select_for_update().filter(obligation=ob):
            if not rests_on(record.source_url):
                continue
            earlier = _values_before(record, rests_on)
            step = {"article": ob.article, "record": record.pk, "kind": record.kind}
            if earlier is None:
                record.delete()
                done.append({**step, "done": "deleted"})
                continue
            before = {f: getattr(record, f) for f in RECORD_FIELDS}
            for f, v in earlier.items():
                setattr(record, f, v)
            record.save()
            changed = {f: (before[f], earlier[f]) for f in RECORD_FIELDS if before[f] != earlier[f]}
            record_event(
                ob,
                EventKind.STOCKPILE_RECORDED,
                actor=actor,
                via=via,
                on=record.on,
                details={
                    "record": record.pk,
                    "kind": record.kind,
                    "before": dict(WITHHELD),
                    "after": {f: plain(a) for f, (_b, a) in changed.items()},
                    "withdrawn": reason,
                },
            )
            done.append({**step, "done": "restored"})
    for ob in obligations:
        if not rests_on(ob.source_url):
            continue
        if ob.extension_requests.exists() or ob.stockpile_records.exists():
            done.append({"article": ob.article, "obligation": ob.pk, "done": "kept"})
            continue
        ob.delete()
        done.append({"article": ob.article, "obligation": ob.pk, "done": "deleted"})
    remaining = [ob for ob in obligations if ob.pk is not None]
    for event in ObligationEvent.objects.filter(obligation__in=remaining):
        details = _withhold(event.details, rests_on)
        if details is not None:
            event.details = details
            event.save(update_fields=["details"])
    for ob in remaining:
        withdrawn = [d for d in done if d["article"] == ob.article and d["done"] == "deleted"]
        if withdrawn:
            record_event(
                ob,
                EventKind.CHANGED,
                actor=actor,
                via=via,
                details={"withdrawn": reason, "records": withdrawn},
            )
    return done
