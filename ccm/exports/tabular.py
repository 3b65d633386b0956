"""The one path for every CSV and XLSX the project writes (DESIGN habit 16).

A `Table` is a list of `Column`s: a key, a header to translate and a function that reads
the column's value from a row. The writers below are the only ones in the project (a
test fails on a `csv.writer` or an openpyxl `Workbook` anywhere else):

- headers are read when the file is written, in the active language;
- CSV starts with a UTF-8 byte order mark, so that Excel reads accents right (`bom=False`
  for a command writing to a terminal or a pipe, where a BOM is a stray character);
- a text cell a spreadsheet would run as a formula — starting with = + - @, a tab or a
  carriage return — is made inert. In CSV it is prefixed with an apostrophe, as
  spreadsheets themselves do (the file has no other way to say "text"). In XLSX it is
  stored as a text cell, never a formula, and marked with the `quotePrefix` style: that
  is what Excel stores when someone types an apostrophe first, so the cell shows its text
  unchanged and stays text when edited, and the value read back is the text itself, with
  no apostrophe added. Numbers, dates and booleans are never touched: -5 stored as a
  number is not a formula;
- XLSX sheets print on A4, landscape, fitted to the page width, with the header row
  repeated on every page and frozen on screen.

Values: None is an empty cell; dates are ISO dates in CSV and date cells in XLSX; lazy
translations are read in the active language; anything else is written as it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TextIO

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet reads as the start of a formula (OWASP, "CSV injection")."""

BOM = "\ufeff"
CSV = "csv"
XLSX = "xlsx"
FORMATS = (CSV, XLSX)
CONTENT_TYPES = {
    CSV: "text/csv; charset=utf-8",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    """One column: `key` names it in code, `header` (a lazy translation) in the file, and
    `value` reads it from a row (default: the row's `key` item, or attribute)."""

    key: str
    header: str | Promise
    value: Callable[[Any], Any] | None = None

    def of(self, row: Any) -> Any:
        if self.value is not None:
            return self.value(row)
        if isinstance(row, Mapping):
            return row.get(self.key)
        return getattr(row, self.key)


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]

    def __init__(self, *columns: Column) -> None:
        object.__setattr__(self, "columns", tuple(columns))

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]

    def headers(self) -> list[str]:
        """The column names in the active language."""
        return [str(c.header) for c in self.columns]

    def values(self, row: Any) -> list[Any]:
        return [c.of(row) for c in self.columns]


@dataclass(frozen=True)
class Sheet:
    """A table with its rows, and the title of its sheet in a workbook."""

    table: Table
    rows: Iterable[Any]
    title: str = "data"


def formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


# --- CSV ---------------------------------------------------------------------------------


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, date | datetime):
        return value.isoformat()
    if formula_like(value):
        return "'" + value
    return value


def write_csv(table: Table, rows: Iterable[Any], out: TextIO, *, bom: bool = True) -> None:
    """The header line, then one line per row, written to `out` (a text stream)."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out)
    writer.writerow([_csv_value(h) for h in table.headers()])
    writer.writerows([_csv_value(v) for v in table.values(row)] for row in rows)


def csv_text(table: Table, rows: Iterable[Any], *, bom: bool = True) -> str:
    out = io.StringIO()
    write_csv(table, rows, out, bom=bom)
    return out.getvalue()


# --- XLSX --------------------------------------------------------------------------------

_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _put(ws, row: int, col: int, value: Any):
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl would make "=…" a formula
        if formula_like(value):
            cell.quotePrefix = True
    elif isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    return cell


def _print_settings(ws) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.print_title_rows = "1:1"
    ws.freeze_panes = "A2"


def _add_sheet(wb: Workbook, sheet: Sheet) -> None:
    title = sheet.title.translate(_SHEET_TITLE_FORBIDDEN).strip("'")[:31] or "data"
    ws = wb.create_sheet(title=title)
    headers = sheet.table.headers()
    widths = [max(10, len(h) + 2) for h in headers]
    for col, header in enumerate(headers, start=1):
        _put(ws, 1, col, header).font = Font(bold=True)
    r = 1
    for r, row in enumerate(sheet.rows, start=2):
        for col, value in enumerate(sheet.table.values(row), start=1):
            _put(ws, r, col, value)
            shown = len(str(value)) if value is not None else 0
            widths[col - 1] = min(60, max(widths[col - 1], shown + 2))
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    if r > 1:
        ws.auto_filter.ref = ws.dimensions
    _print_settings(ws)


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """A workbook with one sheet per `Sheet`: a bold header row, then the rows."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet in sheets:
        _add_sheet(wb, sheet)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- downloads ---------------------------------------------------------------------------


def http_response(fmt: str, filename: str, *sheets: Sheet) -> HttpResponse:
    """A download of `sheets` as `fmt` ("csv": exactly one sheet; "xlsx": one or more),
    named `filename` + "." + fmt. The caller has checked `fmt` is one of FORMATS."""
    if fmt == CSV:
        [sheet] = sheets
        content: str | bytes = csv_text(sheet.table, sheet.rows)
    elif fmt == XLSX:
        content = xlsx_bytes(*sheets)
    else:
        raise ValueError(f"unknown tabular format {fmt!r}")
    return attachment(content, CONTENT_TYPES[fmt], f"{filename}.{fmt}")


def attachment(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    """A response the browser saves as `filename` (any download: CSV, XLSX, DOCX)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response


# --- reading back ------------------------------------------------------------------------


def read_csv(table: Table, content: str | bytes) -> list[dict[str, str]]:
    """Rows of a CSV this module wrote (with or without a BOM), keyed by column key; the
    headers must be `table`'s in the active language. Values are the text of the file."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip(BOM)
    reader = csv.reader(io.StringIO(text))
    headers = next(reader)
    keys = dict(zip(table.headers(), table.keys, strict=True))
    if headers != list(keys):
        raise ValueError(f"headers {headers} are not {list(keys)}")
    return [dict(zip(table.keys, row, strict=True)) for row in reader]


def read_xlsx(table: Table, content: bytes, sheet: int = 0) -> list[dict[str, Any]]:
    """Rows of a sheet of an XLSX this module wrote, keyed by column key (cell values)."""
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(content)).worksheets[sheet]
    values = ws.iter_rows(values_only=True)
    headers = list(next(values))
    if headers != table.headers():
        raise ValueError(f"headers {headers} are not {table.headers()}")
    return [dict(zip(table.keys, row, strict=True)) for row in values]
