"""Which models the history records. Each app registers its own from its AppConfig.ready()
(the history knows no app): the path from a record to the State it belongs to (access to
a record's history follows it), whether an earlier version may be restored and how
(decision 0004), and where the record's lifecycle events are read for its timeline.

    def ready(self):
        from ccm.history.registry import FACT, register

        register(Meeting, state_path=None, revert=FACT)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import reversion
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models.signals import pre_delete
from django.utils.translation import gettext_lazy

from .models import Deletion, Via
from .recording import current_actor, current_request, current_via

NOT_RECORDED_FIELDS = {"created_at", "updated_at", "password", "last_login"}


@dataclass(frozen=True)
class RevertPolicy:
    """Whether an earlier version of a recorded model may be restored from its history.

    A revertible model is restored `through` its service, called with the record, the
    version's values by attname and the actor (the service's rules run and its lifecycle
    events are written), or, without one, through model validation like an edit in the
    administration. A refused model's `why` is what staff are told."""

    revertible: bool
    why: str
    through: Callable[[models.Model, dict, object], None] | None = None


FACT = RevertPolicy(
    True,
    gettext_lazy(
        "A sourced fact or reference record with no lifecycle and no power over anyone: "
        "an earlier version is restored after the model's own validation."
    ),
)
"""The policy of records with a source and no lifecycle: restored through validation."""


@dataclass(frozen=True)
class Recorded:
    model: type[models.Model]
    state_path: str | None  # "" for a State itself, None for records of no single State
    revert: RevertPolicy
    events: Callable[[models.Model], Iterable] | None = None  # → reading.Entry, kind "event"


RECORDED: dict[str, Recorded] = {}
"""app_label.model → how it is recorded; filled by the apps' ready()."""


def register(
    model: type[models.Model],
    *,
    state_path: str | None,
    revert: RevertPolicy,
    events: Callable[[models.Model], Iterable] | None = None,
) -> None:
    """Record every change of `model` (versions, and its deletions) in the history."""
    label = label_of(model)
    if state_path:
        _check_path(model, state_path)
    RECORDED[label] = Recorded(model, state_path, revert, events)
    if not reversion.is_registered(model):
        exclude = [f.name for f in model._meta.fields if f.name in NOT_RECORDED_FIELDS]
        reversion.register(model, exclude=exclude)
        pre_delete.connect(record_deletion, sender=model, dispatch_uid=f"ccm-deletion-{label}")


def _check_path(model: type[models.Model], path: str) -> None:
    """A path of foreign keys (or one-to-one fields), so that a mistyped one fails when the
    app loads."""
    target = model
    for step in path.split("__"):
        try:
            field = target._meta.get_field(step)
        except FieldDoesNotExist:
            field = None
        if field is None or not (field.many_to_one or field.one_to_one) or field.auto_created:
            raise ImproperlyConfigured(
                f"{label_of(model)}: state_path {path!r} is not a path of foreign keys"
            )
        target = field.related_model


def label_of(obj_or_model) -> str:
    return obj_or_model._meta.label_lower


def model_for(label: str) -> type[models.Model] | None:
    recorded = RECORDED.get(label)
    return recorded.model if recorded else None


NO_POLICY = RevertPolicy(
    False, gettext_lazy("Records of this kind have no revert policy: they are not reverted.")
)


def revert_policy(label: str) -> RevertPolicy:
    recorded = RECORDED.get(label)
    return recorded.revert if recorded else NO_POLICY


def events_of(obj: models.Model) -> list:
    """The record's lifecycle events as history entries (none unless its app reads them)."""
    recorded = RECORDED.get(label_of(obj))
    return list(recorded.events(obj)) if recorded and recorded.events else []


def state_id_of(obj: models.Model) -> int | None:
    """The pk of the State a record belongs to, or None."""
    recorded = RECORDED.get(label_of(obj))
    path = recorded.state_path if recorded else None
    if path is None:
        return None
    if path == "":
        return obj.pk
    target = obj
    for step in path.split("__")[:-1]:
        target = getattr(target, step)
    return getattr(target, f"{path.split('__')[-1]}_id")


def record_deletion(sender, instance, **kwargs) -> None:
    """Keep a deleted record's last values, who deleted it and through which path."""
    request = current_request.get()
    data = {
        f.attname: _json(getattr(instance, f.attname))
        for f in sender._meta.concrete_fields
        if f.name not in NOT_RECORDED_FIELDS
    }
    try:
        state_id = state_id_of(instance)
    except models.ObjectDoesNotExist:
        state_id = None
    Deletion.objects.create(
        label=label_of(instance),
        object_id=str(instance.pk),
        state_id=state_id,
        object_repr=str(instance)[:200],
        data=data,
        user=current_actor.get(),
        via=current_via.get() or Via.COMMAND,
        request_id=getattr(request, "request_id", "") if request else "",
        client_request_id=getattr(request, "client_request_id", "") if request else "",
    )


def _json(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
