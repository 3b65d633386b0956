"""Load every reference file in `data/` at once: all validated first, then written in one
transaction, or nothing at all."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.db import transaction

from ccm.core.csvimport import ReferenceDataInvalid, RowError
from ccm.history.models import Via
from ccm.history.recording import recorded
from ccm.obligations import importer as obligations
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
    if errors:
        raise ReferenceDataInvalid(errors)
    with transaction.atomic(), recorded(via=Via.IMPORT, comment="Reference data import"):
        result = states.apply(parsed_states)
        counts = obligations.apply(parsed_obligations)
    return {**result.__dict__, **counts}
