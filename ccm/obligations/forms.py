"""Query parameters of the deadline lists (pages, API, CLI and downloads alike), and the
forms that change an obligation, a stockpile record or an extension request (the editing
pages and the API alike). These hold no rule of their own: `clean` asks the same service
checks the import uses, and saving goes through the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ccm.core.forms import SOURCE_HELP, SourcedChange, Styled, add_service_errors
from ccm.history.forms import Versioned
from ccm.states.forms import AsOfForm
from ccm.states.models import Group, State

from . import services
from .choices import DeadlineArticle, DeadlineFlag, DeadlineStatus
from .deadlines import SOON_DAYS
from .models import ExtensionRequest, Obligation, StockpileRecord


class DeadlineFilterForm(AsOfForm):
    state = forms.CharField(label=_("State (ISO3)"), required=False, max_length=3)
    article = forms.TypedChoiceField(
        label=_("Article"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any")), *DeadlineArticle.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *DeadlineStatus.choices, *DeadlineFlag.choices],
    )

    region = forms.ChoiceField(label=_("Region"), required=False)
    window = forms.TypedChoiceField(
        label=_("“Due soon” means within"),
        required=False,
        coerce=int,
        empty_value=SOON_DAYS,
        choices=[("90", _("90 days")), ("180", _("180 days")), ("365", _("365 days"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        regions = Group.objects.filter(grouping__code="ccm-region").values_list("code", "name")
        self.fields["region"].choices = [("", _("All regions")), *regions]

    def clean_state(self):
        value = self.cleaned_data["state"].upper()
        if value and not State.objects.filter(iso3=value).exists():
            raise forms.ValidationError(_("Unknown State “%(value)s”.") % {"value": value})
        return value


class ObligationForm(Styled, Versioned, SourcedChange, forms.ModelForm):
    class Meta:
        model = Obligation
        fields = list(services.OBLIGATION_FIELDS)
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
