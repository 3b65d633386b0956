"""One Article 7 report as a Word document laid out like the reporting forms.

A title, a header table (State, kind and year covered, version, reporting period, date of
submission, national points of contact), then for each form A–J its title, its answer
(answered, nothing to report with the State's statement, unchanged since an earlier
report, not answered), the free text and a table of its figures, whose columns depend on
the kinds of figure (ccm.reports.choices.LINE_COLUMNS).

The document is written in the active language. For a right-to-left language (Arabic)
every paragraph gets the right-to-left direction (w:bidi), which Word and LibreOffice lay
out flush right, and tables run from right to left. No explicit "right" justification is
written: inside a right-to-left paragraph Word reads w:jc left/right as start/end, so
"right" would put the text on the left margin.

The caller decides who may read the report (Report.objects.visible_to); this module does
no access control. Reading the report takes a fixed number of queries (4), however many
figures it holds.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_DIRECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ccm.obligations.deadlines import fmt_precise
from ccm.reports.choices import LINE_COLUMNS, Answer, Form, LineKind, ReportKind
from ccm.reports.models import Report, ReportLine, ReportPart

# Word language tags of the site's languages (w:lang; Word expects a region).
WORD_LANGUAGES = {
    "en": "en-GB",
    "fr": "fr-FR",
    "es": "es-ES",
    "ar": "ar-SA",
    "ru": "ru-RU",
    "zh-hans": "zh-CN",
}
# What follows w:bidi in a paragraph's properties (ECMA-376 CT_PPrBase, then CT_PPr).
AFTER_BIDI = (
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
# Characters XML 1.0 cannot hold (text pasted from a PDF often has form feeds): a vertical
# tab or form feed becomes a line break, the others are dropped.
BREAKS = re.compile(r"[\x0b\x0c]")
NOT_XML = re.compile(r"[\x00-\x08\x0e-\x1f\ufffe\uffff]")
VALUE_COLUMNS = ("cluster_munitions", "submunitions", "area_m2", "people", "amount")


def _load(report: Report) -> tuple[Report, dict[str, ReportPart]]:
    """The report with its State (and its names), parts, earlier reports and figures."""
    parts = ReportPart.objects.select_related("unchanged_since__state").prefetch_related(
        Prefetch("lines", queryset=ReportLine.objects.order_by("kind", "pk"))
    )
    fresh = (
        Report.objects.select_related("state")
        .prefetch_related("state__names", Prefetch("parts", queryset=parts))
        .get(pk=report.pk)
    )
    return fresh, {p.form: p for p in fresh.parts.all()}


def _clean(text: str) -> str:
    """Text the State typed, fit for a Word document."""
    return NOT_XML.sub("", BREAKS.sub("\n", text))


def _date(value) -> str:
    return value.isoformat() if value else "—"


def _number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        places = 0 if value == value.to_integral_value() else -value.as_tuple().exponent
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    return number_format(value, use_l10n=True, force_grouping=True)


def _amount(value) -> str:
    return "" if value is None else number_format(value, 2, use_l10n=True, force_grouping=True)


def _heading_label(field: str) -> str:
    return capfirst(str(ReportLine._meta.get_field(field).verbose_name))


def _columns(lines: list[ReportLine]) -> list[str]:
    """The figure table's columns: the kind and label of each figure, the value columns its
    kinds use (in the model's order), the currency with an amount, the partner if any."""
    used = {c for x in lines for c in LINE_COLUMNS[LineKind(x.kind)]}
    columns = ["kind", "label", *(c for c in VALUE_COLUMNS if c in used)]
    if "amount" in used:
        columns.append("currency")
    if any(x.partner for x in lines):
        columns.append("partner")
    return columns


def _cell(line: ReportLine, column: str) -> str:
    if column == "kind":
        return str(line.get_kind_display())
    if column == "amount":
        return _amount(line.amount)
    if column in VALUE_COLUMNS:
        return _number(getattr(line, column))
    return _clean(getattr(line, column) or "")


def _bold_row(row) -> None:
    for cell in row.cells:
        for p in cell.paragraphs:
            for run in p.runs:
                run.bold = True


def _answer(part: ReportPart | None) -> tuple[str, str]:
    """The answer as the document prints it, and the statement if any."""
    if part is None or part.answer == Answer.NOT_ANSWERED:
        return _("not answered"), ""
    if part.answer == Answer.NOTHING:
        return _("nothing to report"), _clean(part.statement)
    if part.answer == Answer.UNCHANGED:
        earlier = part.unchanged_since
        if earlier is None:
            return str(Answer.UNCHANGED.label), ""
        if earlier.submitted_on:
            return _("unchanged since %(report)s, submitted on %(date)s") % {
                "report": str(earlier),
                "date": fmt_precise(earlier.submitted_on, earlier.submitted_precision),
            }, ""
        return _("unchanged since %(report)s") % {"report": str(earlier)}, ""
    return _("answered"), ""


def _paragraphs(doc, text: str) -> None:
    for block in _clean(text).splitlines():
        if block.strip():
            doc.add_paragraph(block)


def _header(doc, report: Report) -> None:
    if report.submitted_on:
        submitted = fmt_precise(report.submitted_on, report.submitted_precision)
    else:
        submitted = _("not submitted")
    rows = [
        (_("State"), report.state.localized_name()),
        (_("Report"), str(ReportKind(report.kind).label)),
        (
            _("Calendar year covered"),
            str(report.year) if report.year else _("not applicable (initial report)"),
        ),
        (_("Version"), str(report.version)),
        (_("Status"), str(report.get_status_display())),
        (_("Reporting period from"), _date(report.period_from)),
        (_("Reporting period to"), _date(report.period_to)),
        (_("Date of submission"), submitted),
        (_("National points of contact"), _clean(report.contact).strip() or "—"),
    ]
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
        for run in cells[0].paragraphs[0].runs:
            run.bold = True


def _figures(doc, lines: list[ReportLine]) -> None:
    columns = _columns(lines)
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        cell.text = _heading_label(column)
    _bold_row(table.rows[0])
    for line in lines:
        for cell, column in zip(table.add_row().cells, columns, strict=True):
            cell.text = _cell(line, column)
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(9)


def _part(doc, form: Form, part: ReportPart | None) -> None:
    doc.add_heading(str(form.label), level=2)
    answer, statement = _answer(part)
    p = doc.add_paragraph()
    p.add_run(_("Answer:")).bold = True
    p.add_run(" " + answer)
    if statement:
        p = doc.add_paragraph()
        p.add_run(_("Statement:")).bold = True
        p.add_run(" ")
        p.add_run(statement).italic = True
    if part is None:
        return
    if part.text.strip():
        _paragraphs(doc, part.text)
    lines = list(part.lines.all())
    if lines:
        _figures(doc, lines)


def _all_paragraphs(doc) -> Iterable:
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def _set_language(doc, tag: str, bidi: bool) -> None:
    """The document's default language (spelling, hyphenation, complex-script shaping)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)
    if bidi:
        lang.set(qn("w:bidi"), tag)
    if tag.startswith("zh"):
        lang.set(qn("w:eastAsia"), tag)
    doc.core_properties.language = tag


def _right_to_left(doc) -> None:
    """Every paragraph runs right to left (w:bidi), bold and italics apply to Arabic script
    too, and tables start on the right."""
    for p in _all_paragraphs(doc):
        ppr = p._p.get_or_add_pPr()
        if ppr.find(qn("w:bidi")) is None:
            bidi = OxmlElement("w:bidi")
            ppr.insert_element_before(bidi, *AFTER_BIDI)
        for run in p.runs:  # Word bolds and slants Arabic script by w:bCs and w:iCs
            rpr = run._r.rPr
            for latin, complex_script in (("w:b", "w:bCs"), ("w:i", "w:iCs")):
                el = rpr.find(qn(latin)) if rpr is not None else None
                if el is not None and rpr.find(qn(complex_script)) is None:
                    el.addnext(OxmlElement(complex_script))
    for table in doc.tables:
        table.table_direction = WD_TABLE_DIRECTION.RTL
    sect_pr = doc.sections[0]._sectPr
    if sect_pr.find(qn("w:bidi")) is None:
        bidi = OxmlElement("w:bidi")
        successors = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")
        sect_pr.insert_element_before(bidi, *successors)


def report_docx(report: Report) -> bytes:
    """The report as a Word document in the active language (4 queries)."""
    report, parts = _load(report)
    rtl = get_language_bidi()
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    _set_language(doc, WORD_LANGUAGES.get(get_language() or "en", "en-GB"), rtl)
    doc.core_properties.title = report.title
    doc.core_properties.subject = _("Convention on Cluster Munitions — Article 7 report")

    doc.add_heading(_("Convention on Cluster Munitions — Article 7 report"), level=0)
    doc.add_paragraph(report.title)
    _header(doc, report)
    if not any(p.answer != Answer.NOT_ANSWERED for p in parts.values()) and report.file_name:
        doc.add_paragraph(
            _(
                "The content of this report is not recorded in the system; see the file received: %(name)s."
            )
            % {"name": _clean(report.file_name)}
        )
    for form in Form:
        _part(doc, form, parts.get(form.value))
    if rtl:
        _right_to_left(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
