"""The tables the site and the commands download, each defined once (ccm.exports.tabular).

Values are the stored codes (obligation "art7.initial", status "overdue" …), as in the
API, so that a file reads the same in every language; the column names are in the
reader's language.
"""

from __future__ import annotations

from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from ccm.reports.choices import Form
from ccm.reports.models import Report, ReportLine, ReportPart

from .tabular import Column, Table


def _verbose(model, field: str):
    return capfirst(model._meta.get_field(field).verbose_name)


DEADLINES = Table(
    Column("state", _("State"), lambda d: d.iso3),
    Column("obligation", _("Obligation"), lambda d: d.kind.value),
    Column("year", _("Year"), lambda d: d.year),
    Column("due", _("Due"), lambda d: d.due),
    Column("original_due", _("Original deadline"), lambda d: d.original_due),
    Column("status", _("Status"), lambda d: d.status.value),
    Column("extended", _("Extended"), lambda d: d.extended),
    Column("days_left", _("Days left"), lambda d: d.days_left),
    Column("met_on", _("Met on"), lambda d: d.met_on),
    Column("explanation", _("Explanation"), lambda d: str(d.explanation)),
)
"""One row per ccm.obligations.deadlines.Deadline (the same fields as the API's, ccm.obligations.serialize)."""


MEMBERSHIP = Table(
    Column("as_of", _("As of")),
    Column("group_code", _("Group code")),
    Column("group", _("Group")),
    Column("column", _("Column")),
    Column("iso3", _("ISO3")),
    Column("state", _("State")),
    Column("note", _("Note")),
)
"""The regional status table, one row per State (ccm.exports.membership_table.rows)."""

TOTALS = {
    "states_parties": _("States Parties"),
    "in_force": _("Bound (in force)"),
    "signatories": _("Signatories"),
    "not_party": _("States not party"),
    "withdrawn": _("Withdrawn"),
}


def membership_totals(keys) -> Table:
    """The membership summary's totals, one row per group (the `membership` command)."""
    return Table(
        Column("as_of", _("As of")),
        Column("group", _("Group")),
        *(Column(k, TOTALS.get(k, k), lambda row, k=k: row["totals"][k]) for k in keys),
    )


REPORTING_STATUS = Table(
    Column("state", _("State")),
    Column("name", _("Name")),
    Column("initial_due", _("Initial report due")),
    Column("initial_status", _("Initial report status")),
    Column("initial_submitted_on", _("Initial report submitted on")),
    Column("year", _("Year")),
    Column("annual_due", _("Annual report due")),
    Column("annual_status", _("Annual report status")),
    Column("annual_submitted_on", _("Annual report submitted on")),
)
"""The reporting status of a year, one row per State (ccm.reports.reporting.status_rows)."""

OVERDUE = Table(
    Column("state", _("State")),
    Column("name", _("Name")),
    Column("report", _("Report")),
    Column("year", _("Year")),
    Column("due", _("Due")),
    Column("days_overdue", _("Days overdue")),
    Column("explanation", _("Explanation")),
)
"""Reports past due, one row per report (ccm.reports.reporting.Overdue.as_row)."""


def _form_columns() -> list[Column]:
    return [
        Column(
            f"form_{f.value.lower()}", format_lazy("{} {}", _verbose(ReportPart, "form"), f.value)
        )
        for f in Form
    ]


REPORTS = Table(
    Column("report_id", _("Report ID")),
    Column("state", _("State")),
    Column("state_name", _("Name")),
    Column("kind", _verbose(Report, "kind")),
    Column("year", _verbose(Report, "year")),
    Column("version", _verbose(Report, "version")),
    Column("status", _verbose(Report, "status")),
    Column("submitted_on", _verbose(Report, "submitted_on")),
    Column("submitted_precision", _verbose(Report, "submitted_precision")),
    Column("visibility", _verbose(Report, "visibility")),
    Column("channel", _verbose(Report, "channel")),
    Column("period_from", _verbose(Report, "period_from")),
    Column("period_to", _verbose(Report, "period_to")),
    *_form_columns(),
)
"""One row per report version, each form's answer in a column of its own
(ccm.exports.report_data.report_rows)."""

FIGURES = Table(
    Column("report_id", _("Report ID")),
    Column("state", _("State")),
    Column("kind", _verbose(Report, "kind")),
    Column("year", _verbose(Report, "year")),
    Column("version", _verbose(Report, "version")),
    Column("form", _verbose(ReportPart, "form")),
    Column("figure", _verbose(ReportLine, "kind")),
    Column("label", _verbose(ReportLine, "label")),
    Column("cluster_munitions", _verbose(ReportLine, "cluster_munitions")),
    Column("submunitions", _verbose(ReportLine, "submunitions")),
    Column("area_m2", _verbose(ReportLine, "area_m2")),
    Column("people", _verbose(ReportLine, "people")),
    Column("amount", _verbose(ReportLine, "amount")),
    Column("currency", _verbose(ReportLine, "currency")),
    Column("partner", _verbose(ReportLine, "partner")),
)
"""One row per figure of a report, joined to REPORTS by report ID
(ccm.exports.report_data.line_rows)."""
