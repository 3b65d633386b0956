"""Every change is recorded: django-reversion keeps a version of each record saved inside a
revision (one revision = one user action: who, when), ChangeContext adds through which
path and from which request. This module says which models are recorded and whether each
may be reverted, opens revisions, reads a record's history back as before/after changes
(merged with the obligations' lifecycle events) and reverts a record to an earlier version.
"""

from __future__ import annotations

import contextvars
import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

import reversion
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import pre_delete
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.errors import RevertError
from reversion.models import Version

from ccm.core.net import client_ip

from .models import ChangeContext, Deletion, Via

current_request: contextvars.ContextVar = contextvars.ContextVar("ccm_request", default=None)
current_via: contextvars.ContextVar[str | None] = contextvars.ContextVar("ccm_via", default=None)
current_actor: contextvars.ContextVar = contextvars.ContextVar("ccm_actor", default=None)

# Recorded models → the lookup from a record to the State it belongs to ("" for a State
# itself, None for records of no single State). Access to a record's history follows it.
REGISTRY: dict[str, str | None] = {
    "states.state": "",
    "states.statename": "state",
    "states.signature": "state",
    "states.instrument": "state",
    "states.withdrawal": "state",
    "states.grouping": None,
    "states.group": None,
    "states.groupmembership": "state",
    "meetings.meeting": None,
    "obligations.obligation": "state",
    "obligations.stockpilerecord": "obligation__state",
    "obligations.extensionrequest": "obligation__state",
    "obligations.publishedfigure": None,
    "reports.report": "state",
    "reports.reportpart": "report__state",
    "reports.reportline": "part__report__state",
    "reports.publishedoverdue": "state",
    "accounts.grant": None,
    "accounts.user": None,
}
NOT_RECORDED_FIELDS = {"created_at", "updated_at", "password", "last_login"}


# --- which recorded models staff may revert from their History page, and why ------------


@dataclass(frozen=True)
class RevertPolicy:
    """Whether an earlier version of a recorded model may be restored from its history.

    A revertible model is restored `through` its service (the service's rules run and its
    lifecycle events are written) or, without one, through model validation like an edit
    in the administration. A refused model's `why` is what staff are told."""

    revertible: bool
    why: str
    through: Callable | None = None


def _revert_obligation(obj, values: dict, actor) -> None:
    from ccm.meetings.models import Meeting
    from ccm.obligations import services

    facts = {}
    for name in services.OBLIGATION_FIELDS:
        f = type(obj)._meta.get_field(name)
        if f.attname not in values:
            continue
        value = values[f.attname]
        if name == "declared_to":
            value = Meeting.objects.filter(pk=value).first() if value else None
        facts[name] = value
    services.save_obligation(obj.state, obj.article, actor=actor, via=Via.REVERT, **facts)


def _revert_record(obj, values: dict, actor) -> None:
    from ccm.obligations import services

    services.save_stockpile_record(
        obj.obligation,
        record=obj,
        actor=actor,
        via=Via.REVERT,
        **{name: values[name] for name in services.RECORD_FIELDS if name in values},
    )


FACT = RevertPolicy(
    True,
    gettext_lazy(
        "A sourced fact or reference record with no lifecycle and no power over anyone: "
        "an earlier version is restored after the model's own validation."
    ),
)
OBLIGATION = RevertPolicy(
    True,
    gettext_lazy(
        "Restored through the obligation services: the treaty's rules run and the "
        "obligation's events record the change."
    ),
    _revert_obligation,
)
STOCKPILE_RECORD = RevertPolicy(True, OBLIGATION.why, _revert_record)
ACCOUNTS = RevertPolicy(
    False,
    gettext_lazy(
        "Accounts and grants are never reverted from their history: an earlier version "
        "could give back a role, a permission or a revoked grant. Change them in the user "
        "administration."
    ),
)
REPORT = RevertPolicy(
    False,
    gettext_lazy(
        "Article 7 reports are never reverted from their history: they change only through "
        "their steps (saving a draft, submitting, amending, visibility), each recorded as a "
        "report event. To correct a submitted report, amend it."
    ),
)
EXTENSION_REQUEST = RevertPolicy(
    False,
    gettext_lazy(
        "Extension requests are never reverted from their history: they change only through "
        "their steps (submitted, analysed, decided by a meeting), each checked against the "
        "treaty and recorded as an event."
    ),
)

