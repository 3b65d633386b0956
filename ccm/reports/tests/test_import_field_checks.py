"""The import of the published reporting observations (data/reporting/) runs each value
through its model field's own checks, as the editing pages do: a `javascript:` source was
imported, and is now refused by file, line and column."""

from __future__ import annotations

from datetime import date

import pytest

from ccm.core.csvimport import ReferenceDataInvalid
from ccm.reference.loader import load_all
from ccm.reference.tests.test_reload import changed_tables, every_table

TODAY = date(2026, 11, 23)


def replace_first_source(path, column: str) -> int:
    """Put a `javascript:` address in the first row that has a source; its line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    at = header.index(column)
    assert at == len(header) - 1  # the source is the last column
    for number, text in enumerate(lines[1:], start=2):
        cells = text.rstrip("\r\n").split(",")
        if len(cells) == len(header) and cells[at].startswith("http"):
            cells[at] = "javascript:alert(1)//"
            lines[number - 1] = ",".join(cells) + "\n"
            path.write_text("".join(lines), encoding="utf-8")
            return number
    raise AssertionError(f"no row with a source in {path}")


@pytest.mark.parametrize(
    ("file", "column"),
    [("initial_reports.csv", "sources"), ("overdue_lists.csv", "source")],
)
def test_the_reporting_import_refuses_a_javascript_source_with_its_line(
    reference_data, data_copy, file, column
):
    line = replace_first_source(data_copy / "reporting" / file, column)
    before = every_table()
    with pytest.raises(ReferenceDataInvalid) as exc:
        load_all(data_copy, today=TODAY)
    (error,) = exc.value.errors
    assert (error.file, error.line, error.column) == (file, line, column)
    assert "javascript" in error.message
    assert changed_tables(before, every_table()) == []
