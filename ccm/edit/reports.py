"""Editing Article 7 reports: a State's focal point (or ISU staff) starts a draft, saves it
part by part, submits it, amends it and chooses its visibility; ISU staff also record a
report received by e-mail. The State is reached through state_for_edit and the report
within it, so another State's report answers 404; every save goes through
ccm.reports.services as one recorded action."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ccm.accounts.access import access, state_for_edit
from ccm.core.forms import add_service_errors
from ccm.history.concurrency import EditConflict
from ccm.history.models import Via
from ccm.reports import services
from ccm.reports.choices import Form, Visibility
from ccm.reports.forms import (
    HeaderForm,
    PartForm,
    ReceivedReportForm,
    StartReportForm,
    line_formset,
)
from ccm.reports.models import Report, ReportPart

from .views import _conflict


def _report(request, iso3: str, pk: int):
    st = state_for_edit(request.user, iso3)
    return st, get_object_or_404(Report.objects.select_related("state"), pk=pk, state=st)


def _errors(exc: ValidationError) -> list[tuple[str | None, str]]:
    if hasattr(exc, "error_dict"):
        return [(k, m) for k, errs in exc.message_dict.items() for m in errs]
    return [(None, m) for m in exc.messages]


@login_required
@require_http_methods(["GET", "POST"])
def reports(request, iso3: str):
    """The State's reports (every version) and the form that starts a new one."""
    st = state_for_edit(request.user, iso3)
    form = StartReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.start_report(
                st,
                form.cleaned_data["kind"],
                form.cleaned_data["year"],
                actor=request.user,
                via=Via.FORM,
                today=timezone.localdate(),
            )
        except ValidationError as exc:
            add_service_errors(form, _errors(exc))
        else:
            messages.success(request, _("Draft started: answer each form, then submit."))
            return redirect("edit:report", iso3=st.iso3, pk=report.pk)
    return render(
        request,
        "edit/reports.html",
        {
            "state": st,
            "form": form,
            "reports": Report.objects.filter(state=st).order_by("kind", "-year", "-version"),
            "access": access(request.user),
        },
        status=400 if form.errors else 200,
    )


