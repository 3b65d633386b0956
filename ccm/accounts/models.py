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
        """Delete every API token of this user; return how many there were."""
        deleted, _by_model = AuthToken.objects.filter(user=self).delete()
        return deleted


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
