"""Article 3 and 4 obligations of States Parties, and the stockpile records of those that
held stockpiles, each with its lifecycle events and recorded versions."""

from __future__ import annotations

from datetime import timedelta

from ccm.history.models import Via

from .world import Party, World, at, between, check, explicit_timestamps, plain

STOCKPILE_RECORD_FIELDS = (
    "kind",
    "on",
    "cluster_munitions",
    "submunitions",
    "qualifier",
    "destroyed_on",
    "source_url",
)


def _facts(world: World, party: Party, article: int) -> dict:
    """The facts of a new obligation: a basis fitting the article, ongoing, completed (with
    its declaration to a meeting) or none declared."""
    from ccm.obligations.choices import Basis, ObligationStatus

    rnd, today = world.rnd, world.today
    draw = rnd.random()
    values: dict = {"status": ObligationStatus.ONGOING, "hostilities_ended_on": None}
    if article == 3:
        values["basis"] = Basis.STOCKPILE if draw < 0.6 else Basis.NONE_DECLARED
    elif draw < 0.55:
        values["basis"] = Basis.CONTAMINATION_AT_EIF
    elif draw < 0.65 and party.eif < today - timedelta(days=400):
        values["basis"] = Basis.CONTAMINATION_AFTER_EIF
        ended = between(rnd, party.eif + timedelta(days=31), today - timedelta(days=1))
        values["hostilities_ended_on"] = ended.replace(day=1)
    else:
        values["basis"] = Basis.NONE_DECLARED
    if values["basis"] == Basis.NONE_DECLARED:
        values["status"] = rnd.choice(
            (ObligationStatus.NO_OBLIGATION_CLARIFIED, ObligationStatus.UNKNOWN)
        )
    elif rnd.random() < 0.2 and party.eif < today - timedelta(days=120):
        done = between(rnd, party.eif, today - timedelta(days=60))
        declared = between(rnd, done, today)
        values.update(
            status=ObligationStatus.COMPLETED,
            completed_on=done,
            completion_declared_on=declared,
            declared_to=world.meeting_after(declared),
        )
    return values


def add_obligations(world: World) -> list[tuple]:
    """``factor ×`` today's obligations, at most one per article for each State Party in
    force today. Returns the ongoing ones that have a deadline to extend, as
    (obligation, party, original deadline)."""
    from ccm.core.validators import field_errors
    from ccm.obligations import deadlines as rules
    from ccm.obligations.choices import Basis, EventKind, ObligationStatus
    from ccm.obligations.models import Obligation, ObligationEvent

    rnd, today = world.rnd, world.today
    existing = set(Obligation.objects.values_list("state_id", "article"))
    free = [
        (p, article)
        for p in world.parties
        if p.until == today and not p.acts.withdrawal_notified_on
        for article in (3, 4)
        if (p.state.pk, article) not in existing
    ]
    rnd.shuffle(free)
    wanted = (world.factor - 1) * len(existing)
    obligations, events, extensible = [], [], []
    for party, article in free[:wanted]:
        values = _facts(world, party, article)
        check(field_errors(Obligation, values), "obligation")
        check(
            rules.check_obligation(
                article,
                basis=values["basis"],
                status=values["status"],
                completed_on=values.get("completed_on"),
                declared_on=values.get("completion_declared_on"),
                hostilities_ended_on=values["hostilities_ended_on"],
                entry_into_force=party.eif,
            ),
            "obligation",
        )
        recorded_on = between(rnd, party.eif, values.get("completed_on") or today)
        created = at(recorded_on, rnd)
        ob = Obligation(
            state=party.state,
            article=article,
            source_url=f"CCM/MSP/{recorded_on.year}/{rnd.randint(1, 12)}",
            created_at=created,
            updated_at=created,
            **values,
        )
        obligations.append(ob)
        actor = world.actor(party)
        world.history.action(created, actor, Via.FORM, f"/edit/{party.state.iso3}/", ob)
        details = {k: plain(v) for k, v in values.items()}
        events.append(
            ObligationEvent(
                obligation=ob,
                kind=EventKind.RECORDED,
                actor=actor,
                via=Via.FORM,
                recorded_at=created,
                details=details,
            )
        )
        if values["status"] == ObligationStatus.COMPLETED:
            for kind, on in (
                (EventKind.COMPLETED, values["completed_on"]),
                (EventKind.COMPLETION_DECLARED, values["completion_declared_on"]),
            ):
                events.append(
                    ObligationEvent(
                        obligation=ob,
                        kind=kind,
                        on=on,
                        meeting=values["declared_to"]
                        if kind == EventKind.COMPLETION_DECLARED
                        else None,
                        actor=actor,
                        via=Via.FORM,
                        recorded_at=created,
                    )
                )
        elif values["basis"] != Basis.NONE_DECLARED:
            facts = rules.Obligation(
                article=article,
                basis=values["basis"],
                status=values["status"],
                hostilities_ended_on=values["hostilities_ended_on"],
            )
            original = rules.original_deadline(party.acts, facts)
            if original is not None:
                extensible.append((ob, party, original[0]))
    with explicit_timestamps(Obligation, ObligationEvent):
        Obligation.objects.bulk_create(obligations, batch_size=1000)
        ObligationEvent.objects.bulk_create(events, batch_size=2000)
    return extensible


