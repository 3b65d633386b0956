"""Query parameters shared by the public pages, the API and the downloads.

One definition per list: the HTML page, the API endpoint and the CSV/XLSX/DOCX
downloads validate their parameters with the same form, so a bad value gets
the same message (naming the parameter) everywhere.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Status
from .models import Group, Grouping

EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter a real date in the form YYYY-MM-DD.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for (
            field
        ) in self.fields.values():  # Bootstrap classes, so templates can render widgets as they are
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_as_of(self):
        value = self.cleaned_data.get("as_of")
        if value and not (EARLIEST <= value <= LATEST):
            raise forms.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s.")
                % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
            )
        return value


class MembershipForm(AsOfForm):
    grouping = forms.ChoiceField(label=_("Grouping"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grouping"].choices = [("", _("None (all States)"))] + [
            (g.code, g.name) for g in Grouping.objects.all()
        ]
        self.fields["grouping"].error_messages["invalid_choice"] = _(
            "Unknown grouping “%(value)s”."
        )


SORTS = {
    "name": _("Name"),
    "-name": _("Name (Z–A)"),
    "status": _("Status"),
    "deposited": _("Date of instrument"),
    "-deposited": _("Date of instrument (newest first)"),
    "eif": _("Entry into force"),
}


class StateFilterForm(MembershipForm):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *Status.choices, ("in_force", _("State Party, bound"))],
    )
    group = forms.CharField(label=_("Group"), required=False)
    q = forms.CharField(label=_("Name or ISO3 code"), required=False, max_length=100)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))

    def clean(self):
        data = super().clean()
        group = data.get("group")
        if group:
            qs = Group.objects.filter(code=group)
            if data.get("grouping"):
                qs = qs.filter(grouping__code=data["grouping"])
            found = list(qs[:2])
            if not found:
                self.add_error("group", _("Unknown group “%(value)s”.") % {"value": group})
            elif len(found) > 1:
                self.add_error(
                    "group",
                    _("Group “%(value)s” exists in several groupings: choose a grouping.")
                    % {"value": group},
                )
            else:
                data["group_obj"] = found[0]
        return data
