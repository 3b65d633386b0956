"""Counts that published statements use, computed from deadlines on a date. Pure: no ORM,
no today()."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from .choices import DeadlineKind, DeadlineStatus, Qualifier, StockpileRecordKind
from .deadlines import Deadline

OUTSTANDING = frozenset(
    {
        DeadlineStatus.NOT_YET_DUE,
        DeadlineStatus.DUE_SOON,
        DeadlineStatus.OVERDUE,
        DeadlineStatus.AWAITING_DECISION,
    }
)
COMPLETED = frozenset({DeadlineStatus.MET_ON_TIME, DeadlineStatus.MET_LATE, DeadlineStatus.MET})
ARTICLE_KEYS = ((DeadlineKind.DESTRUCTION, "art3"), (DeadlineKind.CLEARANCE, "art4"))
"""The deadline of each article and its key in obligation_counts (the API's field names)."""


def _article_counts(mine: list[Deadline]) -> dict[str, int]:
    statuses = Counter(d.status for d in mine)
    return {
        "with_obligation": sum(1 for d in mine if d.status is not DeadlineStatus.NOT_APPLICABLE),
        "outstanding": sum(statuses[s] for s in OUTSTANDING),
        "completed": sum(statuses[s] for s in COMPLETED),
        "extended": sum(1 for d in mine if d.extended),
        "overdue": statuses[DeadlineStatus.OVERDUE],
        "awaiting_decision": statuses[DeadlineStatus.AWAITING_DECISION],
        "not_recorded": statuses[DeadlineStatus.NOT_RECORDED],
        "not_applicable": statuses[DeadlineStatus.NOT_APPLICABLE],
        "discovered_not_destroyed": sum(1 for d in mine if d.undestroyed_discovery),
    }


def obligation_counts(items: Iterable[Deadline]) -> dict[str, dict[str, int]]:
    """Per article (3, 4): States Parties with the obligation outstanding, completed, extended…"""
    items = list(items)
    return {
        label: _article_counts([d for d in items if d.kind is kind]) for kind, label in ARTICLE_KEYS
    }


def destroyed_on(record: Mapping[str, Any]) -> date | None:
    """When a stockpile record's quantities count as destroyed (Art. 3(2)): a `destroyed`
    record from its date, a `discovered` one from the date the discovered stocks were
    destroyed; other records never."""
    when: date | None = None
    if record["kind"] == StockpileRecordKind.DESTROYED:
        when = record["on"]
    elif record["kind"] == StockpileRecordKind.DISCOVERED:
        when = record["destroyed_on"]
    return when


def destroyed_totals(records: Iterable[Mapping[str, Any]], on: date) -> dict[str, Any]:
    """Cluster munitions and submunitions destroyed by `on`, summed over the quantities recorded.

    `records` are stockpile records as mappings (kind, on, destroyed_on, cluster_munitions,
    submunitions, qualifier, iso3); each counts from destroyed_on(record). A date known to the
    month or year counts from the first day of that period. `states` is how many States the
    sum covers; `approximate` is set when any summed figure was published as approximate.
    """
    cluster_munitions = submunitions = 0
    states: set[str] = set()
    approximate = False
    for r in records:
        when = destroyed_on(r)
        if when is None or when > on:
            continue
        if r["cluster_munitions"] is None and r["submunitions"] is None:
            continue
        cluster_munitions += r["cluster_munitions"] or 0
        submunitions += r["submunitions"] or 0
        states.add(r["iso3"])
        approximate = approximate or r["qualifier"] != Qualifier.EXACT
    return {
        "cluster_munitions": cluster_munitions,
        "submunitions": submunitions,
        "states": len(states),
        "approximate": approximate,
    }
