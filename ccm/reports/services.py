"""Every change to an Article 7 report: one service function per step, each in one
transaction as one recorded action, writing a typed ReportEvent.

A draft is saved header by header and part by part; `submit_report` checks the whole
report against ccm.reports.rules and refuses it with a message per field (nothing
changes); a submitted version is never edited again: `amend_report` starts the next
version as a draft, the earlier one stays readable. Facts flow from a submitted public
report into the State's obligation facts through ccm.obligations.services.
"""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from ccm.core.errors import refuse
from ccm.core.validators import field_errors, source_entries
from ccm.history.concurrency import check_unchanged
from ccm.history.models import Via
from ccm.history.recording import recorded_action
from ccm.obligations import services as obligation_services
from ccm.obligations.choices import Basis, ObligationStatus, StockpileRecordKind
from ccm.obligations.models import Obligation, StockpileRecord
from ccm.states.acts import entry_into_force_of

from . import rules
from .choices import Channel, EventKind, Form, LineKind, ReportKind, ReportStatus, Visibility
from .models import Report, ReportEvent, ReportLine, ReportPart

HEADER_FIELDS = ("period_from", "period_to", "contact", "visibility", "source_url", "notes")
PART_FIELDS = ("answer", "text", "statement", "unchanged_since")
LINE_FIELDS = (
    "kind",
    "label",
    "cluster_munitions",
    "submunitions",
    "area_m2",
    "people",
    "amount",
    "currency",
    "partner",
)
ACCEPTED_FILES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
}


def _event(report: Report, kind: str, *, actor, via: str, **details) -> None:
    ReportEvent.objects.create(
        report=report,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        via=via,
        details=details,
    )


def start_errors(state, kind: str, year: int | None, today: date) -> list[tuple[str, str]]:
    """Whether a State may start this report: a State Party, a year for annual reports only,
    no report of the same kind and year already submitted or in draft."""
    eif = entry_into_force_of(state)
    if eif is None:
        return [
            (
                "__all__",
                _("%(state)s has deposited no instrument: it does not report under Article 7.")
                % {"state": state.name},
            )
        ]
    errors = rules.year_errors(kind, year, on=today, entry_into_force=eif)
    if errors:
        return errors
    same = Report.objects.filter(state=state, kind=kind, year=year)
    if same.filter(status=ReportStatus.DRAFT).exists():
        return [("__all__", _("A draft of this report already exists: continue it."))]
    if same.filter(status=ReportStatus.SUBMITTED).exists():
        return [("__all__", _("This report was already submitted: amend it instead."))]
    return []


@recorded_action
def start_report(
    state,
    kind: str,
    year: int | None = None,
    *,
    actor,
    via: str = Via.COMMAND,
    today: date,
    **header,
) -> Report:
    """Open a draft (version 1) with an unanswered part per form."""
    refuse(start_errors(state, kind, year, today) + header_errors(header))
    report = Report.objects.create(
        state=state, kind=kind, year=year, created_by=_user(actor), **header
    )
    _blank_parts(report)
    _event(report, EventKind.STARTED, actor=actor, via=via)
    return report


def header_errors(values: dict) -> list[tuple[str, str]]:
    """What the fields' own checks say against header values: plausible dates (a reporting
    period cannot end in the future), sources that are web addresses or citations."""
    return field_errors(Report, values)


def _blank_parts(report: Report) -> None:
    """An unanswered part for every form the report does not answer yet (each one saved,
    so recorded in the history like any other change)."""
    have = set(report.parts.values_list("form", flat=True))
    for form in Form:
        if form.value not in have:
            ReportPart.objects.create(report=report, form=form)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _editable(report: Report, expected) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(
            _(
                "This version was submitted and can no longer be changed: amend the report to start a new version."
            )
        )
    if expected:
        check_unchanged(report, *expected)
    return report


@recorded_action
def save_header(
    report: Report, *, actor, via: str = Via.COMMAND, expected=None, **values
) -> Report:
    """Reporting period, contact points, visibility, source and notes of a draft."""
    unknown = set(values) - set(HEADER_FIELDS)
    if unknown:
        raise TypeError(f"not report header fields: {sorted(unknown)}")
    report = _editable(report, expected)
    merged = {**{f: getattr(report, f) for f in HEADER_FIELDS}, **values}
    refuse(header_errors(values))
    if (
        merged["period_from"]
        and merged["period_to"]
        and merged["period_from"] > merged["period_to"]
    ):
        refuse([("period_to", _("The reporting period ends before it begins."))])
    for f, v in values.items():
        setattr(report, f, v)
    report.save()
    return report


