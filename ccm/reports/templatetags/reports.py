"""How templates show a report's timeliness: `{% load reports %}`."""

from django import template

from ccm.reports.choices import ReportingStatus

register = template.Library()

REPORTING_BADGES = {
    ReportingStatus.ON_TIME: "text-bg-success",
    ReportingStatus.LATE: "text-bg-warning",
    ReportingStatus.MISSING: "text-bg-danger",
    ReportingStatus.NOT_YET_DUE: "text-bg-light",
}


@register.inclusion_tag("includes/reporting_cell.html")
def reporting_cell(cell):
    """A report's timeliness as a badge with its due and submission dates."""
    if cell is None:
        return {"cell": None}
    return {
        "cell": cell,
        "label": ReportingStatus(cell.status).label,
        "badge": REPORTING_BADGES.get(str(cell.status), "text-bg-light"),
    }
