"""Concurrent edits never lose an update: an edit carries the `updated_at` of the record as
its editor loaded it (and the id of the version they saw); a save that finds the record
changed since is refused with what changed, by whom and when."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from reversion.models import Version

from .reading import FieldChange, diff


@dataclass
class Token:
    updated_at: str
    version: int | None

    @classmethod
    def of(cls, obj) -> Token:
        latest = Version.objects.get_for_object(obj).order_by("-pk").values_list("pk", flat=True)
        return cls(obj.updated_at.isoformat() if obj.updated_at else "", latest.first())


@dataclass
class EditConflict(Exception):
    """The record changed after the editor loaded it."""

    obj: object
    changes: list[FieldChange] = field(default_factory=list)
    by: str = ""
    at: datetime | None = None

    def __str__(self) -> str:
        return _("This record was changed by someone else after you opened it.")


def check_unchanged(obj, expected_updated_at: str | None, base_version: int | None = None) -> None:
    """Raise EditConflict when `obj` (read under lock) is not the state the editor saw."""
    if not expected_updated_at:
        return
    try:
        expected = parse_datetime(expected_updated_at)
    except ValueError:  # well-formed but impossible (30 February): no version of this record
        expected = None
    if expected is not None and obj.updated_at == expected:
        return
    versions = list(Version.objects.get_for_object(obj).select_related("revision__user")[:1])
    latest = versions[0] if versions else None
    before = {}
    if base_version:
        base = Version.objects.filter(pk=base_version).first()
        if base is not None and base.object_id == str(obj.pk):
            before = base.field_dict
    current = {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}
    raise EditConflict(
        obj=obj,
        changes=diff(type(obj), before, current) if before else [],
        by=latest.revision.user.get_username() if latest and latest.revision.user else "",
        at=latest.revision.date_created if latest else obj.updated_at,
    )
