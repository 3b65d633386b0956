"""The State list with derived status: filtered and sorted in Python over one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch
from django.utils.translation import get_language

from . import status as rules
from .models import GroupMembership, State, StateName


@dataclass(frozen=True, slots=True)
class StateRow:
    """One State's row: its acts' dates and its status on the date asked (no explanation)."""

    iso3: str
    name: str  # in the active language where known
    un_name: str
    status: rules.Status
    bound: bool
    signed_on: date | None
    instrument_kind: str | None
    deposited_on: date | None
    entry_into_force: date | None


def _states_with_names() -> list[State]:
    """Every State with its acts, and its name in the active language only (≤ 2 queries)."""
    lang = (get_language() or "en").split("-")[0]
    qs = State.objects.with_acts()
    if lang != "en":
        qs = qs.prefetch_related(
            Prefetch("names", queryset=StateName.objects.filter(language=lang))
        )
    return list(qs)


def state_rows(
    on: date, *, status: str = "", group=None, q: str = "", sort: str = "name"
) -> list[StateRow]:
    """States with their status on `on`, filtered and sorted (≤ 3 queries)."""
    states = _states_with_names()
    if group is not None:
        members = set(
            GroupMembership.objects.valid_on(on)
            .filter(group=group)
            .values_list("state__iso3", flat=True)
        )
        states = [s for s in states if s.iso3 in members]
    rows = []
    for s in states:
        acts = s.acts()
        st, bound = rules.classify(acts, on)
        rows.append(
            StateRow(
                iso3=s.iso3,
                name=s.localized_name(),
                un_name=s.name,
                status=st,
                bound=bound,
                signed_on=acts.signed_on,
                instrument_kind=acts.instrument_kind,
                deposited_on=acts.deposited_on,
                entry_into_force=rules.entry_into_force_date(acts.deposited_on)
                if acts.deposited_on
                else None,
            )
        )
    if q:
        needle = q.casefold()
        rows = [
            r
            for r in rows
            if needle in r.un_name.casefold()
            or needle in r.name.casefold()
            or needle == r.iso3.casefold()
        ]
    if status == "in_force":
        rows = [r for r in rows if r.bound]
    elif status:
        rows = [r for r in rows if r.status == status]
    order = list(rules.Status)
    keys = {
        "name": lambda r: r.name.casefold(),
        "status": lambda r: (order.index(r.status), r.name.casefold()),
        "deposited": lambda r: (r.deposited_on or date.max, r.name.casefold()),
        "eif": lambda r: (r.entry_into_force or date.max, r.name.casefold()),
    }
    key = sort.lstrip("-") or "name"
    rows.sort(key=keys.get(key, keys["name"]), reverse=sort.startswith("-"))
    if sort == "-deposited":  # newest first, States without an instrument last
        rows.sort(key=lambda r: r.deposited_on is None)
    return rows