# Every recorded model → its revert policy. A recorded model without one is never
# reverted (and the policy test fails until it is given one).
REVERTS: dict[str, RevertPolicy] = {
    "states.state": FACT,
    "states.statename": FACT,
    "states.signature": FACT,  # Act.clean keeps the State's acts lawful
    "states.instrument": FACT,
    "states.withdrawal": FACT,
    "states.grouping": FACT,
    "states.group": FACT,
    "states.groupmembership": FACT,
    "meetings.meeting": FACT,
    "obligations.obligation": OBLIGATION,
    "obligations.stockpilerecord": STOCKPILE_RECORD,
    "obligations.extensionrequest": EXTENSION_REQUEST,
    "obligations.publishedfigure": FACT,  # a count as printed, kept to compare
    "reports.report": REPORT,
    "reports.reportpart": REPORT,
    "reports.reportline": REPORT,
    "reports.publishedoverdue": FACT,  # a listing as printed, kept to compare
    "accounts.grant": ACCOUNTS,
    "accounts.user": ACCOUNTS,
}
NO_POLICY = RevertPolicy(
    False, gettext_lazy("Records of this kind have no revert policy: they are not reverted.")
)


def revert_policy(label: str) -> RevertPolicy:
    return REVERTS.get(label, NO_POLICY)


class NotRevertible(ValidationError):
    """The record's kind is never reverted from its history (see REVERTS)."""


def register_all() -> None:
    for label in REGISTRY:
        model = apps.get_model(label)
        if not reversion.is_registered(model):
            exclude = [f.name for f in model._meta.fields if f.name in NOT_RECORDED_FIELDS]
            reversion.register(model, exclude=exclude)
            pre_delete.connect(record_deletion, sender=model, dispatch_uid=f"ccm-deletion-{label}")


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


def model_for(label: str) -> type[models.Model] | None:
    return apps.get_model(label) if label in REGISTRY else None


def label_of(obj_or_model) -> str:
    return obj_or_model._meta.label_lower


def state_id_of(obj: models.Model) -> int | None:
    """The pk of the State a record belongs to, or None."""
    path = REGISTRY.get(label_of(obj))
    if path is None:
        return None
    if path == "":
        return obj.pk
    target = obj
    for step in path.split("__")[:-1]:
        target = getattr(target, step)
    return getattr(target, f"{path.split('__')[-1]}_id")


@contextmanager
def recorded(actor=None, via: str = Via.COMMAND, comment: str = "") -> Iterator[None]:
    """Run a change as one recorded user action. Nested calls join the outer action."""
    if reversion.is_active():
        yield
        return
    request = current_request.get()
    token = current_via.set(via)
    actor_token = current_actor.set(actor if getattr(actor, "is_authenticated", False) else None)
    try:
        with reversion.create_revision():
            if actor is not None and getattr(actor, "is_authenticated", False):
                reversion.set_user(actor)
            if comment:
                reversion.set_comment(comment)
            reversion.add_meta(
                ChangeContext,
                via=via,
                request_id=getattr(request, "request_id", "") if request else "",
                client_request_id=getattr(request, "client_request_id", "") if request else "",
                method=request.method if request else "",
                path=request.path[:300] if request else "",
                ip=client_ip(request) if request else None,
            )
            yield
    finally:
        current_via.reset(token)
        current_actor.reset(actor_token)


def recorded_action(func):
    """Decorate a service taking `actor=` and `via=`: it runs in one transaction as one
    recorded user action (or joins the action already in progress)."""

    @functools.wraps(func)
    def wrapper(*args, actor=None, via: str = Via.COMMAND, **kwargs):
        with transaction.atomic(), recorded(actor, via):
            return func(*args, actor=actor, via=via, **kwargs)

    return wrapper


def edited_in_app(obj: models.Model) -> bool:
    """True when the record's latest recorded change came from a person (a page, the API,
    the admin, a revert), not from the reference-data import: the import must keep it."""
    latest = (
        Version.objects.get_for_object(obj)
        .select_related("revision__context")
        .order_by("-pk")
        .first()
    )
    context = getattr(latest.revision, "context", None) if latest else None
    return context is not None and context.via != Via.IMPORT


