"""ISU staff edit obligations, stockpile records and extension requests here for now; every
save goes through ccm.obligations.services, so the admin obeys the same rules as the import
and the API and writes the same typed events (through = administration). Facts are corrected,
not deleted: deletion is not offered."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ccm.history.models import Via

from . import services
from .models import ExtensionRequest, Obligation, ObligationEvent, StockpileRecord


class EventInline(admin.TabularInline):
    model = ObligationEvent
    fk_name = "obligation"
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "kind",
        "request",
        "on",
        "meeting",
        "details",
        "actor",
        "via",
        "recorded_at",
    ]

    def has_add_permission(self, request, obj=None):
        return False


class RequestEventInline(EventInline):
    fk_name = "request"


class NoDelete:
    def has_delete_permission(self, request, obj=None):
        return False


def add_errors(form: forms.ModelForm, errors: list[tuple[str, str]]) -> None:
    for field_name, message in errors:
        form.add_error(field_name if field_name in form.fields else None, message)


class ExtensionRequestForm(forms.ModelForm):
    """On add: a submission. On change: analysis and decision. The services' rules run in clean()."""

    class Meta:
        model = ExtensionRequest
        fields = [
            "obligation",
            "submitted_on",
            "submitted_precision",
            "requested_deadline",
            "analysed_on",
            "analysis_symbol",
            "decided_at",
            "decision",
            "granted_deadline",
            "source_url",
            "notes",
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if self.instance.pk is None:
            errors = services.submission_errors(
                data["obligation"],
                submitted_on=data.get("submitted_on"),
                requested_deadline=data.get("requested_deadline"),
            )
        elif (
            "decision" in self.changed_data
            or "decided_at" in self.changed_data
            or "granted_deadline" in self.changed_data
        ):
            errors = services.decision_errors(
                self.instance,
                outcome=data.get("decision"),
                meeting=data.get("decided_at"),
                granted_until=data.get("granted_deadline"),
            )
        else:
            errors = []
        add_errors(self, errors)
        if self.instance.pk is None and not data.get("submitted_on"):
            self.add_error("submitted_on", ValidationError(_("A submission needs its date.")))
        return data


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(NoDelete, admin.ModelAdmin):
    form = ExtensionRequestForm
    list_display = [
        "obligation",
        "sequence",
        "submitted_on",
        "decided_at",
        "decision",
        "granted_deadline",
    ]
    list_filter = ["obligation__article", "decision", "decided_at"]
    list_select_related = ["obligation__state", "decided_at"]
    inlines = [RequestEventInline]

    def get_readonly_fields(self, request, obj=None):
        return (
            ["obligation", "sequence", "submitted_on", "submitted_precision", "requested_deadline"]
            if obj
            else ["sequence"]
        )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            saved = services.submit_extension_request(
                data["obligation"],
                submitted_on=data["submitted_on"],
                requested_deadline=data["requested_deadline"],
                submitted_precision=data["submitted_precision"],
                actor=request.user,
                via=Via.ADMIN,
                source_url=data.get("source_url", ""),
                notes=data.get("notes", ""),
            )
            obj.pk = saved.pk
            return
        if "analysed_on" in form.changed_data or "analysis_symbol" in form.changed_data:
            services.record_analysis(
                obj,
                analysed_on=data["analysed_on"],
                symbol=data["analysis_symbol"],
                actor=request.user,
                via=Via.ADMIN,
            )
        if {"decision", "decided_at", "granted_deadline"} & set(form.changed_data):
            services.decide_extension_request(
                obj,
                outcome=data["decision"],
                meeting=data["decided_at"],
                granted_until=data["granted_deadline"],
                actor=request.user,
                via=Via.ADMIN,
            )
        if {"source_url", "notes"} & set(form.changed_data):
            obj.save(
                update_fields=["source_url", "notes", "updated_at"]
            )  # updated_at: pages re-cache


class ObligationForm(forms.ModelForm):
    class Meta:
        model = Obligation
        fields = ["state", "article", *services.OBLIGATION_FIELDS]

    def clean(self):
        data = super().clean()
        state = data.get("state") or getattr(self.instance, "state", None)
        article = data.get("article") or self.instance.article
        if not self.errors and state and article:
            add_errors(self, services.obligation_errors(state, article, data))
        return data


@admin.register(Obligation)
class ObligationAdmin(NoDelete, admin.ModelAdmin):
    form = ObligationForm
    list_display = ["state", "article", "basis", "status", "completed_on", "verified"]
    list_filter = ["article", "status", "verified"]
    list_select_related = ["state"]
    search_fields = ["state__name", "state__iso3"]
    inlines = [EventInline]

    def get_readonly_fields(self, request, obj=None):
        return ["state", "article"] if obj else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.save_obligation(
            obj.state if change else data["state"],
            obj.article if change else data["article"],
            actor=request.user,
            via=Via.ADMIN,
            **{f: data[f] for f in services.OBLIGATION_FIELDS if f in data},
        )
        obj.pk = saved.pk


class StockpileRecordForm(forms.ModelForm):
    class Meta:
        model = StockpileRecord
        fields = ["obligation", *services.RECORD_FIELDS]

    def clean(self):
        data = super().clean()
        obligation = data.get("obligation") or getattr(self.instance, "obligation", None)
        if not self.errors and obligation:
            add_errors(self, services.stockpile_record_errors(obligation, data))
        return data


@admin.register(StockpileRecord)
class StockpileRecordAdmin(NoDelete, admin.ModelAdmin):
    form = StockpileRecordForm
    list_display = ["obligation", "kind", "on", "cluster_munitions", "submunitions", "verified"]
    list_filter = ["kind", "verified"]
    list_select_related = ["obligation__state"]

    def get_readonly_fields(self, request, obj=None):
        return ["obligation"] if obj else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = services.save_stockpile_record(
            obj.obligation if change else data["obligation"],
            record=obj if change else None,
            actor=request.user,
            via=Via.ADMIN,
            **{f: data[f] for f in services.RECORD_FIELDS if f in data},
        )
        obj.pk = saved.pk
