"""Query parameters of the deadline lists (pages, API, CLI and downloads alike)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ccm.states.forms import AsOfForm
from ccm.states.models import Group, State

from .choices import DeadlineStatusChoice


class DeadlineFilterForm(AsOfForm):
    state = forms.CharField(label=_("State (ISO3)"), required=False, max_length=3)
    article = forms.TypedChoiceField(
        label=_("Article"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[
            ("", _("Any")),
            ("3", _("Article 3")),
            ("4", _("Article 4")),
            ("7", _("Article 7")),
        ],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *DeadlineStatusChoice.choices, ("extended", _("extended"))],
    )

    region = forms.ChoiceField(label=_("Region"), required=False)
    window = forms.TypedChoiceField(
        label=_("“Due soon” means within"),
        required=False,
        coerce=int,
        empty_value=90,
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
