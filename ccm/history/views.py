"""The History view of any recorded record, and staff's revert."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from reversion.models import Revision, Version

from ccm.accounts.access import access, can_read_history

from .models import Deletion
from .reading import history, revision_items
from .registry import model_for, revert_policy, state_id_of
from .reverting import NotRevertible, revert


def readable_record(user, label: str, pk: int):
    """The record whose history `user` may read, or 404 (unknown, unrecorded or not theirs)."""
    model = model_for(label)
    if model is None:
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    if not can_read_history(user, state_id_of(obj)):
        raise Http404
    return obj


def _record_page(request, obj, label: str, status: int = 200):
    staff = access(request.user).staff
    policy = revert_policy(label)
    return render(
        request,
        "history/record.html",
        {
            "obj": obj,
            "label": label,
            "model_name": obj._meta.verbose_name,
            "entries": history(obj),
            "can_revert": staff and policy.revertible,
            "not_revertible": policy.why if staff and not policy.revertible else "",
        },
        status=status,
    )


@login_required
def record(request, label: str, pk: int):
    return _record_page(request, readable_record(request.user, label, pk), label)


@login_required
@require_POST
def revert_view(request, label: str, pk: int, version: int):
    """Staff restore an earlier version. A kind of record that is never reverted answers
    403, a version the rules refuse 400, each with the reason on the History page; nothing
    changes."""
    obj = readable_record(request.user, label, pk)
    if not access(request.user).staff:
        raise Http404
    v = get_object_or_404(Version.objects.get_for_object(obj), pk=version)
    try:
        revert(obj, v, request.user)
    except NotRevertible as exc:
        messages.error(request, " ".join(exc.messages))
        return _record_page(request, obj, label, status=403)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        obj.refresh_from_db()
        return _record_page(request, obj, label, status=400)
    messages.success(request, _("Reverted. The revert is itself recorded below."))
    return redirect("history:record", label=label, pk=pk)


@login_required
def revision_view(request, pk: int):
    """One user action: every record it changed, before and after, and what it deleted."""
    revision = get_object_or_404(Revision.objects.select_related("user", "context"), pk=pk)
    items = revision_items(revision)
    a = access(request.user)
    if not a.reads_restricted and not all(
        can_read_history(request.user, i.state_id) for i in items
    ):
        raise Http404
    context = getattr(revision, "context", None)
    deletions = (
        Deletion.objects.filter(request_id=context.request_id)
        if context and context.request_id
        else Deletion.objects.none()
    )
    return render(
        request,
        "history/revision.html",
        {"revision": revision, "context": context, "items": items, "deletions": deletions},
    )


@login_required
def deletions_view(request):
    """Deleted records: staff and coordinators see all, a focal point their State's."""
    a = access(request.user)
    qs = Deletion.objects.select_related("user")
    if not a.reads_restricted:
        qs = qs.filter(state_id=a.state_id) if a.state_id else qs.none()
    return render(request, "history/deletions.html", {"deletions": qs[:500]})
