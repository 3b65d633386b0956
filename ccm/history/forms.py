"""The editing forms' half of concurrent-edit detection (ccm.history.concurrency)."""

from __future__ import annotations

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from .concurrency import Token


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
