"""Membership figures read from the database and derived by the pure rules.

One function per product: the summary on a date (API, CLI, public page and
downloads all print it), the time series, and the State list. Each runs a
fixed number of queries whatever the number of States.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from . import status as rules
from .acts import ACT_COLUMNS
from .models import Group, Grouping, GroupMembership, State


class UnknownGrouping(LookupError):
    """Raised for a grouping or group code that is not in the database."""


def all_states(*, names: bool = False) -> list[State]:
    """Every State with its acts (1 query), and its names in other languages if asked (2)."""
    qs = State.objects.with_acts()
    return list(qs.prefetch_related("names") if names else qs)


def all_acts() -> dict[str, rules.StateActs]:
    """iso3 → acts for every State, ordered by UN name (one query, no model instances)."""
    rows = State.objects.values_list(*ACT_COLUMNS)
    return {row[0]: rules.StateActs(*row) for row in rows}


def get_grouping(code: str) -> Grouping:
    try:
        return Grouping.objects.get(code=code)
    except Grouping.DoesNotExist:
        raise UnknownGrouping(
            _("Unknown grouping “%(code)s”. Known groupings: %(known)s.")
            % {"code": code, "known": ", ".join(Grouping.objects.values_list("code", flat=True))}
        ) from None


@dataclass(frozen=True)
class GroupMembers:
    group: Group
    periods: dict[str, list[rules.Period]]  # iso3 → periods of membership

    def members_on(self, on: date) -> set[str]:
        return {iso3 for iso3, ps in self.periods.items() if any(p.contains(on) for p in ps)}


def group_members(grouping: Grouping) -> list[GroupMembers]:
    """Every group of a grouping with its dated memberships (2 queries)."""
    groups = list(grouping.groups.all())
    periods: dict[int, dict[str, list[rules.Period]]] = defaultdict(lambda: defaultdict(list))
    rows = GroupMembership.objects.filter(group__grouping=grouping).values_list(
        "group_id", "state__iso3", "valid_from", "valid_to"
    )
    for group_id, iso3, start, end in rows:
        periods[group_id][iso3].append(rules.Period(start, end))
    return [GroupMembers(g, dict(periods[g.id])) for g in groups]


STATUS_KEYS = {
    rules.Status.STATE_PARTY: "states_parties",
    rules.Status.SIGNATORY: "signatories",
    rules.Status.NOT_PARTY: "not_party",
    rules.Status.WITHDRAWN: "withdrawn",
}


def _block(iso3s: list[str], statuses: dict[str, tuple[rules.Status, bool]]) -> dict:
    counts = rules.Counts()
    lists: dict[str, list[str]] = {k: [] for k in STATUS_KEYS.values()}
    for iso3 in iso3s:
        status, bound = statuses[iso3]
        counts.add(status, bound)
        lists[STATUS_KEYS[status]].append(iso3)
    return {"totals": counts.as_dict(), "states": lists}


def summary(on: date, grouping_code: str | None = None) -> dict:
    """The membership summary on `on`: totals over all States and, with a grouping, per group.

    Lists of States are ISO3 codes ordered by UN name. Raises UnknownGrouping.
    """
    grouping = get_grouping(grouping_code) if grouping_code else None
    statuses = {iso3: rules.classify(a, on) for iso3, a in all_acts().items()}
    result: dict = {"as_of": on.isoformat(), "totals": _block(list(statuses), statuses)["totals"]}
    if grouping is not None:
        result["grouping"] = {"code": grouping.code, "name": grouping.name}
        result["groups"] = []
        for gm in group_members(grouping):
            members = gm.members_on(on)
            block = _block([i for i in statuses if i in members], statuses)
            result["groups"].append({"code": gm.group.code, "name": gm.group.name, **block})
    return result


def timeseries(grouping_code: str | None = None) -> dict:
    """Counts over time, one point per date on which a count changes (per group with a grouping)."""
    grouping = get_grouping(grouping_code) if grouping_code else None
    acts = all_acts()

    def points(members=None) -> list[dict]:
        return [
            {"date": p.on.isoformat(), **p.counts.as_dict()}
            for p in rules.count_series(acts, members)
        ]

    result: dict = {"points": points()}
    if grouping is not None:
        result["grouping"] = {"code": grouping.code, "name": grouping.name}
        result["groups"] = [
            {"code": gm.group.code, "name": gm.group.name, "points": points(gm.periods)}
            for gm in group_members(grouping)
        ]
    return result
