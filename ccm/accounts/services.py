"""Every change to who may do what: personal API tokens and grants, one service per step.

Each takes the acting user (`actor=`) and the path it came through (`via=`), runs in one
transaction as one recorded action, and refuses what the actor may not do:

- a token is created by its owner only (it is shown once, to whoever creates it: a token
  made for someone else would let its maker act as them), an active user, up to
  `REST_KNOX["TOKEN_LIMIT_PER_USER"]` live tokens; it is revoked by its owner or by ISU
  staff. Tokens hold only a hash and are not versioned: each creation and revocation is
  written as a TokenEvent (who, when, for whom, through which path, from which request).
- grants are given and revoked by ISU staff only, never to themselves (no one gives
  themselves more power), one State per focal point; a grant is not edited but revoked
  and given anew, so who could do what on a date stays readable. Grants are recorded in
  the change log (who, when, path, request, before and after).

A refusal for who the actor is raises PermissionDenied; a refusal for what is asked raises
ValidationError with a message per field. Nothing changes on either.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from knox.models import AuthToken

from ccm.core.errors import refuse
from ccm.history.models import Via
from ccm.history.recording import recorded_action

from .access import access, forget
from .models import Grant, Role, TokenEvent, TokenEventKind, User


def _signed_in(actor) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


# --- API tokens --------------------------------------------------------------------------


def token_errors(user) -> list[tuple[str, str]]:
    """Why `user` may not have another token now (empty: they may)."""
    limit = settings.REST_KNOX["TOKEN_LIMIT_PER_USER"]
    if AuthToken.objects.filter(user=user, expiry__gt=timezone.now()).count() >= limit:
        return [("", _("You already hold %(n)d tokens: revoke one first.") % {"n": limit})]
    return []


@recorded_action
def create_token(user, *, actor, via: str = Via.COMMAND) -> tuple[AuthToken, str]:
    """A new personal API token for `user`, created by `user` themselves. Returns the stored
    token (its hash) and the token itself, which is shown once and never kept."""
    if not _signed_in(actor) or actor.pk != user.pk:
        raise PermissionDenied(_("An API token is created by its owner only, signed in."))
    User.objects.select_for_update().filter(pk=user.pk).first()  # one creation at a time
    refuse(token_errors(user))
    token, secret = AuthToken.objects.create(user)
    TokenEvent.record(TokenEventKind.CREATED, token, actor=actor, via=via)
    return token, secret


def may_revoke_token(token: AuthToken, actor) -> bool:
    """A token is revoked by its owner or by ISU staff."""
    return _signed_in(actor) and (token.user_id == actor.pk or access(actor).staff)


@recorded_action
def revoke_token(token: AuthToken, *, actor, via: str = Via.COMMAND) -> None:
    """Revoke (delete) `token`: it no longer authenticates from this moment."""
    if not may_revoke_token(token, actor):
        raise PermissionDenied(_("A token is revoked by its owner or by ISU staff."))
    token = AuthToken.objects.select_for_update().select_related("user").filter(pk=token.pk).first()
    if token is None:
        refuse([("", _("This token no longer exists: it was revoked or has expired."))])
    TokenEvent.record(TokenEventKind.REVOKED, token, actor=actor, via=via)
    token.delete()


# --- grants ------------------------------------------------------------------------------


def _require_staff(actor) -> None:
    if not (_signed_in(actor) and access(actor).staff):
        raise PermissionDenied(_("Only ISU staff give and revoke grants."))


def grant_errors(user, *, role: str, state=None, area: str = "", actor) -> list[tuple[str, str]]:
    """Why `actor` may not give `user` this grant (empty: they may). The administration's
    forms show these before saving; `user` may be a user being created (not saved yet)."""
    if not (_signed_in(actor) and access(actor).staff):
        return [("", _("Only ISU staff give and revoke grants."))]
    if user is None:
        return [("user", _("Choose the user who receives the grant."))]
    if user.pk is not None and user.pk == actor.pk:
        return [("user", _("No one gives themselves a grant: ask another ISU officer."))]
    if role != Role.COORDINATOR and area:
        return [("area", _("Only a coordinator's grant names a thematic area."))]
    try:  # the model's own rules: a focal point names a State, one State per user…
        Grant(user=user, role=role, state=state, area=area or "").full_clean(
            exclude=None if user.pk is not None else ["user"]
        )
    except ValidationError as exc:
        return [(f if f != "__all__" else "", m) for f, ms in exc.message_dict.items() for m in ms]
    if user.pk is None:
        return []  # a user being created holds no grant yet
    same = Grant.objects.active().filter(user=user, role=role)
    if role == Role.COORDINATOR:
        same = same.filter(area=area)
    if role != Role.FOCAL_POINT and same.exists():
        return [("role", _("This user already holds this grant."))]
    return []


@recorded_action
def give_grant(
    user, *, role: str, state=None, area: str = "", actor, via: str = Via.COMMAND
) -> Grant:
    """Give `user` a role: ISU staff, coordinator of a thematic area, or focal point of one
    State (one State per user: revoke the current grant first)."""
    _require_staff(actor)
    User.objects.select_for_update().filter(pk=user.pk).first()  # one change at a time
    refuse(grant_errors(user, role=role, state=state, area=area, actor=actor))
    grant = Grant.objects.create(user=user, role=role, state=state, area=area, granted_by=actor)
    forget(user)
    return grant


@recorded_action
def revoke_grant(grant: Grant, *, actor, via: str = Via.COMMAND) -> Grant:
    """Revoke a grant from now on; it stays, dated, so who could do what stays readable."""
    _require_staff(actor)
    given = grant
    grant = Grant.objects.select_for_update().select_related("user").get(pk=grant.pk)
    if grant.revoked_at is not None:
        refuse(
            [
                (
                    "",
                    _("This grant was already revoked on %(when)s.")
                    % {"when": date_format(grant.revoked_at, "DATETIME_FORMAT")},
                )
            ]
        )
    grant.revoked_at, grant.revoked_by = timezone.now(), actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    forget(grant.user)
    if Grant.user.is_cached(given):
        forget(given.user)
    return grant