def via_now(default: str = Via.COMMAND) -> str:
    """The path of the action in progress (for lifecycle events written inside it)."""
    return current_via.get() or default


# --- reading history back --------------------------------------------------------------


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
    entries.extend(_events(obj))
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
        path = REGISTRY.get(model._meta.label_lower)
        obj = model._base_manager.filter(pk=version.object_id).first()
        items.append(
            RevisionItem(
                label=model._meta.label_lower,
                pk=version.object_id,
                record=version.object_repr,
                state_id=state_id_of(obj) if obj is not None and path is not None else None,
                changes=diff(model, before, after) if after is not None else [],
            )
        )
    return items


def _events(obj: models.Model) -> list[Entry]:
    """Obligations' and reports' typed lifecycle events, in the same timeline as their
    versions."""
    from ccm.obligations.models import ObligationEvent

    label = label_of(obj)
    if label == "reports.report":
        from ccm.reports.models import ReportEvent

        return [
            Entry(
                at=e.recorded_at,
                kind="event",
                user=e.actor.get_username() if e.actor else "",
                via=e.get_via_display(),
                title=e.get_kind_display(),
            )
            for e in ReportEvent.objects.filter(report=obj).select_related("actor")
        ]
    if label == "obligations.obligation":
        qs = ObligationEvent.objects.filter(obligation=obj)
    elif label == "obligations.extensionrequest":
        qs = ObligationEvent.objects.filter(request=obj)
    else:
        return []
    out = []
    for e in qs.select_related("actor", "meeting", "request"):
        when = date_format(e.on, "DATE_FORMAT") if e.on else ""
        title = e.get_kind_display()
        if e.request_id:
            title = _("%(event)s (request %(n)d)") % {"event": title, "n": e.request.sequence}
        if e.meeting_id:
            title = f"{title} · {e.meeting.code}"
        out.append(
            Entry(
                at=e.recorded_at,
                kind="event",
                user=e.actor.get_username() if e.actor else "",
                via=e.get_via_display(),
                title=f"{title}{' · ' + when if when else ''}",
            )
        )
    return out


# --- reverting -----------------------------------------------------------------------


def recorded_values(version: Version) -> dict:
    """The values `version` recorded, by attname. A field the model gained after the version
    was saved is left out, so a revert does not reset it to its default. Unreadable version
    data is a ValidationError."""
    try:
        values = version.field_dict
    except RevertError as exc:
        raise ValidationError(str(exc)) from exc
    try:
        stored = set(json.loads(version.serialized_data)[0]["fields"])
    except (ValueError, LookupError, TypeError):
        return values  # a format other than reversion's JSON: trust field_dict
    model = version.content_type.model_class()
    names = {f.attname: f.name for f in model._meta.concrete_fields}
    return {a: v for a, v in values.items() if names.get(a, a) in stored}


@transaction.atomic
def revert(obj: models.Model, version: Version, actor) -> models.Model:
    """Restore `obj` to the values of `version`, as a new recorded change. Rules run as for
    any edit (services where the record has them, model validation otherwise). A kind of
    record REVERTS does not allow raises NotRevertible, and nothing changes."""
    policy = revert_policy(label_of(obj))
    if not policy.revertible:
        raise NotRevertible(str(policy.why), code="not_revertible")
    if version.object_id != str(obj.pk) or version.content_type.model_class() is not type(obj):
        raise ValidationError(_("This version belongs to another record."))
    values = recorded_values(version)
    when = date_format(version.revision.date_created, "DATETIME_FORMAT")
    with recorded(actor, Via.REVERT, _("Reverted to the version of %(when)s.") % {"when": when}):
        if policy.through is not None:
            policy.through(obj, values, actor)
        else:
            for f in type(obj)._meta.concrete_fields:
                if not f.primary_key and f.name not in NOT_RECORDED_FIELDS and f.attname in values:
                    setattr(obj, f.attname, values[f.attname])
            obj.full_clean()
            obj.save()
    obj.refresh_from_db()
    return obj
