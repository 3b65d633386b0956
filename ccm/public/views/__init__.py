"""The public site's views: read-only, server-rendered; only this layer decides what "today" is."""

from .deadlines import deadlines_ics, deadlines_page, published_figures
from .membership import choose_language, home, membership_on_date, ping, state_list, state_page
from .reports import (
    overdue,
    reminders,
    report_detail,
    report_docx,
    report_file,
    report_list,
    reporting_published,
    reporting_status,
)

__all__ = [
    "choose_language",
    "deadlines_ics",
    "deadlines_page",
    "home",
    "membership_on_date",
    "overdue",
    "ping",
    "published_figures",
    "reminders",
    "report_detail",
    "report_docx",
    "report_file",
    "report_list",
    "reporting_published",
    "reporting_status",
    "state_list",
    "state_page",
]
