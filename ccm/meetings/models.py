"""Formal meetings of the Convention: enough for decisions to point to."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from ccm.core.choices import Precision
from ccm.core.models import Sourced
from ccm.core.validators import MEETING_DATE


class MeetingKind(models.TextChoices):
    MSP = "msp", _("Meeting of States Parties")
    REVIEW_CONFERENCE = "review_conference", _("Review Conference")
    INTERSESSIONAL = "intersessional", _("Intersessional meeting")
    PREPARATORY = "preparatory", _("Preparatory meeting")


class Meeting(Sourced):
    """A meeting (1MSP … 13MSP, 1RC … 3RC, intersessionals, preparatory meetings)."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country_iso3 = models.CharField(_("country (ISO3)"), max_length=3, blank=True)
    start_date = models.DateField(_("first day"), null=True, blank=True, validators=[MEETING_DATE])
    start_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    end_date = models.DateField(_("last day"), null=True, blank=True, validators=[MEETING_DATE])
    end_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    president_iso3 = models.CharField(_("presidency (ISO3)"), max_length=3, blank=True)
    president_person = models.CharField(_("president"), max_length=200, blank=True)
    verified = models.BooleanField(_("verified"), default=True)

    class Meta:
        ordering = ["start_date", "code"]
        verbose_name = _("meeting")

    def __str__(self) -> str:
        return self.code

    @property
    def closed_on(self) -> date | None:
        """The day decisions taken at the meeting are known: its last day (else its first)."""
        return self.end_date or self.start_date