def part_errors(
    report: Report, form: str, values: dict, lines: list[dict]
) -> list[tuple[str, str]]:
    """What is wrong with a part as saved in a draft (the fuller checks wait for submission)."""
    out = []
    since = values.get("unchanged_since")
    if since is not None and (
        since.state_id != report.state_id
        or since.status != ReportStatus.SUBMITTED
        or since.pk == report.pk
    ):
        out.append(("unchanged_since", _("Choose an earlier submitted report of the same State.")))
    for line in lines:
        for message in rules.line_errors(form, rules.Line(**line)):
            out.append(("__all__", message))
    return out


@recorded_action
def save_part(
    report: Report,
    form: str,
    *,
    actor,
    via: str = Via.COMMAND,
    expected=None,
    lines: list[dict] | None = None,
    **values,
) -> ReportPart:
    """A draft's answer to one form and its figures (the figures given replace the old ones)."""
    unknown = set(values) - set(PART_FIELDS)
    if unknown:
        raise TypeError(f"not report part fields: {sorted(unknown)}")
    report = _editable(report, None)
    part = ReportPart.objects.select_for_update().get(report=report, form=form)
    if expected:
        check_unchanged(part, *expected)
    lines = (
        lines
        if lines is not None
        else [{f: getattr(x, f) for f in LINE_FIELDS} for x in part.lines.all()]
    )
    refuse(part_errors(report, form, values, lines))
    for f, v in values.items():
        setattr(part, f, v)
    part.save()
    current = [{f: getattr(x, f) for f in LINE_FIELDS} for x in part.lines.all()]
    if current != lines:
        part.lines.all().delete()
        for line in lines:
            ReportLine.objects.create(part=part, **line)
    report.save(update_fields=["updated_at"])  # the draft as a whole changed
    return part


def facts_of(report: Report) -> list[rules.Part]:
    return [
        rules.Part(
            form=p.form,
            answer=p.answer,
            text=p.text,
            statement=p.statement,
            unchanged_since=p.unchanged_since_id,
            lines=tuple(
                rules.Line(**{f: getattr(x, f) for f in LINE_FIELDS}) for x in p.lines.all()
            ),
        )
        for p in report.parts.prefetch_related("lines")
    ]


def on_record(state) -> rules.OnRecord:
    """The largest stockpile the State's Article 3 records declare (what it held)."""
    munitions = submunitions = 0
    for cm, sub in StockpileRecord.objects.filter(
        obligation__state=state, kind=StockpileRecordKind.DECLARED
    ).values_list("cluster_munitions", "submunitions"):
        munitions, submunitions = max(munitions, cm or 0), max(submunitions, sub or 0)
    return rules.OnRecord(declared_munitions=munitions, declared_submunitions=submunitions)


def submission_errors(report: Report, on: date) -> list[tuple[str, str]]:
    return rules.submission_errors(
        kind=report.kind,
        year=report.year,
        period_from=report.period_from,
        period_to=report.period_to,
        submitted_on=on,
        entry_into_force=entry_into_force_of(report.state_id),
        parts=facts_of(report),
        on_record=on_record(report.state),
    )


@recorded_action
def submit_report(report: Report, *, on: date, actor, via: str = Via.COMMAND) -> Report:
    """Submit a draft on `on`: all checks pass or nothing changes. An amendment keeps the
    report's first submission date for the deadlines (the earliest version counts)."""
    report = _editable(report, None)
    refuse(field_errors(Report, {"submitted_on": on}) or submission_errors(report, on))
    report.status = ReportStatus.SUBMITTED
    report.submitted_on = on
    report.submitted_by = _user(actor)
    if not report.source_url:
        report.source_url = source_of(report)
    report.save()
    _event(
        report,
        EventKind.AMENDED if report.version > 1 else EventKind.SUBMITTED,
        actor=actor,
        via=via,
        on=on.isoformat(),
    )
    flow_facts(report, actor=actor, via=via)
    return report


def source_of(report: Report) -> str:
    """How a fact taken from the report names its source."""
    return f"/reports/{report.pk}/ (Article 7 {report}, submitted {report.submitted_on})"


def _totals(report: Report, kind: LineKind) -> tuple[int, int]:
    cm = sub = 0
    for line in ReportLine.objects.filter(part__report=report, kind=kind):
        cm += line.cluster_munitions or 0
        sub += line.submunitions or 0
    return cm, sub


FLOWS = {
    LineKind.STOCKPILE_DECLARED: StockpileRecordKind.DECLARED,
    LineKind.DESTROYED: StockpileRecordKind.DESTROYED,
    LineKind.DISCOVERED: StockpileRecordKind.DISCOVERED,
    LineKind.RETAINED: StockpileRecordKind.RETAINED,
}


