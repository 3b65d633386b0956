"""How templates show a deadline's status: `{% load obligations %}` (its label is
`{{ status.label }}`)."""

from django import template

from ccm.obligations.choices import DeadlineStatus

register = template.Library()

DEADLINE_BADGES = {
    DeadlineStatus.OVERDUE: "text-bg-danger",
    DeadlineStatus.DUE_SOON: "text-bg-warning",
    DeadlineStatus.AWAITING_DECISION: "text-bg-primary",
    DeadlineStatus.NOT_RECORDED: "text-bg-dark",
    DeadlineStatus.MET_ON_TIME: "text-bg-success",
    DeadlineStatus.MET_LATE: "text-bg-success",
    DeadlineStatus.MET: "text-bg-success",
    DeadlineStatus.NOT_YET_DUE: "text-bg-secondary",
}


@register.filter
def deadline_badge(value) -> str:
    return DEADLINE_BADGES.get(str(value), "text-bg-light")
