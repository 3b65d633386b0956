"""The structured data of many Article 7 reports as flat rows, for CSV and XLSX downloads.

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

import csv
import io
from collections.abc import Iterable, Sequence

from django.db.models import Prefetch, QuerySet
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ccm.reports.choices import Form
from ccm.reports.models import Report, ReportLine, ReportPart

FORM_FIELDS = [f"form_{form.value.lower()}" for form in Form]
REPORT_FIELDS = [
    "report_id",
    "state",
    "state_name",
    "kind",
    "year",
    "version",
    "status",
    "submitted_on",
    "submitted_precision",
    "visibility",
    "channel",
    "period_from",
    "period_to",
    *FORM_FIELDS,
]
LINE_FIELDS = [
    "report_id",
    "state",
    "kind",
    "year",
    "version",
    "form",
    "figure",
    "label",
    "cluster_munitions",
    "submunitions",
    "area_m2",
    "people",
    "amount",
    "currency",
    "partner",
]


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


def as_csv(fields: Sequence[str], rows: Iterable[dict]) -> str:
    """The rows as CSV with a header line (empty values as empty fields, ISO dates). Text a
    State typed that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with
    an apostrophe: the ISU opens these files in spreadsheets."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: _inert(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def _inert(value):
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _cell_value(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def as_xlsx(sheets: Sequence[tuple[str, Sequence[str], Iterable[dict]]]) -> bytes:
    """A workbook with one sheet per (title, fields, rows): a bold header row, then the rows.
    Text is stored as text: a label starting with "=" is never read as a formula."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, fields, rows in sheets:
        ws = wb.create_sheet(title=title[:31])
        ws.append(list(fields))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_cell_value(row.get(f)) for f in fields])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        ws.freeze_panes = "A2"
        if ws.max_row > 1:
            ws.auto_filter.ref = ws.dimensions
        for i, name in enumerate(fields, start=1):
            ws.column_dimensions[get_column_letter(i)].width = max(12, len(name) + 2)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
