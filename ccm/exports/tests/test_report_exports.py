"""Article 7 report exports: one report as DOCX, many as CSV and XLSX rows.

The reports are built through ccm.reports.services with the real reference data; every
check compares the export with the figures and statements given to the services."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook

from ccm.exports import tables, tabular
from ccm.exports.report_data import line_rows, report_rows
from ccm.exports.report_docx import report_docx
from ccm.reports import services
from ccm.reports.choices import Form
from ccm.reports.models import Report
from ccm.states.models import State

TODAY = date(2025, 6, 1)
SUBMITTED_2023 = date(2024, 4, 20)
SUBMITTED_2024 = date(2025, 4, 15)
CONTACT = "National Regulatory Authority for UXO\nVientiane\nnra@example.la"
NEVER_PRODUCED = "The Lao PDR has never produced cluster munitions."
NO_CONVERSION = "There are no facilities to convert."
NOTHING_RETAINED = "No cluster munitions are retained for training."
FIGURES = {
    Form.B: [
        {
            "kind": "stockpile_declared",
            "label": "BLU-26",
            "cluster_munitions": 1234,
            "submunitions": 56789,
        },
        {"kind": "destroyed", "label": "BLU-26", "cluster_munitions": 200, "submunitions": 9000},
    ],
    Form.F: [
        {"kind": "area_contaminated", "label": "Xieng Khouang", "area_m2": Decimal("1234567.5")},
        {"kind": "area_cleared", "label": "Savannakhet", "area_m2": Decimal("45000.0")},
    ],
    Form.I: [
        {
            "kind": "assistance_received",
            "label": "=clearance",  # would be a formula if a spreadsheet read it as one
            "amount": Decimal("1500000.00"),
            "currency": "USD",
            "partner": "UNDP",
        }
    ],
}


def build(iso3: str, year: int, *, on: date, unchanged_since: Report | None = None) -> Report:
    """A submitted annual report: A, G, H answered in text; B, F, I with figures; C, D
    nothing to report; E unchanged since `unchanged_since` (else nothing); J unanswered."""
    state = State.objects.get(iso3=iso3)
    report = services.start_report(state, "annual", year, actor=None, today=TODAY)
    report = services.save_header(
        report,
        actor=None,
        period_from=date(year, 1, 1),
        period_to=date(year, 12, 31),
        contact=CONTACT,
    )
    for form in (Form.A, Form.G, Form.H):
        services.save_part(
            report, form, actor=None, answer="answered", text=f"{iso3} {year} on {form.value}"
        )
    for form, lines in FIGURES.items():
        services.save_part(
            report, form, actor=None, answer="answered", text=f"Figures {form.value}", lines=lines
        )
    services.save_part(report, Form.C, actor=None, answer="nothing", statement=NEVER_PRODUCED)
    services.save_part(report, Form.D, actor=None, answer="nothing", statement=NOTHING_RETAINED)
    if unchanged_since is None:
        services.save_part(report, Form.E, actor=None, answer="nothing", statement=NO_CONVERSION)
    else:
        services.save_part(
            report, Form.E, actor=None, answer="unchanged", unchanged_since=unchanged_since
        )
    return services.submit_report(report, on=on, actor=None)


@pytest.fixture
def lao(reference_data):
    """The Lao annual reports for 2023 and for 2024 (E unchanged since the 2023 one)."""
    earlier = build("LAO", 2023, on=SUBMITTED_2023)
    return build("LAO", 2024, on=SUBMITTED_2024, unchanged_since=earlier), earlier


def sections(doc) -> dict[str, list]:
    """The document's paragraphs and tables, grouped under the heading that precedes them."""
    out: dict[str, list] = {"": []}
    current = ""
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph) and block.style.name == "Heading 2":
            current = block.text
            out[current] = []
        else:
            out[current].append(block)
    return out


