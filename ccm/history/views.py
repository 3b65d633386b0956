"""The History view of any recorded record, and staff's revert."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from reversion.models import Version

from ccm.accounts.access import access, can_read_history

from .recording import history, model_for, revert, state_id_of


def readable_record(user, label: str, pk: int):
    """The record whose history `user` may read, or 404 (unknown, unrecorded or not theirs)."""
    model = model_for(label)
    if model is None:
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    if not can_read_history(user, state_id_of(obj)):
        raise Http404
    return obj


@login_required
def record(request, label: str, pk: int):
    obj = readable_record(request.user, label, pk)
    return render(
        request,
        "history/record.html",
        {
            "obj": obj,
            "label": label,
            "model_name": obj._meta.verbose_name,
            "entries": history(obj),
            "can_revert": access(request.user).staff,
        },
    )


@login_required
@require_POST
def revert_view(request, label: str, pk: int, version: int):
    obj = readable_record(request.user, label, pk)
    if not access(request.user).staff:
        raise Http404
    v = get_object_or_404(Version.objects.get_for_object(obj), pk=version)
    try:
        revert(obj, v, request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Reverted. The revert is itself recorded below."))
    return redirect("history:record", label=label, pk=pk)
