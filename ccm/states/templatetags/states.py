"""How templates show a State and its status: `{% load states %}` (a status's label is
`{{ status.label }}`)."""

from django import template

from ccm.states.choices import InstrumentKind, Status

register = template.Library()

STATUS_BADGES = {
    Status.STATE_PARTY: "text-bg-success",
    Status.SIGNATORY: "text-bg-warning",
    Status.NOT_PARTY: "text-bg-secondary",
    Status.WITHDRAWN: "text-bg-dark",
}


@register.filter
def status_badge(value) -> str:
    return STATUS_BADGES.get(str(value), "text-bg-light")


@register.filter
def kind_label(value) -> str:
    try:
        return InstrumentKind(value).label
    except ValueError:
        return str(value)


@register.filter
def localized_name(state) -> str:
    return state.localized_name()
