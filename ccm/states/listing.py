"""The State list with derived status: filtered and sorted in Python over one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from . import status as rules
from .membership import all_states
from .models import GroupMembership, State


@dataclass
class StateRowView:
    state: State
    status: rules.StatusOn

    @property
    def iso3(self) -> str:
        return self.state.iso3


def state_rows(
    on: date, *, status: str = "", group=None, q: str = "", sort: str = "name"
) -> list[StateRowView]:
    """States with their status on `on`, filtered and sorted (≤ 3 queries)."""
    states = all_states(names=True)
    if group is not None:
        members = set(
            GroupMembership.objects.valid_on(on)
            .filter(group=group)
            .values_list("state__iso3", flat=True)
        )
        states = [s for s in states if s.iso3 in members]
    if q:
        needle = q.casefold()
        states = [
            s
            for s in states
            if needle in s.name.casefold()
            or needle == s.iso3.casefold()
            or needle in s.localized_name().casefold()
        ]
    rows = [StateRowView(s, s.status_on(on)) for s in states]
    if status == "in_force":
        rows = [r for r in rows if r.status.bound]
    elif status:
        rows = [r for r in rows if r.status.status == status]
    far = date.max
    keys = {
        "name": lambda r: r.state.localized_name().casefold(),
        "status": lambda r: (list(rules.Status).index(r.status.status), r.state.name),
        "deposited": lambda r: (
            getattr(getattr(r.state, "instrument", None), "deposited_on", far),
            r.state.name,
        ),
        "eif": lambda r: (
            r.status.entry_into_force.value if r.status.entry_into_force else far,
            r.state.name,
        ),
    }
    key = sort.lstrip("-") or "name"
    rows.sort(key=keys.get(key, keys["name"]), reverse=sort.startswith("-"))
    if sort == "-deposited":  # newest first, States without an instrument last
        rows.sort(
            key=lambda r: (
                getattr(getattr(r.state, "instrument", None), "deposited_on", None) is None
            )
        )
    return rows
