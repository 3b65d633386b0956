"""A State's acts as a dated timeline (shared by the State page and the API)."""

from __future__ import annotations

from datetime import date

from .choices import Act
from .models import State


def acts_timeline(state: State) -> list[dict]:
    """The depositary's acts of one State in date order, each an `Act` with its source and
    notes (and the instrument's kind)."""
    items = []
    sig = getattr(state, "signature", None)
    if sig:
        items.append(
            {
                "act": Act.SIGNATURE,
                "kind": None,
                "date": sig.signed_on,
                "source": sig.source_urls,
                "notes": sig.notes,
            }
        )
    ins = getattr(state, "instrument", None)
    if ins:
        items.append(
            {
                "act": Act.INSTRUMENT,
                "kind": ins.kind,
                "date": ins.deposited_on,
                "source": ins.source_urls,
                "notes": ins.notes,
            }
        )
    wd = getattr(state, "withdrawal", None)
    if wd:
        for act, d in (
            (Act.WITHDRAWAL_NOTIFIED, wd.notified_on),
            (Act.WITHDRAWAL_EFFECTIVE, wd.effective_on),
        ):
            if d:
                items.append(
                    {
                        "act": act,
                        "kind": None,
                        "date": d,
                        "source": wd.source_urls,
                        "notes": wd.notes,
                    }
                )
    return sorted(items, key=lambda i: i["date"])


def state_detail(state: State, on: date) -> dict:
    """A State's page and API record on `on`: status explained, entry into force, acts, groups."""
    st = state.status_on(on)
    groups = [
        m.group for m in state.group_memberships.valid_on(on).select_related("group__grouping")
    ]
    return {
        "iso3": state.iso3,
        "name": state.name,
        "names": {n.language: n.name for n in state.names.all()},
        "status": st,
        "entry_into_force": st.entry_into_force,
        "withdrawal": st.withdrawal,
        "acts": acts_timeline(state),
        "groups": groups,
    }
