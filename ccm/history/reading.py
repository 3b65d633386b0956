"""A record's history read back: its versions as before → after changes of each field,
merged with the lifecycle events its app registered a reader for, and the records one
user action changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Version

from .registry import NOT_RECORDED_FIELDS, events_of, state_id_of


@dataclass
class FieldChange:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    at: datetime
    kind: str  # "version" or "event"
    user: str = ""
    via: str = ""
    request_id: str = ""
    path: str = ""
    comment: str = ""
    title: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    version_id: int | None = None
    revision_id: int | None = None

    @classmethod
    def event(cls, at: datetime, actor, via: str, title: str) -> Entry:
        """A lifecycle event of the record (an app's `events` reader makes these)."""
        return cls(
            at=at,
            kind="event",
            user=actor.get_username() if actor else "",
            via=via,
            title=title,
        )

    def as_dict(self) -> dict:
        return {
            "at": self.at.isoformat(),
            "kind": self.kind,
            "user": self.user,
            "via": self.via,
            "request_id": self.request_id,
            "path": self.path,
            "comment": self.comment,
            "title": self.title,
            "changes": [c.__dict__ for c in self.changes],
            "version": self.version_id,
            "revision": self.revision_id,
        }


def _displays(model, dicts: list[dict]) -> dict[tuple[str, object], str]:
    """Readable values for foreign keys and choices, read in one query per related model."""
    out: dict[tuple[str, object], str] = {}
    for f in model._meta.concrete_fields:
        if f.is_relation:
            ids = {d.get(f.attname) for d in dicts} - {None}
            if ids:
                for obj in f.related_model._default_manager.filter(pk__in=ids):
                    out[(f.attname, obj.pk)] = str(obj)
        elif f.choices:
            for value, label in f.flatchoices:
                out[(f.attname, value)] = str(label)
    return out


def _show(value, attname: str, displays) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    shown = displays.get((attname, value))
    if shown is not None:
        return shown
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def diff(model, before: dict, after: dict, displays=None) -> list[FieldChange]:
    displays = displays if displays is not None else _displays(model, [before, after])
    changes = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.name in NOT_RECORDED_FIELDS:
            continue
        a, b = before.get(f.attname), after.get(f.attname)
        if a != b:
            changes.append(
                FieldChange(
                    str(f.verbose_name),
                    _show(a, f.attname, displays),
                    _show(b, f.attname, displays),
                )
            )
    return changes


def versions_of(obj: models.Model) -> list[Version]:
    """Oldest first, with their revision, user and context."""
    return list(
        Version.objects.get_for_object(obj)
        .select_related("revision__user", "revision__context")
        .order_by("revision__date_created", "pk")
    )


def readable_values(version: Version) -> dict | None:
    """A version's values, or None when its stored data can no longer be read (e.g. a
    field's type changed since): the history shows that version without its values."""
    try:
        return version.field_dict
    except RevertError:
        return None


def history(obj: models.Model) -> list[Entry]:
    """The record's recorded changes (before → after) and its lifecycle events, newest first."""
    model = type(obj)
    versions = versions_of(obj)
    dicts = [readable_values(v) for v in versions]
    displays = _displays(model, [d for d in dicts if d is not None])
    entries: list[Entry] = []
    previous: dict = {}
    for version, values in zip(versions, dicts, strict=True):
        revision = version.revision
        context = getattr(revision, "context", None)
        if values is None:
            title, changes = _("Changed (this version's values can no longer be read)"), []
        else:
            title = _("Created") if not previous else _("Changed")
            changes = diff(model, previous, values, displays)
        entries.append(
            Entry(
                at=revision.date_created,
                kind="version",
                user=revision.user.get_username() if revision.user else "",
                via=context.get_via_display() if context else "",
                request_id=context.request_id if context else "",
                path=context.path if context else "",
                comment=revision.get_comment(),
                title=title,
                changes=changes,
                version_id=version.pk,
                revision_id=revision.pk,
            )
        )
        previous = values if values is not None else previous
    entries.extend(events_of(obj))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


@dataclass
class RevisionItem:
    label: str
    pk: str
    record: str
    state_id: int | None
    changes: list[FieldChange]


def revision_items(revision) -> list[RevisionItem]:
    """Every record one user action changed, each with its fields before and after."""
    items = []
    for version in revision.version_set.select_related("content_type"):
        model = version.content_type.model_class()
        if model is None:
            continue
        previous = (
            Version.objects.get_for_object_reference(model, version.object_id)
            .filter(pk__lt=version.pk)
            .order_by("-pk")
            .first()
        )
        before = (readable_values(previous) or {}) if previous else {}
        after = readable_values(version)
        obj = model._base_manager.filter(pk=version.object_id).first()
        items.append(
            RevisionItem(
                label=model._meta.label_lower,
                pk=version.object_id,
                record=version.object_repr,
                state_id=state_id_of(obj) if obj is not None else None,
                changes=diff(model, before, after) if after is not None else [],
            )
        )
    return items
