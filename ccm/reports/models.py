"""Article 7 transparency reports: each row is one version of a State's initial or annual
report, with one part per reporting form and structured lines where the form has figures.

Timeliness, overdue lists and rates are derived (ccm.reports.rules), never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ccm.core.choices import Precision
from ccm.core.models import Sourced, TimeStamped
from ccm.core.validators import AHEAD, PAST
from ccm.history.models import Via
from ccm.states.models import State

from .choices import (
    Answer,
    Channel,
    EventKind,
    Form,
    LineKind,
    ReportKind,
    ReportStatus,
    Visibility,
)
from .querysets import ReportQuerySet


class Report(Sourced):
    """One version of a report. Version 1 is the report as first submitted (its date is the
    one Article 7 deadlines look at); an amendment is version 2, 3, … and the earlier
    versions stay readable."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(
        _("calendar year covered"), null=True, blank=True, help_text=_("Annual reports only.")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    channel = models.CharField(
        _("received"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    period_from = models.DateField(
        _("reporting period from"), null=True, blank=True, validators=[PAST]
    )
    period_to = models.DateField(_("reporting period to"), null=True, blank=True, validators=[PAST])
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, validators=[PAST])
    submitted_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    contact = models.TextField(
        _("national points of contact"),
        blank=True,
        help_text=_("Organisation, telephone, e-mail (Art. 7(1)(l))."),
    )
    file = models.FileField(_("file"), upload_to="reports/%Y/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    verified = models.BooleanField(_("verified"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["state__name", "kind", "year", "version"]
        verbose_name = _("Article 7 report")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "year", "version"],
                condition=Q(kind="annual"),
                name="reports_annual_version_unique",
                violation_error_message=_("This version of the annual report already exists."),
            ),
            models.UniqueConstraint(
                fields=["state", "version"],
                condition=Q(kind="initial"),
                name="reports_initial_version_unique",
                violation_error_message=_("This version of the initial report already exists."),
            ),
            models.CheckConstraint(
                condition=(Q(kind="annual") & Q(year__isnull=False))
                | (Q(kind="initial") & Q(year__isnull=True)),
                name="reports_year_iff_annual",
                violation_error_message=_(
                    "An annual report covers a year; an initial one does not."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_on__isnull=False),
                name="reports_submitted_has_date",
                violation_error_message=_("A submitted report has a submission date."),
            ),
        ]

    def __str__(self) -> str:
        what = (
            _("annual report %(year)s") % {"year": self.year} if self.year else _("initial report")
        )
        out = f"{self.state.iso3} {what}"
        return f"{out} (v{self.version})" if self.version > 1 else out

    @property
    def title(self) -> str:
        if self.kind == ReportKind.INITIAL:
            return _("Initial report of %(state)s") % {"state": self.state.name}
        return _("Annual report of %(state)s for %(year)s") % {
            "state": self.state.name,
            "year": self.year,
        }

    @property
    def draft(self) -> bool:
        return self.status == ReportStatus.DRAFT

    @property
    def restricted(self) -> bool:
        return self.visibility == Visibility.RESTRICTED


class ReportPart(TimeStamped):
    """A report's answer to one form: answered, nothing to report (with the State's
    statement), unchanged since a named earlier report, or not answered."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="parts")
    form = models.CharField(_("form"), max_length=1, choices=Form.choices)
    answer = models.CharField(
        _("answer"), max_length=12, choices=Answer.choices, default=Answer.NOT_ANSWERED
    )
    text = models.TextField(_("information"), blank=True)
    statement = models.TextField(
        _("statement"),
        blank=True,
        help_text=_(
            "Why there is nothing to report, e.g. “Country X never produced cluster munitions”."
        ),
    )
    unchanged_since = models.ForeignKey(
        Report,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unchanged since"),
    )

    class Meta:
        ordering = ["report", "form"]
        verbose_name = _("report part")
        constraints = [
            models.UniqueConstraint(fields=["report", "form"], name="reports_one_part_per_form")
        ]

    def __str__(self) -> str:
        return f"{self.report} {self.form}"


class ReportLine(TimeStamped):
    """A structured figure of a part (a stockpile by type, an area, people reached, money)."""

    part = models.ForeignKey(ReportPart, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("figure"), max_length=20, choices=LineKind.choices)
    label = models.CharField(_("type, place or purpose"), max_length=200, blank=True)
    cluster_munitions = models.PositiveIntegerField(_("cluster munitions"), null=True, blank=True)
    submunitions = models.PositiveBigIntegerField(_("submunitions"), null=True, blank=True)
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=16, decimal_places=1, null=True, blank=True
    )
    people = models.PositiveIntegerField(_("people"), null=True, blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    partner = models.CharField(_("partner"), max_length=200, blank=True)

    class Meta:
        ordering = ["part", "kind", "pk"]
        verbose_name = _("report figure")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_m2__isnull=True) | Q(area_m2__gte=0),
                name="reports_area_not_negative",
                violation_error_message=_("An area cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="reports_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.part} {self.kind} {self.label}"


class ReportEvent(models.Model):
    """A typed step in a report's life (started, submitted, amended, received …)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    details = models.JSONField(_("details"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(_("through"), max_length=10, choices=Via.choices, default=Via.COMMAND)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("report event")

    def __str__(self) -> str:
        return f"{self.report} {self.kind}"


class Reminder(models.Model):
    """An e-mail sent to a focal point about a report; `reason` is unique per recipient, so
    the reminder command never sends the same reminder twice."""

    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.EmailField(_("sent to"))
    reason = models.CharField(_("reason"), max_length=80)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "pk"]
        verbose_name = _("reminder")
        constraints = [
            models.UniqueConstraint(fields=["email", "reason"], name="reports_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.reason}"


class PublishedOverdue(Sourced):
    """A State named in a published list of overdue initial reports, as printed."""

    list_id = models.CharField(_("list"), max_length=30)
    as_of = models.DateField(_("as of"), null=True, blank=True, validators=[PAST])
    as_of_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    state = models.ForeignKey(State, on_delete=models.PROTECT, related_name="+")
    published_due = models.DateField(
        _("printed due date"), null=True, blank=True, validators=[AHEAD]
    )

    class Meta:
        ordering = ["list_id", "state__name"]
        verbose_name = _("published overdue listing")
        constraints = [
            models.UniqueConstraint(fields=["list_id", "state"], name="reports_listing_once")
        ]

    def __str__(self) -> str:
        return f"{self.list_id} {self.state_id}"
