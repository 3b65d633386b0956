"""What the parsers of the obligation files share: the rows read so far, the columns named
differently from their fields (for `Reader.check_fields`, the model fields' own checks), and
saving through a service with a refusal reported at the row's file, line and column."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ccm.core.csvimport import Reader, ReferenceDataInvalid, RowError

# field → CSV column, where they differ
COLUMN_OF = {
    "completed_precision": "completed_on_precision",
    "declared_to": "completion_declared_to",
    "source_url": "sources",
}

PAST_ONLY = frozenset(
    {"completed_on", "completion_declared_on", "submitted_on", "on", "destroyed_on"}
)


@dataclass
class Parsed:
    meetings: list[dict] = field(default_factory=list)
    obligations: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    lines: dict[tuple, int] = field(default_factory=dict)  # row's key → line (refusals)


def integer(reader: Reader, line: int, row: dict, column: str, allowed=None) -> int | None:
    value = row[column]
    if not value:
        return None
    if not value.isdigit() or (allowed and int(value) not in allowed):
        reader.error(line, column, _("“%(value)s” is not a valid number here") % {"value": value})
        return None
    return int(value)


def differs(obj, values: dict) -> bool:
    """Whether the record holds other values than the row (related records by key)."""
    return any(
        getattr(obj, obj._meta.get_field(name).attname) != getattr(value, "pk", value)
        for name, value in values.items()
    )


def through_the_service(file: Path, line: int, save: Callable[[], object]) -> None:
    """Save through a service; a refusal (which the checks of `parse` should have caught)
    rejects the import with the row's line, like any other error."""
    try:
        save()
    except ValidationError as exc:
        raise ReferenceDataInvalid(
            [
                RowError(file.name, line, COLUMN_OF.get(name, name), message)
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from exc
