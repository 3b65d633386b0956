"""Form helpers shared by every app."""

from django import forms


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
