"""Counts that published statements use, computed from deadlines on a date."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date

from . import deadlines as rules

OUTSTANDING = {
    rules.DeadlineStatus.NOT_YET_DUE,
    rules.DeadlineStatus.DUE_SOON,
    rules.DeadlineStatus.OVERDUE,
    rules.DeadlineStatus.AWAITING_DECISION,
}
COMPLETED = {
    rules.DeadlineStatus.MET_ON_TIME,
    rules.DeadlineStatus.MET_LATE,
    rules.DeadlineStatus.MET,
}


def obligation_counts(items: Iterable[rules.Deadline]) -> dict[str, dict[str, int]]:
    """Per article (3, 4): States Parties with the obligation outstanding, completed, extended…"""
    items = list(items)
    out: dict[str, dict[str, int]] = {}
    for kind, label in ((rules.Kind.DESTRUCTION, "art3"), (rules.Kind.CLEARANCE, "art4")):
        mine = [d for d in items if d.kind is kind]
        statuses = Counter(d.status for d in mine)
        out[label] = {
            "with_obligation": sum(
                1 for d in mine if d.status is not rules.DeadlineStatus.NOT_APPLICABLE
            ),
            "outstanding": sum(statuses[s] for s in OUTSTANDING),
            "completed": sum(statuses[s] for s in COMPLETED),
            "extended": sum(1 for d in mine if d.extended),
            "overdue": statuses[rules.DeadlineStatus.OVERDUE],
            "awaiting_decision": statuses[rules.DeadlineStatus.AWAITING_DECISION],
            "not_recorded": statuses[rules.DeadlineStatus.NOT_RECORDED],
            "not_applicable": statuses[rules.DeadlineStatus.NOT_APPLICABLE],
            "discovered_not_destroyed": sum(1 for d in mine if d.undestroyed_discovery),
        }
    return out


def destroyed_totals(records: Iterable[Mapping], on: date) -> dict:
    """Cluster munitions and submunitions destroyed by `on`, summed over the quantities recorded.

    `records` are stockpile records as mappings (kind, on, destroyed_on, cluster_munitions,
    submunitions, qualifier, iso3). A `destroyed` record counts from its date, a `discovered`
    one from the date the discovered stocks were destroyed. A date known to the month or year
    counts from the first day of that period. `states` is how many States the sum covers;
    `approximate` is set when any summed figure was published as approximate.
    """
    cluster_munitions = submunitions = 0
    states: set[str] = set()
    approximate = False
    for r in records:
        when = {"destroyed": r["on"], "discovered": r["destroyed_on"]}.get(r["kind"])
        if when is None or when > on:
            continue
        if r["cluster_munitions"] is None and r["submunitions"] is None:
            continue
        cluster_munitions += r["cluster_munitions"] or 0
        submunitions += r["submunitions"] or 0
        states.add(r["iso3"])
        approximate = approximate or r["qualifier"] != "exact"
    return {
        "cluster_munitions": cluster_munitions,
        "submunitions": submunitions,
        "states": len(states),
        "approximate": approximate,
    }