def texts(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def rows_of(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_docx_has_the_header_and_every_form(lao):
    report, earlier = lao
    doc = Document(io.BytesIO(report_docx(report)))
    parts = sections(doc)

    assert doc.paragraphs[0].text == "Convention on Cluster Munitions — Article 7 report"
    header = dict(rows_of(doc.tables[0]))
    assert header == {
        "State": "Lao People's Democratic Republic",
        "Report": "annual report",
        "Calendar year covered": "2024",
        "Version": "1",
        "Status": "submitted",
        "Reporting period from": "2024-01-01",
        "Reporting period to": "2024-12-31",
        "Date of submission": "15 April 2025",
        "National points of contact": CONTACT,
    }
    # the forms in order, each under its own title
    assert list(parts)[1:] == [str(f.label) for f in Form]

    def answer(form: Form) -> str:
        return texts(parts[str(form.label)])[0]

    assert answer(Form.A) == "Answer: answered"
    assert "LAO 2024 on A" in texts(parts[str(Form.A.label)])
    assert answer(Form.C) == "Answer: nothing to report"
    assert texts(parts[str(Form.C.label)])[1] == f"Statement: {NEVER_PRODUCED}"
    assert texts(parts[str(Form.D.label)])[1] == f"Statement: {NOTHING_RETAINED}"
    assert answer(Form.E) == (
        "Answer: unchanged since LAO annual report 2023, submitted on 20 April 2024"
    )
    assert earlier.submitted_on == SUBMITTED_2023
    assert answer(Form.J) == "Answer: not answered"
    assert len(parts[str(Form.J.label)]) == 1  # nothing else under an unanswered form


def test_docx_figure_tables_use_the_columns_of_their_kinds(lao):
    report, _ = lao
    parts = sections(Document(io.BytesIO(report_docx(report))))

    def table(form: Form) -> list[list[str]]:
        (t,) = [b for b in parts[str(form.label)] if isinstance(b, Table)]
        return rows_of(t)

    assert table(Form.B) == [
        ["Figure", "Type, place or purpose", "Cluster munitions", "Submunitions"],
        ["destroyed in the period", "BLU-26", "200", "9,000"],
        ["stockpile held", "BLU-26", "1,234", "56,789"],
    ]
    assert table(Form.F) == [
        ["Figure", "Type, place or purpose", "Area (m²)"],
        ["area cleared in the period", "Savannakhet", "45,000"],
        ["area contaminated", "Xieng Khouang", "1,234,567.5"],
    ]
    assert table(Form.I) == [
        ["Figure", "Type, place or purpose", "Amount", "Currency", "Partner"],
        ["assistance received", "=clearance", "1,500,000.00", "USD", "UNDP"],
    ]
    for form in (Form.A, Form.C, Form.J):
        assert not [b for b in parts[str(form.label)] if isinstance(b, Table)]


def test_docx_reads_a_report_in_a_fixed_number_of_queries(lao, django_assert_max_num_queries):
    report, _ = lao
    with django_assert_max_num_queries(4):
        report_docx(report)


def bidi(paragraph) -> bool:
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:bidi")) is not None


def all_paragraphs(doc):
    yield from doc.paragraphs
    for t in doc.tables:
        for row in t.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def test_docx_in_arabic_runs_right_to_left(lao):
    report, _ = lao
    english = Document(io.BytesIO(report_docx(report)))
    with translation.override("ar"):
        arabic = Document(io.BytesIO(report_docx(report)))

    assert not any(bidi(p) for p in all_paragraphs(english))
    paragraphs = list(all_paragraphs(arabic))
    assert len(paragraphs) > 50 and all(bidi(p) for p in paragraphs)
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in arabic.tables)
    bold = [r for p in paragraphs for r in p.runs if r.bold]
    assert bold and all(r._r.rPr.find(qn("w:bCs")) is not None for r in bold)
    lang = arabic.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:lang"))
    assert lang.get(qn("w:bidi")) == "ar-SA"
    assert arabic.core_properties.language == "ar-SA"
    assert english.core_properties.language == "en-GB"


def test_report_rows_as_xlsx(lao):
    report, earlier = lao
    qs = Report.objects.filter(pk__in=[earlier.pk, report.pk]).order_by("year")
    content = tabular.xlsx_bytes(
        tabular.Sheet(tables.REPORTS, report_rows(qs), "reports"),
        tabular.Sheet(tables.FIGURES, line_rows(qs), "figures"),
    )
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["reports", "figures"]

    rows = tabular.read_xlsx(tables.REPORTS, content)
    assert [(r["report_id"], r["year"], r["submitted_on"].date()) for r in rows] == [
        (earlier.pk, 2023, SUBMITTED_2023),
        (report.pk, 2024, SUBMITTED_2024),
    ]
    latest = rows[1]
    assert latest["state"] == "LAO"
    assert latest["state_name"] == "Lao People's Democratic Republic"
    assert (latest["kind"], latest["version"], latest["status"]) == ("annual", 1, "submitted")
    assert latest["period_from"].date() == date(2024, 1, 1)
    assert latest["period_to"].date() == date(2024, 12, 31)
    answers = [latest[f"form_{f.value.lower()}"] for f in Form]
    assert answers == ["answered"] * 2 + ["nothing"] * 2 + ["unchanged"] + ["answered"] * 4 + [
        "not_answered"
    ]
    assert rows[0]["form_e"] == "nothing"

    figures = wb["figures"]
    header = [c.value for c in figures[1]]
    assert header == tables.FIGURES.headers()
    lines = tabular.read_xlsx(tables.FIGURES, content, sheet=1)
    given = sum(len(v) for v in FIGURES.values())
    assert len(lines) == 2 * given
    mine = [x for x in lines if x["report_id"] == report.pk]
    assert [(x["form"], x["figure"]) for x in mine] == [
        ("B", "destroyed"),
        ("B", "stockpile_declared"),
        ("F", "area_cleared"),
        ("F", "area_contaminated"),
        ("I", "assistance_received"),
    ]
    held = mine[1]
    assert (held["cluster_munitions"], held["submunitions"], held["area_m2"]) == (1234, 56789, None)
    assert mine[3]["area_m2"] == 1234567.5
    money = mine[4]
    assert (money["amount"], money["currency"], money["partner"]) == (1500000, "USD", "UNDP")
    # a label that looks like a formula stays text
    column = tables.FIGURES.keys.index("label") + 1
    label = figures.iter_cols(min_col=column, max_col=column)
    cell = next(c for c in next(label) if c.value == "=clearance")
    assert cell.data_type == "s" and cell.quotePrefix


def test_rows_as_csv(lao):
    report, _ = lao
    qs = Report.objects.filter(pk=report.pk)
    reports = tabular.read_csv(tables.REPORTS, tabular.csv_text(tables.REPORTS, report_rows(qs)))
    assert len(reports) == 1
    assert reports[0]["submitted_on"] == "2025-04-15"
    assert reports[0]["form_c"] == "nothing" and reports[0]["form_j"] == "not_answered"
    assert reports[0]["year"] == "2024"

    text = tabular.csv_text(tables.FIGURES, line_rows(qs))
    assert text.startswith("\ufeffReport ID,State,Kind,")
    lines = tabular.read_csv(tables.FIGURES, text)
    assert {x["report_id"] for x in lines} == {str(report.pk)}
    by_figure = {x["figure"]: x for x in lines}
    assert by_figure["area_contaminated"]["area_m2"] == "1234567.5"
    assert by_figure["area_contaminated"]["cluster_munitions"] == ""
    assert by_figure["assistance_received"]["amount"] == "1500000.00"
    assert by_figure["destroyed"]["submunitions"] == "9000"


def test_rows_do_not_query_per_report(lao, django_assert_max_num_queries):
    built = [*lao, *(build(iso3, 2024, on=SUBMITTED_2024) for iso3 in ("PER", "NOR", "FRA"))]
    one = Report.objects.filter(pk=built[2].pk)
    every = Report.objects.filter(pk__in=[r.pk for r in built])

    def queries(fn, qs) -> tuple[int, list]:
        with CaptureQueriesContext(connection) as ctx:
            rows = fn(qs)
        return len(ctx.captured_queries), rows

    for fn in (report_rows, line_rows):
        n_one, rows_one = queries(fn, one)
        n_every, rows_every = queries(fn, every)
        assert n_one == n_every
        assert {r["report_id"] for r in rows_every} == set(every.values_list("pk", flat=True))
        assert len(rows_every) > len(rows_one) > 0
    with django_assert_max_num_queries(2):
        assert len(report_rows(every)) == 5
    with django_assert_max_num_queries(3):
        assert len(line_rows(every)) == 5 * sum(len(v) for v in FIGURES.values())
    # the reports of the reference data (recorded without their content) as well
    with django_assert_max_num_queries(2):
        everything = report_rows(Report.objects.all())
    assert len(everything) == Report.objects.count() > 5


def test_docx_of_a_draft_with_text_pasted_from_a_pdf(reference_data):
    state = State.objects.get(iso3="LAO")
    draft = services.start_report(state, "annual", 2022, actor=None, today=TODAY)
    services.save_part(
        draft, Form.A, actor=None, answer="answered", text="Decree 12\x0cpage two\x01 end"
    )
    doc = Document(io.BytesIO(report_docx(draft)))
    header = dict(rows_of(doc.tables[0]))
    assert header["Status"] == "draft"
    assert header["Date of submission"] == "not submitted"
    assert header["Reporting period from"] == "—"
    assert header["National points of contact"] == "—"
    assert texts(sections(doc)[str(Form.A.label)])[1:] == ["Decree 12", "page two end"]
