"""The history the services would have recorded: one django-reversion revision per user
action, with its ChangeContext (path, request) and a version of each record it saved."""

from __future__ import annotations

import copy
import random
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from ccm.history.models import Via


def as_then(obj, **values) -> tuple:
    """A record as an earlier action saved it: `obj` with these field values (serialized
    once every row has its primary key)."""
    return obj, values


@dataclass
class Action:
    """One recorded user action: when, by whom, through which path, what it saved."""

    when: datetime
    user: object | None
    via: str
    path: str
    objects: list = field(default_factory=list)  # records, or as_then(record, **values)


class History:
    """Collects actions while the generators run; `write` stores them once every record
    has its primary key."""

    def __init__(self, rnd: random.Random):
        self.rnd = rnd
        self.actions: list[Action] = []

    def action(self, when: datetime, user, via: str, path: str, *objects) -> None:
        self.actions.append(Action(when, user, via, path, list(objects)))

    def write(self) -> None:
        """Serialize every version as django-reversion does and write all in bulk."""
        from django.contrib.contenttypes.models import ContentType
        from django.core import serializers
        from reversion.models import Revision, Version
        from reversion.revisions import _get_options  # the fields and format registered

        from ccm.history.models import ChangeContext

        revisions = [Revision(date_created=a.when, user=a.user, comment="") for a in self.actions]
        Revision.objects.bulk_create(revisions, batch_size=2000)
        ChangeContext.objects.bulk_create(
            [
                ChangeContext(
                    revision=rev,
                    via=a.via,
                    request_id=str(uuid.UUID(int=self.rnd.getrandbits(128), version=4)),
                    method="PATCH" if a.via == Via.API else "POST",
                    path=a.path[:300],
                    ip=f"192.0.2.{self.rnd.randint(1, 254)}",
                )
                for rev, a in zip(revisions, self.actions, strict=True)
            ],
            batch_size=2000,
        )
        options: dict = {}
        batch: list = []
        for rev, a in zip(revisions, self.actions, strict=True):
            for item in a.objects:
                obj, values = item if isinstance(item, tuple) else (item, {})
                if values:
                    obj = copy.copy(obj)
                    for name, value in values.items():
                        setattr(obj, name, value)
                model = type(obj)
                if model not in options:
                    options[model] = (_get_options(model), ContentType.objects.get_for_model(model))
                opts, content_type = options[model]
                batch.append(
                    Version(
                        revision=rev,
                        object_id=str(obj.pk),
                        content_type=content_type,
                        db="default",
                        format=opts.format,
                        serialized_data=serializers.serialize(
                            opts.format,
                            (obj,),
                            fields=opts.fields,
                            use_natural_foreign_keys=opts.use_natural_foreign_keys,
                        ),
                        object_repr=str(obj),
                    )
                )
            if len(batch) >= 5000:
                Version.objects.bulk_create(batch)
                batch = []
        Version.objects.bulk_create(batch)
