from django import template

from ccm.states.choices import InstrumentKind, StatusChoice

register = template.Library()

STATUS_BADGES = {
    "state_party": "text-bg-success",
    "signatory": "text-bg-warning",
    "not_party": "text-bg-secondary",
    "withdrawn": "text-bg-dark",
}


@register.filter
def status_label(value) -> str:
    try:
        return StatusChoice(str(value)).label
    except ValueError:
        return str(value)


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