def add_stockpile_records(world: World) -> None:
    """``factor ×`` today's stockpile records, spread over the Article 3 obligations of
    States that held stockpiles: first what each declared, then quantities destroyed,
    retained and discovered (with the day the discovered stocks were destroyed)."""
    from ccm.core.validators import field_errors
    from ccm.obligations import deadlines as rules
    from ccm.obligations.choices import Basis, EventKind, Qualifier, StockpileRecordKind
    from ccm.obligations.models import Obligation, ObligationEvent, StockpileRecord

    rnd, today = world.rnd, world.today
    parties = {p.state.pk: p for p in world.parties}
    holders = [
        (ob, parties[ob.state_id])
        for ob in Obligation.objects.filter(article=3, basis=Basis.STOCKPILE).order_by("pk")
        if ob.state_id in parties
    ]
    wanted = (world.factor - 1) * StockpileRecord.objects.count()
    later = (StockpileRecordKind.DESTROYED,) * 3 + (
        StockpileRecordKind.RETAINED,
        StockpileRecordKind.DISCOVERED,
    )
    records, declared = [], {}
    while holders and len(records) < wanted:
        for ob, party in holders[: wanted - len(records)]:
            on = between(rnd, party.eif, today)
            if ob.pk not in declared:
                kind = StockpileRecordKind.DECLARED
                declared[ob.pk] = quantities = (
                    rnd.randint(500, 200_000),
                    rnd.randint(10_000, 20_000_000),
                )
            else:
                kind = rnd.choice(later)
                cm, sub = declared[ob.pk]
                quantities = (rnd.randint(1, max(1, cm // 10)), rnd.randint(1, sub // 10))
            values = {
                "kind": kind,
                "on": on,
                "cluster_munitions": quantities[0],
                "submunitions": quantities[1],
                "qualifier": rnd.choice((Qualifier.EXACT, Qualifier.EXACT, Qualifier.APPROX)),
                "destroyed_on": between(rnd, on, today)
                if kind == StockpileRecordKind.DISCOVERED
                else None,
                "source_url": f"CCM/MSP/{on.year}/{rnd.randint(1, 12)} (Article 7)",
            }
            check(field_errors(StockpileRecord, values), "stockpile record")
            check(
                rules.check_stockpile_record(
                    ob.article,
                    kind=kind,
                    on=on,
                    destroyed_on=values["destroyed_on"],
                    quantities=quantities,
                ),
                "stockpile record",
            )
            moment = min(at(on + timedelta(days=rnd.randint(0, 90)), rnd), at(today, rnd))
            records.append(
                (
                    party,
                    StockpileRecord(obligation=ob, created_at=moment, updated_at=moment, **values),
                )
            )
    with explicit_timestamps(StockpileRecord, ObligationEvent):
        StockpileRecord.objects.bulk_create([r for _p, r in records], batch_size=1000)
        events = []
        for party, record in records:
            actor = world.actor(party)
            path = f"/edit/{party.state.iso3}/"
            world.history.action(record.created_at, actor, Via.FORM, path, record)
            events.append(
                ObligationEvent(
                    obligation=record.obligation,
                    kind=EventKind.STOCKPILE_RECORDED,
                    on=record.on,
                    actor=actor,
                    via=Via.FORM,
                    recorded_at=record.created_at,
                    details={
                        "record": record.pk,
                        "kind": record.kind,
                        "before": {},
                        "after": {f: plain(getattr(record, f)) for f in STOCKPILE_RECORD_FIELDS},
                    },
                )
            )
        ObligationEvent.objects.bulk_create(events, batch_size=2000)