def flow_facts(report: Report, *, actor, via: str) -> list[str]:
    """A submitted public report's stockpile figures become the State's Article 3 records
    (dated at the end of the reporting period) and a declared contaminated area records an
    Article 4 obligation, each with the report as its source. Restricted reports do not
    flow: the obligation facts are public."""
    if report.restricted or report.status != ReportStatus.SUBMITTED:
        return []
    state, source = report.state, source_of(report)
    when = report.period_to or report.submitted_on
    flowed = []
    totals = {kind: _totals(report, kind) for kind in FLOWS}
    if any(any(v) for v in totals.values()):
        ob = Obligation.objects.filter(state=state, article=3).first()
        if ob is None:
            ob = obligation_services.save_obligation(
                state,
                3,
                actor=actor,
                via=via,
                basis=Basis.STOCKPILE,
                status=ObligationStatus.ONGOING,
                source_url=source,
            )
        for line_kind, record_kind in FLOWS.items():
            cm, sub = totals[line_kind]
            if not (cm or sub):
                continue
            existing = StockpileRecord.objects.filter(
                obligation=ob, kind=record_kind, on=when
            ).first()
            obligation_services.save_stockpile_record(
                ob,
                record=existing,
                actor=actor,
                via=via,
                kind=record_kind,
                on=when,
                cluster_munitions=cm or None,
                submunitions=sub or None,
                source_url=source,
            )
            flowed.append(record_kind)
    contaminated = ReportLine.objects.filter(
        part__report=report, kind=LineKind.AREA_CONTAMINATED, area_m2__gt=0
    ).exists()
    if contaminated and not Obligation.objects.filter(state=state, article=4).exists():
        obligation_services.save_obligation(
            state,
            4,
            actor=actor,
            via=via,
            basis=Basis.CONTAMINATION_AT_EIF
            if report.kind == ReportKind.INITIAL
            else Basis.UNKNOWN,
            status=ObligationStatus.ONGOING,
            source_url=source,
        )
        flowed.append("art4")
    if flowed:
        _event(report, EventKind.FACTS, actor=actor, via=via, facts=flowed)
    return flowed


@recorded_action
def amend_report(report: Report, *, actor, via: str = Via.COMMAND) -> Report:
    """Start the next version of a submitted report as a draft holding the same content."""
    if report.status != ReportStatus.SUBMITTED:
        refuse([("__all__", _("Only a submitted report can be amended; this one is a draft."))])
    family = Report.objects.filter(state=report.state, kind=report.kind, year=report.year)
    if family.filter(status=ReportStatus.DRAFT).exists():
        refuse([("__all__", _("An amendment of this report is already in draft: continue it."))])
    latest = family.order_by("-version").first()
    version = (family.aggregate(v=Max("version"))["v"] or 0) + 1
    new = Report.objects.create(
        state=report.state,
        kind=report.kind,
        year=report.year,
        version=version,
        visibility=latest.visibility,
        channel=Channel.ONLINE,
        period_from=latest.period_from,
        period_to=latest.period_to,
        contact=latest.contact,
        created_by=_user(actor),
    )
    for part in latest.parts.prefetch_related("lines"):
        copy = ReportPart.objects.create(
            report=new,
            form=part.form,
            answer=part.answer,
            text=part.text,
            statement=part.statement,
            unchanged_since=part.unchanged_since,
        )
        for line in part.lines.all():
            ReportLine.objects.create(part=copy, **{f: getattr(line, f) for f in LINE_FIELDS})
    _blank_parts(new)
    _event(new, EventKind.AMENDMENT_STARTED, actor=actor, via=via, amends=latest.pk)
    return new


@recorded_action
def set_visibility(report: Report, visibility: str, *, actor, via: str = Via.COMMAND) -> None:
    """Make every version of a report public or restricted (the State's choice).

    The obligation facts are public, so they follow: restricting a report withdraws the
    facts that rest only on its versions (ccm.obligations.services.withdraw_facts: records
    go back to what other sources said, or go); making it public again lets its submitted
    versions' figures flow as at submission (`flow_facts`). Facts from other sources stay."""
    family = Report.objects.filter(state=report.state, kind=report.kind, year=report.year)
    changed = False
    for version in family.select_for_update():
        if version.visibility != visibility:
            version.visibility = visibility
            version.save()
            changed = True
    _event(report, EventKind.VISIBILITY, actor=actor, via=via, visibility=visibility)
    if not changed:
        return
    if visibility == Visibility.RESTRICTED:
        withdrawn = obligation_services.withdraw_facts(
            report.state,
            rests_on_reports({v.pk for v in family}),
            reason="report_restricted",
            actor=actor,
            via=via,
        )
        if withdrawn:
            _event(report, EventKind.FACTS, actor=actor, via=via, withdrawn=withdrawn)
    else:
        for version in family.filter(status=ReportStatus.SUBMITTED).order_by("version"):
            flow_facts(version, actor=actor, via=via)


REPORT_SOURCE = re.compile(r"/reports/(\d+)/(?=\s|$)")


