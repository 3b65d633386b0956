"""Counts that published statements use, computed from deadlines on a date."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

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
        }
    return out
