"""Issue 11, "rules outside the rules modules" (exports/membership_table.py): where a withdrawn
State stands in the three-column status table meeting papers print was decided in the export
(and a second time in its column headings); it is now one rule, status.table_column (Art. 20),
which the table follows."""

from __future__ import annotations

from datetime import date

from ccm.exports import membership_table
from ccm.states import status as rules
from ccm.states.choices import Status


def test_a_withdrawn_state_stands_among_the_states_not_party():
    assert rules.TABLE_COLUMNS == (Status.STATE_PARTY, Status.SIGNATORY, Status.NOT_PARTY)
    assert rules.table_column(Status.WITHDRAWN) is Status.NOT_PARTY
    for status in rules.TABLE_COLUMNS:
        assert rules.table_column(status) is status


def test_printed_table_follows_the_rule_with_counts_from_its_columns(reference_data):
    table = membership_table.build(date(2026, 1, 1), "ccm-region")
    for group in table.groups:
        totals = group.totals
        assert [len(c) for c in group.columns] == [
            totals["states_parties"],
            totals["signatories"],
            totals["not_party"] + totals["withdrawn"],
        ]
    cells = {c.iso3: (i, c) for g in table.groups for i, col in enumerate(g.columns) for c in col}
    column, lithuania = cells["LTU"]
    assert column == rules.TABLE_COLUMNS.index(Status.NOT_PARTY)
    assert lithuania.note == "withdrew, effective 6 March 2025"
    all_states = membership_table.build(date(2026, 1, 1))
    (only,) = all_states.groups
    assert "LTU" in {c.iso3 for c in only.not_party}
    assert membership_table._label(only, 2).endswith(f"({len(only.not_party)})")
