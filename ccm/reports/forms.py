"""Forms of Article 7 reports: the public filters (pages, API and downloads share them) and
the focal points' editing forms. The forms hold no rule of their own: the services and
ccm.reports.rules decide; the forms show their messages next to the fields."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ccm.core.forms import SOURCE_HELP, Styled
from ccm.history.forms import Versioned
from ccm.obligations.choices import DeadlineKind
from ccm.states.forms import AsOfForm
from ccm.states.models import State

from .choices import LINE_FORMS, Answer, Form, ReportKind, ReportStatus, Visibility
from .models import Report, ReportLine, ReportPart
from .rules import latest_year_due


class StateField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(label=_("State (ISO3)"), required=False, max_length=3, **kwargs)

    def clean(self, value):
        value = (super().clean(value) or "").upper()
        if value and not State.objects.filter(iso3=value).exists():
            raise forms.ValidationError(_("Unknown State “%(value)s”.") % {"value": value})
        return value


YEAR_COVERED = _("Year covered")


def _years():
    """From this year back to 2010, the Convention's first (read when the form is built)."""
    return [("", "—"), *((str(y), str(y)) for y in range(timezone.localdate().year, 2009, -1))]


class YearField(forms.TypedChoiceField):
    def __init__(self, *, label=YEAR_COVERED, required=False, **kwargs):
        super().__init__(
            label=label,
            required=required,
            coerce=int,
            empty_value=None,
            choices=_years,
            **kwargs,
        )


class ReportFilterForm(forms.Form):
    state = StateField()
    year = YearField()
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any")), *ReportKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any")), *ReportStatus.choices]
    )
    answered = forms.ChoiceField(
        label=_("Form answered"),
        required=False,
        choices=[("", _("Any")), *Form.choices],
        help_text=_("Reports that answer this form (answered, not just “nothing to report”)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.setdefault(
                "class", "form-select" if isinstance(f.widget, forms.Select) else "form-control"
            )

    def filter(self, qs):
        return filter_reports(qs, self.cleaned_data)


def filter_reports(qs, q: dict):
    """The reports matching a ReportFilterForm's cleaned data (pages, API and downloads)."""
    if q["state"]:
        qs = qs.filter(state__iso3=q["state"])
    if q["year"]:
        qs = qs.filter(year=q["year"])
    if q["kind"]:
        qs = qs.filter(kind=q["kind"])
    if q["status"]:
        qs = qs.filter(status=q["status"])
    if q["answered"]:
        qs = qs.filter(parts__form=q["answered"], parts__answer=Answer.ANSWERED)
    return qs


class StatusForm(AsOfForm):
    year = YearField(label=_("Annual report covering"))
    state = StateField()

    def clean(self):
        data = super().clean()
        if data.get("year") is None and "year" not in self.errors:
            on = data.get("as_of") or timezone.localdate()
            data["year"] = latest_year_due(on)
        return data


class OverdueForm(AsOfForm):
    state = StateField()
    kind = forms.ChoiceField(
        label=_("Report"),
        required=False,
        choices=[
            ("", _("Any")),
            (DeadlineKind.INITIAL_REPORT.value, _("initial report")),
            (DeadlineKind.ANNUAL_REPORT.value, _("annual report")),
        ],
    )


# --- editing ------------------------------------------------------------------------------


class StartReportForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    year = YearField(help_text=_("For an annual report: the calendar year it covers."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()


class HeaderForm(Styled, Versioned, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["period_from", "period_to", "contact", "visibility", "source_url", "notes"]
        labels = {"source_url": _("Source")}
        help_texts = {
            "source_url": SOURCE_HELP,
            "visibility": _(
                "Restricted: only the ISU, the thematic coordinators and your State can read it."
            ),
        }
        widgets = {
            "contact": forms.Textarea(attrs={"rows": 3}),
            "source_url": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visibility"].choices = Visibility.choices
        self.load_token(self.instance)
        self.style()


class PartForm(Styled, Versioned, forms.ModelForm):
    class Meta:
        model = ReportPart
        fields = ["answer", "text", "statement", "unchanged_since"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 5}),
            "statement": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.instance.report
        self.fields["unchanged_since"].queryset = Report.objects.filter(
            state=report.state, status=ReportStatus.SUBMITTED
        ).exclude(pk=report.pk)
        self.fields["unchanged_since"].required = False
        self.load_token(self.instance)
        self.style()


class LineForm(Styled, forms.ModelForm):
    class Meta:
        model = ReportLine
        fields = [
            "kind",
            "label",
            "cluster_munitions",
            "submunitions",
            "area_m2",
            "people",
            "amount",
            "currency",
            "partner",
        ]

    def __init__(self, *args, form_code: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—")] + [
            (k.value, k.label) for k, f in LINE_FORMS.items() if f == form_code
        ]
        self.fields["kind"].required = False
        self.style()

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").upper()

    def values(self) -> dict | None:
        data = self.cleaned_data
        if not data or data.get("DELETE") or not data.get("kind"):
            return None
        return {
            f: data.get(f) if f not in ("label", "currency", "partner") else data.get(f) or ""
            for f in self.Meta.fields
        }


def line_formset(form_code: str, *, data=None, lines=()):
    kinds = [k for k, f in LINE_FORMS.items() if f == form_code]
    if not kinds:
        return None
    factory = forms.formset_factory(
        LineForm, extra=2, can_delete=True, max_num=50, validate_max=True
    )
    initial = [{f: getattr(x, f) for f in LineForm.Meta.fields} for x in lines]
    return factory(data, initial=initial, prefix="lines", form_kwargs={"form_code": form_code})


class ReceivedReportForm(Styled, forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    year = YearField(help_text=_("For an annual report: the calendar year it covers."))
    submitted_on = forms.DateField(label=_("Received on"))
    file = forms.FileField(label=_("File (PDF, DOCX or XLSX)"))
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    source_url = forms.CharField(label=_("Source"), help_text=SOURCE_HELP, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style()
