"""Who may read and change what: the few helpers every view, API endpoint and form uses.

A State's records are reached through `state_for_edit` / `editable`: a record the
user may not change answers 404 exactly like a record that does not exist, so
"not yours" reveals nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from knox.models import AuthToken

from ccm.states.models import State

from .models import Grant, Role


@dataclass(frozen=True)
class Access:
    """A user's active grants, read once per request."""

    staff: bool = False
    areas: frozenset[str] = frozenset()
    state_id: int | None = None  # the State a focal point speaks for

    @property
    def coordinator(self) -> bool:
        return bool(self.areas)

    @property
    def reads_restricted(self) -> bool:
        """Staff and coordinators read everything, restricted items included."""
        return self.staff or self.coordinator


ANONYMOUS = Access()


def access(user) -> Access:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_ccm_access", None)
    if cached is not None:
        return cached
    staff, areas, state_id = user.is_superuser, set(), None
    for role, area, sid in (
        Grant.objects.active().filter(user=user).values_list("role", "area", "state_id")
    ):
        if role == Role.STAFF:
            staff = True
        elif role == Role.COORDINATOR:
            areas.add(area)
        elif role == Role.FOCAL_POINT:
            state_id = sid
    result = Access(staff=staff, areas=frozenset(areas), state_id=state_id)
    user._ccm_access = result
    return result


def forget(user) -> None:
    """Drop the cached grants (after a grant changes)."""
    user.__dict__.pop("_ccm_access", None)


def can_edit(user, state: State | int) -> bool:
    """ISU staff edit every State's records; a focal point only its own State's."""
    a = access(user)
    state_id = state if isinstance(state, int) else state.pk
    return a.staff or (a.state_id is not None and a.state_id == state_id)


def editable_states(user) -> QuerySet[State]:
    a = access(user)
    if a.staff:
        return State.objects.all()
    if a.state_id is not None:
        return State.objects.filter(pk=a.state_id)
    return State.objects.none()


def state_for_edit(user, iso3: str) -> State:
    """The State whose records the user wants to change, or 404 (unknown or not theirs)."""
    try:
        return editable_states(user).get(iso3=iso3.upper())
    except State.DoesNotExist:
        raise Http404 from None


def editable(user, queryset: QuerySet, state_path: str) -> QuerySet:
    """Restrict `queryset` to records of States the user may change (`state_path` is the
    lookup from the record to its State, e.g. "obligation__state")."""
    a = access(user)
    if a.staff:
        return queryset
    if a.state_id is None:
        return queryset.none()
    return queryset.filter(**{f"{state_path}_id": a.state_id})


def can_read_history(user, state_id: int | None) -> bool:
    """History names people: staff and coordinators read all of it, a focal point its State's."""
    a = access(user)
    return a.reads_restricted or (state_id is not None and a.state_id == state_id)


def manageable_tokens(user) -> QuerySet[AuthToken]:
    """The API tokens the user may see and revoke: their own; ISU staff, everyone's."""
    if user is None or not user.is_authenticated or not user.is_active:
        return AuthToken.objects.none()
    return AuthToken.objects.all() if access(user).staff else AuthToken.objects.filter(user=user)
