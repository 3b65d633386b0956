"""Facts of Article 3 and 4 obligations and extension requests. Deadlines are derived
(ccm.obligations.deadlines), never stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ccm.core.choices import Precision
from ccm.core.models import Sourced
from ccm.core.validators import AHEAD, PAST
from ccm.history.models import Via
from ccm.meetings.models import Meeting
from ccm.states.models import State

from . import deadlines as rules
from .choices import (
    Article,
    Basis,
    Decision,
    EventKind,
    ObligationStatus,
    Qualifier,
    StockpileRecordKind,
)


class Obligation(Sourced):
    """A State's Article 3 or 4 obligation as the sources state it, and its completion."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="obligations")
    article = models.PositiveSmallIntegerField(_("article"), choices=Article.choices)
    basis = models.CharField(_("basis"), max_length=30, choices=Basis.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=ObligationStatus.choices, blank=True
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True, validators=[PAST])
    completed_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    completion_declared_on = models.DateField(
        _("completion declared on"), null=True, blank=True, validators=[PAST]
    )
    completion_declared_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    declared_to = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared to"),
    )
    hostilities_ended_on = models.DateField(
        _("end of active hostilities"),
        null=True,
        blank=True,
        help_text=_("For contamination arising after entry into force (Art. 4(1)(b))."),
        validators=[PAST],
    )
    verified = models.BooleanField(_("verified"), default=True)

    class Meta:
        ordering = ["state__name", "article"]
        verbose_name = _("obligation")
        constraints = [
            models.UniqueConstraint(fields=["state", "article"], name="one_obligation_per_article")
        ]

    def __str__(self) -> str:
        return f"{self.state.iso3} Art. {self.article}"

    def facts(self) -> rules.Obligation:
        """The facts for the pure rules (uses prefetched extension requests)."""
        return rules.Obligation(
            article=self.article,
            basis=self.basis,
            status=self.status,
            completed_on=self.completed_on,
            completed_precision=self.completed_precision,
            hostilities_ended_on=self.hostilities_ended_on,
            extensions=tuple(r.facts() for r in self.extension_requests.all()),
            declared_on=self.completion_declared_on,
            declared_precision=self.completion_declared_precision,
            declared_to=self.declared_to.code if self.declared_to else None,
            discoveries=tuple(
                r.discovery()
                for r in self.stockpile_records.all()
                if r.kind == StockpileRecordKind.DISCOVERED
            ),
        )


class ExtensionRequest(Sourced):
    """A request to extend an Article 3 or 4 deadline: submitted, analysed, decided by a meeting."""

    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="extension_requests"
    )
    sequence = models.PositiveSmallIntegerField(_("sequence"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True, validators=[PAST])
    submitted_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    requested_deadline = models.DateField(
        _("requested deadline"), null=True, blank=True, validators=[AHEAD]
    )
    requested_deadline_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    decided_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extension_decisions",
        verbose_name=_("decided at"),
    )
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.UNKNOWN
    )
    granted_deadline = models.DateField(
        _("new deadline"), null=True, blank=True, validators=[AHEAD]
    )
    granted_deadline_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    analysed_on = models.DateField(_("analysed on"), null=True, blank=True, validators=[PAST])
    analysis_symbol = models.CharField(
        _("analysis document"), max_length=60, blank=True, help_text=_("e.g. CCM/MSP/2024/5")
    )
    verified = models.BooleanField(_("verified"), default=True)

    class Meta:
        ordering = ["obligation", "sequence"]
        verbose_name = _("extension request")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "sequence"], name="unique_request_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.obligation} request {self.sequence}"

    def facts(self) -> rules.Extension:
        return rules.Extension(
            sequence=self.sequence,
            submitted_on=self.submitted_on,
            requested_deadline=self.requested_deadline,
            meeting=self.decided_at.code if self.decided_at else None,
            decided_on=self.decided_at.closed_on if self.decided_at else None,
            decision=rules.Decision(self.decision),
            granted_deadline=self.granted_deadline,
        )


class StockpileRecord(Sourced):
    """A dated quantity of a State's cluster munitions under Article 3: declared, destroyed,
    discovered (with the date the discovered stocks were destroyed) or retained (Art. 3(6))."""

    obligation = models.ForeignKey(
        Obligation, on_delete=models.CASCADE, related_name="stockpile_records"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StockpileRecordKind.choices)
    on = models.DateField(_("date"), null=True, blank=True, validators=[PAST])
    on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    cluster_munitions = models.PositiveIntegerField(_("cluster munitions"), null=True, blank=True)
    submunitions = models.PositiveBigIntegerField(
        _("explosive submunitions"), null=True, blank=True
    )
    qualifier = models.CharField(
        _("qualifier"), max_length=12, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    destroyed_on = models.DateField(
        _("destroyed on"),
        null=True,
        blank=True,
        help_text=_("For discovered stocks: when they were destroyed."),
        validators=[PAST],
    )
    destroyed_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    verified = models.BooleanField(_("verified"), default=True)

    class Meta:
        ordering = ["obligation", "on", "kind", "pk"]
        verbose_name = _("stockpile record")

    def __str__(self) -> str:
        return f"{self.obligation} {self.kind} {self.on}"

    def discovery(self) -> rules.Discovery:
        return rules.Discovery(
            found_on=self.on,
            found_precision=self.on_precision,
            destroyed_on=self.destroyed_on,
            destroyed_precision=self.destroyed_precision,
        )


class ObligationEvent(models.Model):
    """A step in the life of an obligation or of one of its extension requests, written by the
    service that took it (or by the import)."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="events")
    request = models.ForeignKey(
        ExtensionRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    on = models.DateField(_("date"), null=True, blank=True)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    details = models.JSONField(_("details"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    via = models.CharField(_("through"), max_length=10, choices=Via.choices, default=Via.COMMAND)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("obligation event")

    def __str__(self) -> str:
        return f"{self.obligation} {self.kind}"


class PublishedFigure(Sourced):
    """A count as published (ISU, CMC, HRW, Monitor), kept to compare with the computed one."""

    as_of = models.DateField(_("as of"), null=True, blank=True, validators=[PAST])
    as_of_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    topic = models.CharField(
        _("topic"),
        max_length=20,
        default="obligations",
        help_text=_("Which file the figure came from: obligations or reporting."),
    )
    measure = models.CharField(_("measure"), max_length=80)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    value_qualifier = models.CharField(_("qualifier"), max_length=12)
    verified = models.BooleanField(_("verified"), default=True)

    class Meta:
        ordering = ["as_of", "measure"]
        verbose_name = _("published figure")

    def __str__(self) -> str:
        return f"{self.measure} = {self.value} ({self.as_of})"
