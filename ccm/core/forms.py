"""Form helpers shared by every app."""

from django import forms
from django.utils.translation import gettext_lazy as _

SOURCE_HELP = _(
    "Where this fact can be read: a document symbol (e.g. CCM/MSP/2025/4), a URL, or "
    "“declared by the State on DATE”. Several sources: separate them with ' | '."
)


class Styled:
    """Bootstrap classes and date inputs on every widget."""

    def style(self) -> None:
        for f in self.fields.values():
            w = f.widget
            if isinstance(w, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(w, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            w.attrs.setdefault("class", css)
            if isinstance(f, forms.DateField):
                w.input_type = "date"
                w.format = "%Y-%m-%d"


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
    """Show a service's (field, message) errors on the form, beside the field they name."""
    for name, message in errors:
        form.add_error(name if name in form.fields else None, message)
