"""Base models shared by every domain app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .validators import source_entries, validate_sources


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Sourced(TimeStamped):
    """A fact: every stored fact says where it was read and carries free notes. Sources are
    checked by ccm.core.validators (no `javascript:` or other non-web address)."""

    source_url = models.TextField(
        _("source"),
        blank=True,
        help_text=_(
            "Where the fact was read: web addresses (http:// or https://), DOIs or citations "
            "such as document symbols; ' | ' separates several."
        ),
        validators=[validate_sources],
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True

    @property
    def source_urls(self) -> list[str]:
        """The sources, in order (pages link only those ccm.core.validators.link_target
        accepts)."""
        return source_entries(self.source_url)
