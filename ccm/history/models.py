"""Where a recorded change came from, kept beside django-reversion's revision (who, when)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision


class Via(models.TextChoices):
    """The path a change came through."""

    FORM = "form", _("editing page")
    ADMIN = "admin", _("administration")
    API = "api", _("API")
    IMPORT = "import", _("reference data import")
    REVERT = "revert", _("revert")
    COMMAND = "command", _("command")


class ChangeContext(models.Model):
    """One user action (a revision): through which path, from which request."""

    revision = models.OneToOneField(Revision, on_delete=models.CASCADE, related_name="context")
    via = models.CharField(_("through"), max_length=10, choices=Via.choices)
    request_id = models.CharField(_("request"), max_length=36, blank=True)
    client_request_id = models.CharField(_("client's request id"), max_length=100, blank=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("change context")

    def __str__(self) -> str:
        return f"{self.via} {self.method} {self.path}".strip()


class Deletion(models.Model):
    """A recorded record that was deleted: its last values, who deleted it and how (a
    version history cannot show a record that no longer exists)."""

    label = models.CharField(_("kind of record"), max_length=60)
    object_id = models.CharField(max_length=40)
    state_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_repr = models.CharField(_("record"), max_length=200)
    data = models.JSONField(_("last values"), default=dict)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    via = models.CharField(_("through"), max_length=10, choices=Via.choices, blank=True)
    request_id = models.CharField(_("request"), max_length=36, blank=True)
    client_request_id = models.CharField(_("client's request id"), max_length=100, blank=True)
    at = models.DateTimeField(_("deleted at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("deletion")

    def __str__(self) -> str:
        return f"{self.label} {self.object_repr}"