def _report_page(request, st, report, header, *, submission_errors=(), conflict=None, status=200):
    parts = report.parts.prefetch_related("lines")
    problems: dict[str, list[str]] = {}
    for where, message in submission_errors:
        problems.setdefault(where or "__all__", []).append(message)
    return render(
        request,
        "edit/report.html",
        {
            "state": st,
            "report": report,
            "header": header,
            "parts": [(p, problems.get(p.form, [])) for p in parts],
            "problems": problems,
            "general": [m for k, ms in problems.items() if k not in Form.values for m in ms],
            "conflict": conflict,
            "visibility_choices": Visibility.choices,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report(request, iso3: str, pk: int):
    """A draft's header (period, contacts, visibility, source) and its forms at a glance."""
    st, report = _report(request, iso3, pk)
    header = HeaderForm(request.POST or None, instance=report) if report.draft else None
    conflict = None
    if request.method == "POST":
        if header is None:
            raise Http404
        if header.is_valid():
            try:
                services.save_header(
                    report,
                    actor=request.user,
                    via=Via.FORM,
                    expected=header.expected(),
                    **{f: header.cleaned_data[f] for f in services.HEADER_FIELDS},
                )
            except EditConflict as exc:
                conflict = _conflict(request, header, exc)
            except ValidationError as exc:
                add_service_errors(header, _errors(exc))
            else:
                messages.success(request, _("Report details saved."))
                return redirect("edit:report", iso3=st.iso3, pk=report.pk)
        status = 409 if conflict else 400
        return _report_page(request, st, report, header, conflict=conflict, status=status)
    return _report_page(request, st, report, header)


@login_required
@require_http_methods(["GET", "POST"])
def part(request, iso3: str, pk: int, form: str):
    """One form of a draft: its answer, text, statement and figures."""
    st, report = _report(request, iso3, pk)
    if form not in Form.values or not report.draft:
        raise Http404
    instance = get_object_or_404(ReportPart, report=report, form=form)
    data = request.POST or None
    part_form = PartForm(data, instance=instance)
    lines = line_formset(form, data=data, lines=instance.lines.all())
    conflict = None
    if request.method == "POST" and part_form.is_valid() and (lines is None or lines.is_valid()):
        values = {f: part_form.cleaned_data[f] for f in services.PART_FIELDS}
        figures = None
        if lines is not None:
            figures = [v for v in (f.values() for f in lines.forms) if v]
        try:
            services.save_part(
                report,
                form,
                actor=request.user,
                via=Via.FORM,
                expected=part_form.expected(),
                lines=figures,
                **values,
            )
        except EditConflict as exc:
            conflict = _conflict(request, part_form, exc)
        except ValidationError as exc:
            add_service_errors(part_form, _errors(exc))
        else:
            messages.success(request, _("%(form)s saved.") % {"form": Form(form).label})
            return redirect("edit:report", iso3=st.iso3, pk=report.pk)
    invalid = part_form.errors or (lines is not None and lines.is_bound and not lines.is_valid())
    return render(
        request,
        "edit/report_part.html",
        {
            "state": st,
            "report": report,
            "part": instance,
            "form": part_form,
            "lines": lines,
            "conflict": conflict,
            "title": Form(form).label,
        },
        status=409 if conflict else (400 if invalid else 200),
    )


@login_required
@require_POST
def submit(request, iso3: str, pk: int):
    st, report = _report(request, iso3, pk)
    try:
        services.submit_report(report, on=timezone.localdate(), actor=request.user, via=Via.FORM)
    except ValidationError as exc:
        messages.error(request, _("The report was not submitted: correct what is listed below."))
        header = HeaderForm(instance=report) if report.draft else None
        return _report_page(request, st, report, header, submission_errors=_errors(exc), status=400)
    messages.success(request, _("Report submitted. Thank you."))
    return redirect("public:report", pk=report.pk)


@login_required
@require_POST
def amend(request, iso3: str, pk: int):
    st, report = _report(request, iso3, pk)
    try:
        new = services.amend_report(report, actor=request.user, via=Via.FORM)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
        return redirect("edit:report", iso3=st.iso3, pk=report.pk)
    messages.success(request, _("Amendment started as version %(n)d.") % {"n": new.version})
    return redirect("edit:report", iso3=st.iso3, pk=new.pk)


@login_required
@require_POST
def visibility(request, iso3: str, pk: int):
    st, report = _report(request, iso3, pk)
    value = request.POST.get("visibility", "")
    if value not in Visibility.values:
        messages.error(request, _("Choose public or restricted."))
        return redirect("edit:report", iso3=st.iso3, pk=report.pk)
    services.set_visibility(report, value, actor=request.user, via=Via.FORM)
    messages.success(request, _("Visibility saved for every version of this report."))
    return redirect("edit:report", iso3=st.iso3, pk=report.pk)


@login_required
@require_http_methods(["GET", "POST"])
def received(request, iso3: str):
    """ISU staff only: record a report received by e-mail, with its file."""
    st = state_for_edit(request.user, iso3)
    if not access(request.user).staff:
        raise Http404
    form = ReceivedReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.record_received_report(
                st,
                data["kind"],
                data["year"],
                upload=data["file"],
                submitted_on=data["submitted_on"],
                actor=request.user,
                via=Via.FORM,
                today=timezone.localdate(),
                visibility=data["visibility"],
                source_url=data["source_url"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, _errors(exc))
        else:
            messages.success(request, _("Report recorded."))
            return redirect("public:report", pk=report.pk)
    return render(
        request,
        "edit/form.html",
        {
            "state": st,
            "form": form,
            "multipart": True,
            "title": _("Report of %(state)s received by e-mail") % {"state": st.name},
        },
        status=400 if form.errors else 200,
    )
