from django import template

from ccm.core.validators import link_target
from ccm.states.choices import InstrumentKind, StatusChoice

register = template.Library()

STATUS_BADGES = {
    "state_party": "text-bg-success",
    "signatory": "text-bg-warning",
    "not_party": "text-bg-secondary",
    "withdrawn": "text-bg-dark",
}


@register.filter
def safe_href(source) -> str:
    """Where a source may be linked: an http(s) address or a page of this site, else "" —
    templates print any other source (a document symbol, a `javascript:` address stored
    before it was refused) as text: `{% with href=url|safe_href %}{% if href %}<a …>`."""
    return link_target(str(source) if source is not None else "")


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


DEADLINE_BADGES = {
    "overdue": "text-bg-danger",
    "due_soon": "text-bg-warning",
    "awaiting_decision": "text-bg-primary",
    "not_recorded": "text-bg-dark",
    "met_on_time": "text-bg-success",
    "met_late": "text-bg-success",
    "met": "text-bg-success",
    "not_yet_due": "text-bg-secondary",
}


@register.filter
def deadline_label(value) -> str:
    from ccm.obligations.choices import DeadlineStatusChoice

    try:
        return DeadlineStatusChoice(str(value)).label
    except ValueError:
        return str(value)


@register.filter
def deadline_badge(value) -> str:
    return DEADLINE_BADGES.get(str(value), "text-bg-light")


@register.filter
def get_item(mapping, key):
    return mapping.get(str(key)) if hasattr(mapping, "get") else None


@register.filter
def precise_date(value, precision="day") -> str:
    """A date as precisely as the sources give it: 2023, June 2023 or 12 June 2023."""
    if not value:
        return ""
    from ccm.obligations.deadlines import fmt_precise

    return fmt_precise(value, precision or "day")


@register.filter
def record_label(obj) -> str:
    """app_label.model of a record (for its history URL)."""
    return obj._meta.label_lower


REPORTING_BADGES = {
    "on_time": "text-bg-success",
    "late": "text-bg-warning",
    "missing": "text-bg-danger",
    "not_yet_due": "text-bg-light",
}


@register.inclusion_tag("includes/reporting_cell.html")
def reporting_cell(cell):
    """A report's timeliness as a badge with its due and submission dates."""
    from ccm.reports.choices import ReportingStatus

    if cell is None:
        return {"cell": None}
    return {
        "cell": cell,
        "label": ReportingStatus(cell.status).label,
        "badge": REPORTING_BADGES.get(str(cell.status), "text-bg-light"),
    }
