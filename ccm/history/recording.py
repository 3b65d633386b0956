"""Every change is recorded: django-reversion keeps a version of each record saved inside a
revision (one revision = one user action: who, when), ChangeContext adds through which
path and from which request. This module opens those actions; which models are recorded
is in .registry (each app registers its own), reading a record's history back in .reading
and restoring an earlier version in .reverting.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterator
from contextlib import contextmanager

import reversion
from django.db import models, transaction
from reversion.models import Version

from ccm.core.net import client_ip

from .models import ChangeContext, Via

current_request: contextvars.ContextVar = contextvars.ContextVar("ccm_request", default=None)
current_via: contextvars.ContextVar[str | None] = contextvars.ContextVar("ccm_via", default=None)
current_actor: contextvars.ContextVar = contextvars.ContextVar("ccm_actor", default=None)


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
