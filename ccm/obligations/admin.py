"""ISU staff edit obligations and extension requests here for now; every extension step goes
through ccm.obligations.services, so the admin obeys the treaty's rules and writes events."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import services
from .models import ExtensionEvent, ExtensionRequest, Obligation


class ExtensionEventInline(admin.TabularInline):
    model = ExtensionEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "on", "meeting", "details", "actor", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False


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
        for field_name, message in errors:
            self.add_error(field_name if field_name in self.fields else None, message)
        if self.instance.pk is None and not data.get("submitted_on"):
            self.add_error("submitted_on", ValidationError(_("A submission needs its date.")))
        return data


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
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
    inlines = [ExtensionEventInline]

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
            )
        if {"decision", "decided_at", "granted_deadline"} & set(form.changed_data):
            services.decide_extension_request(
                obj,
                outcome=data["decision"],
                meeting=data["decided_at"],
                granted_until=data["granted_deadline"],
                actor=request.user,
            )
        if {"source_url", "notes"} & set(form.changed_data):
            obj.save(
                update_fields=["source_url", "notes", "updated_at"]
            )  # updated_at: pages re-cache


@admin.register(Obligation)
class ObligationAdmin(admin.ModelAdmin):
    list_display = ["state", "article", "basis", "status", "completed_on", "verified"]
    list_filter = ["article", "status", "verified"]
    list_select_related = ["state"]
    search_fields = ["state__name", "state__iso3"]
