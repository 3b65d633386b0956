"""The structured data of many Article 7 reports as flat rows, for CSV and XLSX downloads
(written by ccm.exports.tabular with the tables REPORTS and FIGURES).

Two tables: one row per report version (`REPORT_FIELDS`, with each form's answer in a
column of its own) and one row per figure (`LINE_FIELDS`), joined by `report_id`. `state`
is the State's ISO 3166-1 alpha-3 code; `state_name` its UN English short name.
Values are the stored codes (kind "annual", status "submitted", answer "nothing",
figure "stockpile_declared" …), not translated labels, so that the downloads read the same
in every language; dates are `date` objects and figures numbers (ISO dates in CSV, date
and number cells in XLSX); an empty value is None.

The caller passes a queryset it has already filtered by access
(`Report.objects.visible_to(user)`): these functions do no access control. Each reads its
rows in a fixed number of queries, however many reports the queryset holds.
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from ccm.reports.choices import Form
from ccm.reports.models import Report, ReportLine, ReportPart

from .tables import FIGURES, REPORTS

REPORT_FIELDS = REPORTS.keys
LINE_FIELDS = FIGURES.keys
FORM_FIELDS = [k for k in REPORT_FIELDS if k.startswith("form_")]


def _with_parts(reports: QuerySet, *, lines: bool) -> QuerySet:
    parts = ReportPart.objects.order_by("form")
    if lines:
        parts = parts.prefetch_related(
            Prefetch("lines", queryset=ReportLine.objects.order_by("kind", "pk"))
        )
    return reports.select_related("state").prefetch_related(Prefetch("parts", queryset=parts))


def _report(report: Report) -> dict:
    return {
        "report_id": report.pk,
        "state": report.state.iso3,
        "kind": report.kind,
        "year": report.year,
        "version": report.version,
    }


def report_rows(reports: QuerySet) -> list[dict]:
    """One row per report in `reports` (2 queries)."""
    out = []
    for report in _with_parts(reports, lines=False):
        answers = {p.form: p.answer for p in report.parts.all()}
        row = _report(report) | {
            "state_name": report.state.name,
            "status": report.status,
            "submitted_on": report.submitted_on,
            "submitted_precision": report.submitted_precision if report.submitted_on else None,
            "visibility": report.visibility,
            "channel": report.channel,
            "period_from": report.period_from,
            "period_to": report.period_to,
        }
        for form, field in zip(Form, FORM_FIELDS, strict=True):
            row[field] = answers.get(form.value)
        out.append(row)
    return out


def line_rows(reports: QuerySet) -> list[dict]:
    """One row per figure of the reports in `reports`, by report then form (3 queries)."""
    out = []
    for report in _with_parts(reports, lines=True):
        head = _report(report)
        for part in report.parts.all():
            for line in part.lines.all():
                out.append(
                    head
                    | {
                        "form": part.form,
                        "figure": line.kind,
                        "label": line.label,
                        "cluster_munitions": line.cluster_munitions,
                        "submunitions": line.submunitions,
                        "area_m2": line.area_m2,
                        "people": line.people,
                        "amount": line.amount,
                        "currency": line.currency,
                        "partner": line.partner,
                    }
                )
    return out
