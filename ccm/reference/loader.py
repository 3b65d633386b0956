"""Load every reference file in `data/` at once: all validated first, then written in one
transaction, or nothing at all. Loading the same files again writes nothing.

A record changed in the application since it was imported is kept as it is (the files seed
the facts; people maintain them) and counted. A record that has left its file is listed
and stays, unless the load prunes (`prune=True`, `--prune`): then it goes through the
recorded path (its deletion is in the change log), except a record people changed, or
one that records people entered or changed depend on: those stay and are listed. A
record entered in the application was never in a file and is not "missing" from one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import reversion
from django.db import models, transaction
from reversion.models import Version

from ccm.core.csvimport import (
    Absent,
    ImportRun,
    ReferenceDataInvalid,
    RowError,
    importing,
)
from ccm.history.models import Via
from ccm.history.recording import edited_in_app, recorded
from ccm.obligations import importer as obligations
from ccm.reports import importer as reports
from ccm.states import importer as states


@dataclass
class Loaded:
    """What a load did: counts by name (`loaded["states"]`), and the records in the
    database that the files no longer hold, with what became of each."""

    counts: dict[str, int]
    absent: list[Absent] = field(default_factory=list)
    pruned: bool = False

    def __getitem__(self, name: str) -> int:
        return self.counts[name]


def changed_in_the_application(obj: models.Model) -> bool:
    """A recorded record whose latest change came from a person. Records the change log does
    not keep (lifecycle events) follow the record they belong to."""
    return reversion.is_registered(type(obj)) and edited_in_app(obj)


def came_from_the_files(obj: models.Model) -> bool:
    """True when the import wrote the record at some time, or its origin is unknown (it has
    no recorded version, or the change log does not keep its kind); False for a record
    entered in the application."""
    if not reversion.is_registered(type(obj)):
        return True
    versions = Version.objects.get_for_object(obj)
    return not versions.exists() or versions.filter(revision__context__via=Via.IMPORT).exists()


def load_all(data_dir: Path, *, today: date, prune: bool = False) -> Loaded:
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
    run = ImportRun(edited=changed_in_the_application, imported=came_from_the_files, prune=prune)
    with (
        transaction.atomic(),
        recorded(via=Via.IMPORT, comment="Reference data import"),
        importing(run),
    ):
        result = states.apply(parsed_states)
        counts = obligations.apply(parsed_obligations, edited=run.edited)
        counts |= reports.apply(parsed_reports)
    return Loaded(
        {**result.__dict__, **counts, "kept_as_edited_in_the_application": len(run.kept)},
        run.absent,
        prune,
    )