def rests_on_reports(pks: set[int]):
    """Whether a fact's source names only these reports (as `source_of` writes them)."""

    def rests_on(source_url: str) -> bool:
        entries = source_entries(source_url)
        found = [REPORT_SOURCE.match(e) for e in entries]
        return bool(entries) and all(m is not None and int(m.group(1)) in pks for m in found)

    return rests_on


# An Office document is a zip archive: it is checked without extracting it, from the sizes
# its entries declare. Real reports unpack to a few MB at ratios under 20; a zip bomb
# declares gigabytes at ratios in the thousands.
MAX_UNPACKED_MB = 100
MAX_RATIO = 100
OFFICE_PARTS = {
    "DOCX": ("word/document.xml", b"wordprocessingml.document.main+xml"),
    "XLSX": ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
}
CONTENT_TYPES = "[Content_Types].xml"


def _pdf_errors(upload) -> list[str]:
    """A PDF must parse (pypdf, strict) and have at least one page: an HTML page behind a
    %PDF header does not."""
    import pypdf

    try:
        reader = pypdf.PdfReader(upload, strict=True)
        pages = len(reader.pages)
    except Exception:  # pypdf raises many kinds of error on a malformed file
        pages = 0
    finally:
        upload.seek(0)
    if pages < 1:
        return [_("The file begins like a PDF but is not a readable PDF document.")]
    return []


def _office_errors(upload, kind: str) -> list[str]:
    """A DOCX or XLSX must be a zip archive holding the parts of its format, unpacking to at
    most MAX_UNPACKED_MB at a ratio of at most MAX_RATIO (read from the archive's directory:
    nothing is extracted)."""
    import zipfile

    main_part, main_type = OFFICE_PARTS[kind]
    unreadable = _("The file is not a readable %(kind)s document.") % {"kind": kind}
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            unpacked = sum(e.file_size for e in entries)
            packed = sum(e.compress_size for e in entries)
            if unpacked > MAX_UNPACKED_MB * 1024 * 1024 or unpacked > MAX_RATIO * max(packed, 1):
                return [
                    _(
                        "The %(kind)s file would unpack to %(mb)d MB, more than %(max)d MB or "
                        "more than %(ratio)d times its size: it is refused."
                    )
                    % {
                        "kind": kind,
                        "mb": unpacked // (1024 * 1024),
                        "max": MAX_UNPACKED_MB,
                        "ratio": MAX_RATIO,
                    }
                ]
            names = {e.filename for e in entries}
            if any(e.flag_bits & 0x1 for e in entries) or not {CONTENT_TYPES, main_part} <= names:
                return [unreadable]
            info = archive.getinfo(CONTENT_TYPES)
            with archive.open(info) as types:
                declared = types.read(min(info.file_size, 1024 * 1024) + 1)
            if main_type not in declared:
                return [unreadable]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return [unreadable]
    finally:
        upload.seek(0)
    return []


def upload_errors(upload) -> list[tuple[str, str]]:
    """A report file is accepted by its content, not by its name, within the size limit: a
    PDF that parses with at least one page, or a DOCX or XLSX archive holding its format's
    parts and no zip bomb."""
    import filetype

    limit = settings.CCM_REPORT_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        return [
            (
                "file",
                _("The file is larger than %(mb)d MB.") % {"mb": settings.CCM_REPORT_MAX_UPLOAD_MB},
            )
        ]
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ACCEPTED_FILES:
        return [
            (
                "file",
                _(
                    "The file is not a PDF, DOCX or XLSX document (its content was checked, not its name)."
                ),
            )
        ]
    name = ACCEPTED_FILES[kind.mime]
    problems = _pdf_errors(upload) if name == "PDF" else _office_errors(upload, name)
    return [("file", message) for message in problems]


@recorded_action
def record_received_report(
    state,
    kind: str,
    year: int | None = None,
    *,
    upload,
    submitted_on: date,
    actor,
    via: str = Via.COMMAND,
    today: date,
    **header,
) -> Report:
    """ISU staff record a report received by e-mail: its file, date and metadata. Its parts
    can be filled in afterwards as an amendment (version 2) when the content is entered."""
    errors = start_errors(state, kind, year, today) + upload_errors(upload) + header_errors(header)
    if submitted_on > today:
        errors.append(("submitted_on", _("The submission date is in the future.")))
    else:
        errors.extend(header_errors({"submitted_on": submitted_on}))
    refuse(errors)
    report = Report.objects.create(
        state=state,
        kind=kind,
        year=year,
        status=ReportStatus.SUBMITTED,
        channel=Channel.EMAIL,
        submitted_on=submitted_on,
        file=upload,
        file_name=upload.name[:200],
        created_by=_user(actor),
        submitted_by=_user(actor),
        **header,
    )
    _blank_parts(report)
    _event(report, EventKind.RECEIVED, actor=actor, via=via, on=submitted_on.isoformat())
    return report
