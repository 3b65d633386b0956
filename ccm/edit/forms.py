"""Editing forms for focal points and ISU staff. They hold no rule of their own: `clean`
asks the same service checks the import and the API use, and saving goes through the
services (ccm.obligations.services)."""

from __future__ import annotations

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from ccm.core.forms import Styled
from ccm.history.concurrency import Token
from ccm.obligations import services
from ccm.obligations.models import ExtensionRequest, Obligation, StockpileRecord

SOURCE_HELP = _(
    "Where this fact can be read: a document symbol (e.g. CCM/MSP/2025/4), a URL, or "
    "“declared by the State on DATE”. Several sources: separate them with ' | '."
)


class Versioned(forms.Form):
    """The record's state as the editor loaded it, sent back to detect a concurrent change.

    Editing a record that exists, the version fields are required: a post without them (or
    with values no page of ours wrote) is refused with a form error and nothing is saved,
    never taken as "no check". The API passes `version_in_form=False`: there the version
    travels in If-Match (ccm.obligations.api.writes)."""

    updated_at = forms.CharField(widget=forms.HiddenInput, required=False)
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, version_in_form: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.version_in_form = version_in_form
        self.editing = False

    def load_token(self, obj) -> None:
        if obj is not None and obj.pk:
            self.editing = True
            token = Token.of(obj)
            self.initial.update(updated_at=token.updated_at, base_version=token.version)

    def clean(self):
        data = super().clean()
        if self.version_in_form and self.editing:
            value = data.get("updated_at") or ""
            try:
                readable = bool(value) and parse_datetime(value) is not None
            except ValueError:
                readable = False
            if not readable or "base_version" in self.errors:
                self.add_error(
                    None,
                    _(
                        "This form came without the version of the record it changes, so "
                        "a change made by someone else since could not be checked. Nothing "
                        "was saved: reload the page and make your change again."
                    ),
                )
        return data

    def expected(self) -> tuple[str, int | None] | None:
        value = self.cleaned_data.get("updated_at")
        return (value, self.cleaned_data.get("base_version")) if value else None

    def refresh_token(self, obj) -> None:
        """After a conflict: the next submission deliberately replaces the current values."""
        token = Token.of(obj)
        data = self.data.copy()
        data["updated_at"], data["base_version"] = token.updated_at, token.version or ""
        self.data = data


class SourcedChange:
    """A changed fact needs the source it was read from: changing a fact while leaving the
    source as it was would credit the old source with the new value."""

    unsourced = frozenset({"notes", "source_url", "verified", "updated_at", "base_version"})

    def check_source(self) -> None:
        if not self.instance.pk or "source_url" in self.changed_data:
            return
        facts = [
            str(self.fields[name].label)
            for name in self.changed_data
            if name not in self.unsourced and name in self.fields
        ]
        if facts:
            self.add_error(
                "source_url",
                _(
                    "You changed %(fields)s: give the source of the new values (this field "
                    "still names the source of the old ones)."
                )
                % {"fields": ", ".join(facts)},
            )


def add_service_errors(form: forms.BaseForm, errors) -> None:
    for name, message in errors:
        form.add_error(name if name in form.fields else None, message)


class ObligationForm(Styled, Versioned, SourcedChange, forms.ModelForm):
    class Meta:
        model = Obligation
        fields = [
            "basis",
            "status",
            "completed_on",
            "completed_precision",
            "completion_declared_on",
            "completion_declared_precision",
            "declared_to",
            "hostilities_ended_on",
            "verified",
            "source_url",
            "notes",
        ]
        labels = {
            "source_url": _("Source"),
            "completed_precision": _("Completion date known to the"),
            "completion_declared_precision": _("Declaration date known to the"),
        }
        help_texts = {"source_url": SOURCE_HELP}

    def __init__(self, *args, state, article: int, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.state, self.article = state, article
        self.fields["source_url"].required = True
        if not staff:  # whether a fact rests on an inference is the ISU's call
            del self.fields["verified"]
        self.load_token(self.instance)
        self.style()

    def clean(self):
        data = super().clean()
        if not self.errors:
            merged = {f: data.get(f, getattr(self.instance, f)) for f in services.OBLIGATION_FIELDS}
            add_service_errors(self, services.obligation_errors(self.state, self.article, merged))
        self.check_source()
        return data

    def facts(self) -> dict:
        return {f: self.cleaned_data[f] for f in services.OBLIGATION_FIELDS if f in self.fields}


class StockpileRecordForm(Styled, Versioned, SourcedChange, forms.ModelForm):
    class Meta:
        model = StockpileRecord
        fields = list(services.RECORD_FIELDS)
        labels = {
            "source_url": _("Source"),
            "on_precision": _("Date known to the"),
            "destroyed_precision": _("Destruction date known to the"),
        }
        help_texts = {"source_url": SOURCE_HELP}

    def __init__(self, *args, obligation, staff: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.obligation = obligation
        self.fields["source_url"].required = True
        if not staff:
            del self.fields["verified"]
        self.load_token(self.instance)
        self.style()

    def clean(self):
        data = super().clean()
        if not self.errors:
            add_service_errors(self, services.stockpile_record_errors(self.obligation, data))
        self.check_source()
        return data

    def values(self) -> dict:
        return {f: self.cleaned_data[f] for f in services.RECORD_FIELDS if f in self.fields}


class ExtensionRequestForm(Styled, forms.ModelForm):
    class Meta:
        model = ExtensionRequest
        fields = ["submitted_on", "requested_deadline", "source_url", "notes"]
        labels = {"source_url": _("Source")}
        help_texts = {"source_url": SOURCE_HELP}

    def __init__(self, *args, obligation, **kwargs):
        super().__init__(*args, **kwargs)
        self.obligation = obligation
        for name in ("submitted_on", "requested_deadline", "source_url"):
            self.fields[name].required = True
        self.style()

    def clean(self):
        data = super().clean()
        if not self.errors:
            add_service_errors(
                self,
                services.submission_errors(
                    self.obligation,
                    submitted_on=data.get("submitted_on"),
                    requested_deadline=data.get("requested_deadline"),
                ),
            )
        return data
