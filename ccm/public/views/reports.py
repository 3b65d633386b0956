"""Article 7 reports: the list, each report, the reporting-status table by year, the overdue
list, the published observations beside the computed ones, and the reminders sent.

Every read of a report goes through Report.objects.visible_to(user): a restricted report
or a draft someone may not read answers 404 like a report that does not exist, and is left
out of every list and download. Only anonymous responses are cached (ccm.core.caching)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ccm.accounts.access import access, can_edit
from ccm.core.caching import cached_get
from ccm.exports import tabular
from ccm.exports.report_data import line_rows, report_rows
from ccm.exports.tables import FIGURES, OVERDUE, REPORTING_STATUS, REPORTS
from ccm.reports import reporting
from ccm.reports.forms import OverdueForm, ReportFilterForm, StatusForm
from ccm.reports.models import Reminder, Report

from .vocabularies import VOCABULARIES

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _bad_format(form, fmt: str) -> None:
    form.add_error(None, _("Unknown format “%(fmt)s”: use csv or xlsx.") % {"fmt": fmt})


@require_safe
@cached_get
def report_list(request):
    form = ReportFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "public/reports/list.html", {"form": form}, status=400)
    qs = form.filter(Report.objects.visible_to(request.user)).select_related("state").distinct()
    qs = qs.order_by("state__name", "kind", "-year", "version")
    fmt = request.GET.get("format")
    if fmt == tabular.CSV:
        figures = request.GET.get("table") == "figures"
        sheet = (
            tabular.Sheet(FIGURES, line_rows(qs))
            if figures
            else tabular.Sheet(REPORTS, report_rows(qs))
        )
        return tabular.http_response(fmt, "ccm-report-figures" if figures else "ccm-reports", sheet)
    if fmt == tabular.XLSX:
        return tabular.http_response(
            fmt,
            "ccm-reports",
            tabular.Sheet(REPORTS, report_rows(qs), "reports"),
            tabular.Sheet(FIGURES, line_rows(qs), "figures"),
        )
    if fmt:
        _bad_format(form, fmt)
        return render(request, "public/reports/list.html", {"form": form}, status=400)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "public/reports/list.html",
        {"form": form, "page": page, "query": query.urlencode(), **VOCABULARIES},
    )


def _readable(request, pk: int) -> Report:
    return get_object_or_404(Report.objects.visible_to(request.user).select_related("state"), pk=pk)


@require_safe
@cached_get
def report_detail(request, pk: int):
    report = _readable(request, pk)
    parts = report.parts.select_related("unchanged_since__state").prefetch_related("lines")
    versions = (
        Report.objects.visible_to(request.user)
        .filter(state=report.state, kind=report.kind, year=report.year)
        .order_by("version")
    )
    return render(
        request,
        "public/reports/detail.html",
        {
            "report": report,
            "parts": parts,
            "versions": versions,
            "events": report.events.select_related("actor"),
            "can_edit": can_edit(request.user, report.state),
            **VOCABULARIES,
        },
    )


@require_safe
@cached_get
def report_docx(request, pk: int):
    from ccm.exports.report_docx import report_docx as build

    report = _readable(request, pk)
    name = f"ccm-article7-{report.state.iso3}-{report.year or 'initial'}-v{report.version}.docx"
    return tabular.attachment(build(report), DOCX, name)


@require_safe
def report_file(request, pk: int):
    """The file received by e-mail, to those who may read the report."""
    report = _readable(request, pk)
    if not report.file:
        raise Http404
    return FileResponse(
        report.file.open("rb"), as_attachment=True, filename=report.file_name or None
    )


@require_safe
@cached_get
def reporting_status(request):
    form = StatusForm(request.GET)
    if not form.is_valid():
        return render(request, "public/reports/status.html", {"form": form}, status=400)
    q = form.cleaned_data
    on = q["as_of"] or timezone.localdate()
    table = reporting.status_table(q["year"], on, iso3=q["state"] or None)
    fmt = request.GET.get("format")
    if fmt in tabular.FORMATS:
        sheet = tabular.Sheet(REPORTING_STATUS, reporting.status_rows(table), str(table.year))
        return tabular.http_response(fmt, f"ccm-reporting-{table.year}-{on}", sheet)
    if fmt:
        _bad_format(form, fmt)
        return render(request, "public/reports/status.html", {"form": form}, status=400)
    query = request.GET.copy()
    query.pop("format", None)
    query["year"] = table.year
    return render(
        request,
        "public/reports/status.html",
        {"form": form, "table": table, "on": on, "query": query.urlencode()},
    )


@require_safe
@cached_get
def overdue(request):
    form = OverdueForm(request.GET)
    if not form.is_valid():
        return render(request, "public/reports/overdue.html", {"form": form}, status=400)
    q = form.cleaned_data
    on = q["as_of"] or timezone.localdate()
    items = reporting.overdue_reports(on, iso3=q["state"] or None, kind=q["kind"] or None)
    fmt = request.GET.get("format")
    if fmt in tabular.FORMATS:
        sheet = tabular.Sheet(OVERDUE, [o.as_row() for o in items], on.isoformat())
        return tabular.http_response(fmt, f"ccm-overdue-reports-{on}", sheet)
    if fmt:
        _bad_format(form, fmt)
        return render(request, "public/reports/overdue.html", {"form": form}, status=400)
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("page", None)
    return render(
        request,
        "public/reports/overdue.html",
        {
            "form": form,
            "items": items,
            "page": Paginator(items, 100).get_page(request.GET.get("page")),
            "on": on,
            "query": query.urlencode(),
        },
    )


@require_safe
@cached_get
def reporting_published(request):
    dates = reporting.ManyDates()
    return render(
        request,
        "public/reports/published.html",
        {"listings": reporting.check_listings(dates), "figures": reporting.check_figures(dates)},
    )


@login_required
@require_safe
def reminders(request):
    """Reminders sent: all of them for ISU staff and coordinators, a State's for its focal
    points; nobody else has any to see."""
    a = access(request.user)
    qs = Reminder.objects.select_related("state")
    if not a.reads_restricted:
        if a.state_id is None:
            raise Http404
        qs = qs.filter(state_id=a.state_id)
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "public/reports/reminders.html", {"page": page})
