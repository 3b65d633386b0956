"""Users and what they may do: ISU staff, thematic coordinators, a State's focal points.

A role is a Grant, dated and attributable, so that who could do what on a date
stays readable after the grant is revoked. The public needs no account.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken

from ccm.history.models import Via
from ccm.history.recording import current_actor, current_request, current_via
from ccm.states.models import State


class User(AbstractUser):
    """A person who signs in. Roles come from active grants (ccm.accounts.access).

    A changed password is a revocation: when it is saved, by whatever path (the password
    page, the admin, `changepassword`, `set_password()` then `save()`), the user's API
    tokens are deleted. Their other signed-in sessions end by themselves, as Django
    checks each session against the password it was opened with; the password page keeps
    the current one (`update_session_auth_hash`).
    """

    _password_withdrawn = False  # set_unusable_password() called since the last save

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def set_unusable_password(self):
        super().set_unusable_password()
        self._password_withdrawn = True

    def save(self, **kwargs):
        # `_password` holds the new raw password from set_password() until it is saved
        # (Django resets it when it only re-hashes a checked password with a newer hasher).
        changed = not self._state.adding and (
            self._password is not None or self._password_withdrawn
        )
        with transaction.atomic():
            super().save(**kwargs)
            if changed:
                self.revoke_api_tokens()
        self._password_withdrawn = False

    def revoke_api_tokens(self) -> int:
        """Delete every API token of this user (its password changed), each revocation
        recorded as a TokenEvent; return how many there were."""
        tokens = list(AuthToken.objects.filter(user=self))
        for token in tokens:
            TokenEvent.record(TokenEventKind.REVOKED_WITH_PASSWORD, token)
        AuthToken.objects.filter(pk__in=[t.pk for t in tokens]).delete()
        return len(tokens)


class Role(models.TextChoices):
    STAFF = "staff", _("ISU staff")
    COORDINATOR = "coordinator", _("thematic coordinator")
    FOCAL_POINT = "focal_point", _("State focal point")


class Area(models.TextChoices):
    """The thematic areas a coordinator manages (the Convention's coordination committee)."""

    UNIVERSALIZATION = "universalization", _("universalization")
    STOCKPILES = "stockpiles", _("stockpile destruction and retention")
    CLEARANCE = "clearance", _("clearance and risk reduction education")
    VICTIM_ASSISTANCE = "victim_assistance", _("victim assistance")
    COOPERATION = "cooperation", _("international cooperation and assistance")
    TRANSPARENCY = "transparency", _("transparency measures")
    NATIONAL_IMPLEMENTATION = "national_implementation", _("national implementation measures")


class GrantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Grant(models.Model):
    """A role given to a user: staff, coordinator of an area, or focal point of one State."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    state = models.ForeignKey(
        State, on_delete=models.PROTECT, null=True, blank=True, related_name="grants"
    )
    area = models.CharField(_("area"), max_length=30, choices=Area.choices, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["user", "role"]
        verbose_name = _("grant")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="focal_point") | Q(state__isnull=False),
                name="focal_point_has_state",
                violation_error_message=_("A focal point speaks for a State: choose it."),
            ),
            models.CheckConstraint(
                condition=Q(role="focal_point") | Q(state__isnull=True),
                name="only_focal_points_have_state",
                violation_error_message=_("Only a focal point's grant names a State."),
            ),
            models.CheckConstraint(
                condition=~Q(role="coordinator") | ~Q(area=""),
                name="coordinator_has_area",
                violation_error_message=_("A coordinator's grant names a thematic area."),
            ),
            # A user may hold focal-point grants for one State only: one active at a time.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(role="focal_point", revoked_at__isnull=True),
                name="one_active_focal_point_grant",
                violation_error_message=_(
                    "This user is already the focal point of a State: revoke that grant first "
                    "(a user speaks for one State only)."
                ),
            ),
        ]

    def __str__(self) -> str:
        what = self.state.iso3 if self.state_id else self.area
        return f"{self.user} {self.role} {what}".strip()


class TokenEventKind(models.TextChoices):
    CREATED = "created", _("token created")
    REVOKED = "revoked", _("token revoked")
    REVOKED_WITH_PASSWORD = "password", _("token revoked: the password changed")


class TokenEvent(models.Model):
    """An API token created or revoked: who did it, when, for whom, through which path and
    from which request. Tokens themselves are not versioned (they hold only a hash and die
    with their revocation): these rows are what stays of them, readable by ISU staff in the
    administration. Written by ccm.accounts.services (and by a password change)."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=10, choices=TokenEventKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("token of"),
    )
    username = models.CharField(_("user name"), max_length=150)  # kept if the user goes
    token_key = models.CharField(_("token starts with"), max_length=25)
    expiry = models.DateTimeField(_("expires"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    via = models.CharField(_("through"), max_length=10, choices=Via.choices)
    request_id = models.CharField(_("request"), max_length=36, blank=True)
    client_request_id = models.CharField(_("client's request id"), max_length=100, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("token event")
        verbose_name_plural = _("token events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username} {self.token_key}"

    @classmethod
    def record(cls, kind: str, token: AuthToken, *, actor=None, via: str | None = None):
        """Record `kind` for `token`. Without an actor, the user of the action or request in
        progress is the actor; without a path, the action's (a request's page, else a
        command)."""
        request = current_request.get()
        if actor is None:
            actor = current_actor.get() or getattr(request, "user", None)
        if via is None:
            via = current_via.get() or (Via.FORM if request is not None else Via.COMMAND)
        return cls.objects.create(
            kind=kind,
            user=token.user,
            username=token.user.get_username(),
            token_key=token.token_key,
            expiry=token.expiry,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            via=via,
            request_id=getattr(request, "request_id", "") if request is not None else "",
            client_request_id=getattr(request, "client_request_id", "") if request else "",
        )
