"""One State's acts read from the database: what a computation about that State needs.

A service checking one State's report or obligation reads that State's signature,
instrument and withdrawal in one query (`acts_of`), never every State's
(`ccm.states.membership.all_acts` is for computations over all States).
"""

from __future__ import annotations

from datetime import date

from . import status as rules
from .models import State

ACT_COLUMNS = (
    "iso3",
    "signature__signed_on",
    "instrument__kind",
    "instrument__deposited_on",
    "withdrawal__notified_on",
    "withdrawal__effective_on",
)
"""The columns of State that make a `StateActs`, in its order (one row per State)."""


def acts_of(state: State | int | str) -> rules.StateActs | None:
    """The State's acts as stored now (one query), or None for an unknown State.

    `state` is a State, its primary key or its ISO3 code. The acts are read afresh, not
    from a State loaded earlier, so a check made after an act changed sees the change."""
    if isinstance(state, State):
        lookup = {"pk": state.pk}
    elif isinstance(state, int):
        lookup = {"pk": state}
    else:
        lookup = {"iso3": state}
    row = State.objects.filter(**lookup).values_list(*ACT_COLUMNS).first()
    return rules.StateActs(*row) if row is not None else None


def entry_into_force_of(state: State | int | str) -> date | None:
    """Art. 17: the date the Convention entered (or enters) into force for the State, or
    None when it has deposited no instrument (one query)."""
    acts = acts_of(state)
    if acts is None or acts.deposited_on is None:
        return None
    return rules.entry_into_force_date(acts.deposited_on)
