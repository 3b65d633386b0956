"""The one tabular path (DESIGN habit 16): every CSV and XLSX goes through
ccm.exports.tabular, which names columns in the reader's language, starts CSV with a
UTF-8 BOM, makes formula-like text inert and prints XLSX on A4 landscape."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import ccm
from ccm.exports import tables, tabular
from ccm.states.models import Instrument, State

TABLE = tabular.Table(
    tabular.Column("text", "text"),
    tabular.Column("number", "number"),
)

# Text as people type it: no control characters (XLSX cannot hold most of them), other
# than the tab and carriage return a formula may start with.
PLAIN = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=30)
FORMULA_LIKE = st.builds(lambda first, rest: first + rest, st.sampled_from("=+-@\t\r"), PLAIN)
NOT_FORMULA_LIKE = PLAIN.filter(lambda s: not s.startswith(tabular.FORMULA_START))
QUICK = hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _csv_cells(text: str) -> list[str]:
    assert text.startswith("\ufeff")
    header, row = list(csv.reader(io.StringIO(text[1:])))
    assert header == ["text", "number"]
    return row


def _xlsx_cells(content: bytes):
    ws = load_workbook(io.BytesIO(content)).active
    return ws["A2"], ws["B2"]


@QUICK
@given(FORMULA_LIKE, st.integers(min_value=-(10**12), max_value=10**12))
def test_formula_like_text_is_inert_in_csv_and_xlsx(text, number):
    row = {"text": text, "number": number}
    cells = _csv_cells(tabular.csv_text(TABLE, [row]))
    assert cells[0] == "'" + text  # what a spreadsheet shows as text
    assert cells[1] == str(number)  # a negative number stays a number: it is not a formula
    text_cell, number_cell = _xlsx_cells(tabular.xlsx_bytes(tabular.Sheet(TABLE, [row])))
    assert text_cell.data_type == "s" and text_cell.quotePrefix  # text, never a formula
    assert text_cell.value.replace("\r\n", "\n") == text.replace("\r\n", "\n") or (
        text_cell.value.replace("\r", "\n") == text.replace("\r", "\n")
    )
    assert number_cell.data_type == "n" and number_cell.value == number


# Spreadsheets hold numbers as doubles: integers beyond 15 digits do not survive any XLSX.
NUMBERS = st.integers(min_value=-(10**15), max_value=10**15)


@QUICK
@given(NOT_FORMULA_LIKE, st.one_of(st.none(), NUMBERS, st.dates(), st.booleans()))
def test_other_values_round_trip(text, value):
    table = tabular.Table(tabular.Column("text", "text"), tabular.Column("value", "value"))
    row = {"text": text, "value": value}
    [back] = tabular.read_csv(table, tabular.csv_text(table, [row]))
    assert back["text"] == text
    expected = "" if value is None else value.isoformat() if isinstance(value, date) else value
    assert back["value"] == str(expected)
    [cells] = tabular.read_xlsx(table, tabular.xlsx_bytes(tabular.Sheet(table, [row])))
    assert (cells["text"] or "") == text
    ws = load_workbook(io.BytesIO(tabular.xlsx_bytes(tabular.Sheet(table, [row])))).active
    assert not ws["A2"].quotePrefix
    if isinstance(value, date):
        assert cells["value"].date() == value
    else:
        assert cells["value"] == value


# --- every download ----------------------------------------------------------------------

DOWNLOADS = [
    ("/deadlines/?as_of=2026-11-23&state=LAO", tables.DEADLINES),
    ("/membership/?as_of=2022-08-01&grouping=ccm-region", tables.MEMBERSHIP),
    ("/reports/?state=LAO", tables.REPORTS),
    ("/reports/?state=LAO&table=figures", tables.FIGURES),
    ("/reports/status/?year=2015&as_of=2016-06-01", tables.REPORTING_STATUS),
    ("/reports/overdue/?as_of=2015-06-18", tables.OVERDUE),
]


@pytest.mark.parametrize(("url", "table"), DOWNLOADS, ids=[u for u, _t in DOWNLOADS])
def test_every_download_is_a_bom_csv_and_an_a4_landscape_xlsx_in_french(
    reference_data, client, url, table
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    with translation.override("fr"):
        french = table.headers()
    assert "État" in french  # every table names the State; the labels are translated

    r = client.get(f"{url}&format=csv")
    assert r.status_code == 200 and r["Content-Type"] == "text/csv; charset=utf-8"
    assert re.search(r'attachment; filename="ccm-[\w.-]+\.csv"', r["Content-Disposition"])
    assert r.content.startswith(b"\xef\xbb\xbf")  # the UTF-8 BOM Excel needs for accents
    header = next(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert header == french

    if "table=figures" in url:
        return  # the figures are the second sheet of the reports' workbook
    r = client.get(f"{url}&format=xlsx")
    assert r.status_code == 200 and r["Content-Type"] == tabular.CONTENT_TYPES["xlsx"]
    assert re.search(r'attachment; filename="ccm-[\w.-]+\.xlsx"', r["Content-Disposition"])
    book = load_workbook(io.BytesIO(r.content))
    for ws in book.worksheets:
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"  # A4 in OOXML
        assert ws.page_setup.orientation == ws.ORIENTATION_LANDSCAPE
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
        assert ws.print_title_rows == "$1:$1"  # the header row on every printed page
        assert ws.freeze_panes == "A2"
    assert [c.value for c in book.worksheets[0][1]] == french


def test_commands_write_csv_without_a_bom(reference_data):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("deadlines", as_of="2026-11-23", state="LAO", format="csv", stdout=out)
    assert out.getvalue().startswith(",".join(tables.DEADLINES.headers()) + "\r\n")
    out = io.StringIO()
    call_command("membership", as_of="2022-08-01", format="csv", stdout=out)
    assert out.getvalue().startswith("As of,Group,States Parties,")


def test_no_csv_or_xlsx_writer_outside_the_tabular_module():
    """A new download must go through ccm.exports.tabular, not a writer of its own."""
    root = Path(ccm.__file__).parent
    writer = re.compile(r"csv\.writer|DictWriter|\bWorkbook\(|^\s*(from|import) openpyxl", re.M)
    found = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "conftest.py"
        and path != root / "exports" / "tabular.py"
        and writer.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


# --- the finding -------------------------------------------------------------------------


def test_deadline_downloads_neutralise_formula_like_cells(reference_data, client):
    """Issue 11: the deadline downloads wrote what the database held as it was, so a State
    code stored as "=A1" ran as a formula in a spreadsheet. Read with csv and openpyxl
    alone, as a spreadsheet would."""
    state = State.objects.create(iso3="=A1", name="Formula")
    Instrument.objects.create(state=state, kind="ratification", deposited_on=date(2020, 1, 15))
    params = {"as_of": "2026-11-23", "article": "7"}

    r = client.get("/deadlines/", {**params, "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert "'=A1" in cells and "=A1" not in cells

    r = client.get("/deadlines/", {**params, "format": "xlsx"})
    ws = load_workbook(io.BytesIO(r.content)).active
    mine = [c for row in ws.iter_rows() for c in row if c.value == "=A1"]
    assert mine and all(c.data_type == "s" and c.quotePrefix for c in mine)
    assert not [c for row in ws.iter_rows() for c in row if c.data_type == "f"]
