"""Base models shared by every domain app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Sourced(TimeStamped):
    """A fact: every stored fact says where it was read and carries free notes."""

    source_url = models.TextField(
        _("source"),
        blank=True,
        help_text=_("URL(s) of the document(s) the fact was read from; ' | ' separates several."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True

    @property
    def source_urls(self) -> list[str]:
        return [u.strip() for u in self.source_url.split(" | ") if u.strip()]
