"""The import of states.csv and ccm_participation.csv runs each value through its model
field's own checks, as the editing pages do (sources, plausible dates, lengths): a
`javascript:` source was imported, and is now refused by file, line and column."""

from __future__ import annotations

from datetime import date

import pytest

from ccm.core.csvimport import ReferenceDataInvalid
from ccm.reference.loader import load_all
from ccm.reference.tests.test_reload import changed_tables, every_table

TODAY = date(2026, 11, 23)
AFGHANISTAN_SOURCE = (
    "http://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XXVI/XXVI-6.en.xml"
)


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_participation_import_refuses_a_javascript_source_with_its_line(
    reference_data, data_copy
):
    edit(data_copy / "ccm_participation.csv", AFGHANISTAN_SOURCE, "javascript:alert(1)//")
    before = every_table()
    with pytest.raises(ReferenceDataInvalid) as exc:
        load_all(data_copy, today=TODAY)
    (error,) = exc.value.errors
    assert (error.file, error.line, error.column) == ("ccm_participation.csv", 2, "source")
    assert "javascript" in error.message
    assert changed_tables(before, every_table()) == []


def test_a_state_name_too_long_for_its_column_is_refused_by_line(reference_data, data_copy):
    edit(data_copy / "states.csv", "AFG,Afghanistan,", "AFG," + "A" * 101 + ",")
    with pytest.raises(ReferenceDataInvalid) as exc:
        load_all(data_copy, today=TODAY)
    (error,) = exc.value.errors
    assert (error.file, error.line, error.column) == ("states.csv", 2, "name")


def test_a_withdrawal_taking_effect_centuries_ahead_is_refused_by_line(reference_data, data_copy):
    """Art. 20: a withdrawal takes effect six months after notice; a mistyped year (2205) was
    accepted since only the dates that have happened were bounded."""
    edit(
        data_copy / "ccm_participation.csv",
        "AFG,2008-12-03,ratification,2011-09-08,,,",
        "AFG,2008-12-03,ratification,2011-09-08,2025-01-10,2205-07-10,",
    )
    with pytest.raises(ReferenceDataInvalid) as exc:
        load_all(data_copy, today=TODAY)
    assert ("ccm_participation.csv", 2, "withdrawal_effective") in [
        (e.file, e.line, e.column) for e in exc.value.errors
    ]
