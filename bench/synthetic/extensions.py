"""Extension requests (Art. 3(3)-(6), 4(5)-(8)) as chains on the new ongoing obligations:
each submitted before the deadline it extends and after the previous one (the builder
needs many per obligation: several may be decided by the same meeting), asking at most 4 (Art. 3) or 5 (Art. 4) years more, analysed, and decided by the first
Meeting of States Parties or Review Conference after it — or pending when none has met
since, which ends the chain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ccm.history.models import Via

from .history import as_then
from .world import Party, World, at, between, check, explicit_timestamps


@dataclass
class Chain:
    obligation: object
    party: Party
    deadline: date  # the deadline in force, which the next request extends
    after: date  # the next request comes after this day
    sequence: int = 0


def _decision(world: World, current: date, requested: date, meeting) -> tuple[str, date | None]:
    from ccm.obligations.choices import Decision

    draw = world.rnd.random()
    if meeting is None:
        return Decision.PENDING, None
    if draw < 0.25:
        return Decision.GRANTED, requested
    if draw < 0.35 and requested > current + timedelta(days=2):
        shorter = between(world.rnd, current + timedelta(days=1), requested - timedelta(days=1))
        return Decision.GRANTED_SHORTER, shorter
    return Decision.REFUSED, None


def _next_request(world: World, chain: Chain):
    """The chain's next request (unsaved), or None when there is no room left for one."""
    from ccm.core.validators import field_errors
    from ccm.obligations import deadlines as rules
    from ccm.obligations.models import ExtensionRequest

    rnd, today, ob = world.rnd, world.today, chain.obligation
    last_day = min(chain.deadline - timedelta(days=1), today)
    start = chain.after + timedelta(days=1)
    if start > last_day:
        return None
    submitted = between(rnd, start, min(last_day, start + timedelta(days=200)))
    meeting = world.meeting_after(submitted)
    current = chain.deadline
    latest = min(
        rules.add_years(current, rules.MAX_EXTENSION_YEARS[ob.article]),
        rules.add_years(today, 19),  # within what a date of the record may be (20 years)
    )
    if latest <= current + timedelta(days=1):
        return None
    requested = between(rnd, min(current + timedelta(days=180), latest), latest)
    decision, granted = _decision(world, current, requested, meeting)
    chain.sequence += 1
    values = {
        "submitted_on": submitted,
        "requested_deadline": requested,
        "granted_deadline": granted,
    }
    check(field_errors(ExtensionRequest, values), "extension request")
    ext = rules.Extension(
        chain.sequence,
        submitted_on=submitted,
        requested_deadline=requested,
        meeting=meeting.code if meeting else None,
        decided_on=meeting.closed_on if meeting else None,
        decision=decision,
        granted_deadline=granted,
    )
    check(rules.check_extension(ob.article, current, ext), "extension request")
    analysed = (
        between(rnd, submitted, meeting.closed_on) if meeting and rnd.random() < 0.7 else None
    )
    return ExtensionRequest(
        obligation=ob,
        sequence=chain.sequence,
        decision=decision,
        decided_at=meeting,
        analysed_on=analysed,
        analysis_symbol=f"CCM/MSP/{analysed.year}/{rnd.randint(5, 20)}" if analysed else "",
        source_url=f"CCM/MSP/{submitted.year}/{rnd.randint(21, 40)}",
        created_at=at(submitted, rnd),
        updated_at=at(meeting.closed_on if meeting else submitted, rnd),
        **values,
    )


def _events(world: World, chain: Chain, req, extends: date) -> list:
    """The request's events and recorded actions: submitted (by the State, through the
    API), analysed and decided (by ISU staff, in the administration)."""
    from ccm.obligations.choices import Decision, EventKind
    from ccm.obligations.models import ObligationEvent

    ob, party = chain.obligation, chain.party
    actor, staff = world.actor(party), world.rnd.choice(world.staff)
    submitted = as_then(
        req,
        decision=Decision.PENDING,
        decided_at=None,
        granted_deadline=None,
        analysed_on=None,
        analysis_symbol="",
    )
    path = f"/api/v1/obligations/{party.state.iso3}/{ob.article}/extension-requests"
    world.history.action(req.created_at, actor, Via.API, path, submitted)

    def event(kind, on, who, via, when, **details):
        return ObligationEvent(
            obligation=ob,
            request=req,
            kind=kind,
            on=on,
            actor=who,
            via=via,
            recorded_at=when,
            details=details,
            meeting=req.decided_at if kind == EventKind.DECIDED else None,
        )

    out = [
        event(
            EventKind.SUBMITTED,
            req.submitted_on,
            actor,
            Via.API,
            req.created_at,
            requested_deadline=req.requested_deadline.isoformat(),
            extends=extends.isoformat(),
        )
    ]
    admin = "/admin/obligations/extensionrequest/"
    if req.analysed_on:
        when = at(req.analysed_on, world.rnd)
        analysed = as_then(req, decision=Decision.PENDING, decided_at=None, granted_deadline=None)
        world.history.action(when, staff, Via.ADMIN, admin, analysed)
        out.append(
            event(
                EventKind.ANALYSED,
                req.analysed_on,
                staff,
                Via.ADMIN,
                when,
                symbol=req.analysis_symbol,
            )
        )
    if req.decided_at:
        world.history.action(req.updated_at, staff, Via.ADMIN, admin, req)
        granted = req.granted_deadline.isoformat() if req.granted_deadline else None
        out.append(
            event(
                EventKind.DECIDED,
                req.decided_at.closed_on,
                staff,
                Via.ADMIN,
                req.updated_at,
                before={"decision": Decision.PENDING.value, "granted_deadline": None},
                after={"decision": req.decision, "granted_deadline": granted},
            )
        )
    return out


def add_extension_requests(world: World, extensible: list[tuple]) -> None:
    """``factor ×`` today's requests, one more on each open chain per round."""
    from ccm.obligations.models import ExtensionRequest, ObligationEvent

    wanted = (world.factor - 1) * ExtensionRequest.objects.count()
    chains = [Chain(ob, party, deadline, party.eif) for ob, party, deadline in extensible]
    made: list[tuple[Chain, object, date]] = []
    while len(made) < wanted and chains:
        still_open = []
        for chain in chains:
            if len(made) >= wanted:
                break
            extends = chain.deadline
            req = _next_request(world, chain)
            if req is None:
                continue
            made.append((chain, req, extends))
            if req.decided_at is not None:  # a pending request ends its chain
                chain.after = req.submitted_on
                chain.deadline = req.granted_deadline or chain.deadline
                still_open.append(chain)
        chains = still_open
    with explicit_timestamps(ExtensionRequest, ObligationEvent):
        ExtensionRequest.objects.bulk_create([r for _c, r, _e in made], batch_size=1000)
        events = [e for chain, req, extends in made for e in _events(world, chain, req, extends)]
        ObligationEvent.objects.bulk_create(events, batch_size=2000)
