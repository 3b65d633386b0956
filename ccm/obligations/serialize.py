"""One plain representation of a deadline, shared by the API, the CLI and the downloads."""

from __future__ import annotations

from . import deadlines as rules

FIELDS = [
    "state",
    "obligation",
    "year",
    "due",
    "original_due",
    "status",
    "extended",
    "days_left",
    "met_on",
    "explanation",
]


def deadline_row(d: rules.Deadline) -> dict:
    return {
        "state": d.iso3,
        "obligation": d.kind.value,
        "year": d.year,
        "due": d.due.isoformat() if d.due else None,
        "original_due": d.original_due.isoformat() if d.original_due else None,
        "status": d.status.value,
        "extended": d.extended,
        "days_left": d.days_left,
        "met_on": d.met_on.isoformat() if d.met_on else None,
        "explanation": str(d.explanation),
    }
