"""Load every reference file in `data/` at once: all validated first, then written in one
transaction, or nothing at all. A record changed in the application since it was imported
is kept as it is (the files seed the facts; people maintain them) and counted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import transaction

from ccm.core.csvimport import ReferenceDataInvalid, RowError, keeping
from ccm.history.models import Via
from ccm.history.recording import edited_in_app, recorded
from ccm.obligations import importer as obligations
from ccm.reports import importer as reports
from ccm.states import importer as states


def load_all(data_dir: Path, *, today: date) -> dict[str, int]:
    """Validate every file, then write them all in one transaction; raise ReferenceDataInvalid."""
    errors: list[RowError] = []
    parsed_states = states.parse(
        data_dir / "states.csv", data_dir / "ccm_participation.csv", today=today, errors=errors
    )
    parsed_obligations = obligations.parse(
        data_dir, parsed_states.acts(), today=today, errors=errors, acts_checked=not errors
    )
    parsed_reports = reports.parse(data_dir, parsed_states.acts(), today=today, errors=errors)
    if errors:
        raise ReferenceDataInvalid(errors)
    with (
        transaction.atomic(),
        recorded(via=Via.IMPORT, comment="Reference data import"),
        keeping(edited_in_app) as kept,
    ):
        result = states.apply(parsed_states)
        counts = obligations.apply(parsed_obligations)
        counts |= reports.apply(parsed_reports)
    return {**result.__dict__, **counts, "kept_as_edited_in_the_application": len(kept)}
