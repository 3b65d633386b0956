"""Restoring a record to an earlier version, as a new recorded change, where the policy its
app registered allows it (decision 0004)."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reversion.errors import RevertError
from reversion.models import Version

from .models import Via
from .recording import recorded
from .registry import NOT_RECORDED_FIELDS, label_of, revert_policy


class NotRevertible(ValidationError):
    """The record's kind is never reverted from its history (see its revert policy)."""


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
    record its policy refuses raises NotRevertible, and nothing changes."""
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
