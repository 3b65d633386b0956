"""The regional status table that meeting papers print, as data, as rows for the CSV and
XLSX downloads (ccm.exports.tables.MEMBERSHIP) and as DOCX.

For each group (or for all States): three columns — States Parties,
Signatories, States not party — as of a date. A State whose withdrawal has
taken effect is listed among the States not party, marked as withdrawn.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Pt

from ccm.states import membership
from ccm.states import status as rules


@dataclass
class Cell:
    iso3: str
    name: str
    note: str = ""

    def __str__(self) -> str:
        return f"{self.name} ({self.note})" if self.note else self.name


@dataclass
class GroupTable:
    code: str
    name: str
    totals: dict[str, int]
    parties: list[Cell] = field(default_factory=list)
    signatories: list[Cell] = field(default_factory=list)
    not_party: list[Cell] = field(default_factory=list)

    @property
    def columns(self) -> list[list[Cell]]:
        return [self.parties, self.signatories, self.not_party]

    @property
    def depth(self) -> int:
        return max(len(c) for c in self.columns)


@dataclass
class MembershipTable:
    as_of: date
    grouping: dict | None
    totals: dict[str, int]
    groups: list[GroupTable]

    @staticmethod
    def headers() -> list[str]:
        return [_("States Parties"), _("Signatories"), _("States not party")]

    @property
    def title(self) -> str:
        return _("Status of the Convention on Cluster Munitions as of %(date)s") % {
            "date": date_format(self.as_of, "DATE_FORMAT")
        }


def build(on: date, grouping_code: str | None = None) -> MembershipTable:
    """The table on `on`, per group of `grouping_code` or for all States (3–5 queries)."""
    data = membership.summary(on, grouping_code)
    states = {s.iso3: s for s in membership.all_states(names=True)}

    def cell(iso3: str, status: rules.Status) -> Cell:
        s = states[iso3]
        note = ""
        if status is rules.Status.WITHDRAWN:
            wd = rules.withdrawal_effective(s.acts())
            assert wd is not None
            note = _("withdrew, effective %(date)s") % {
                "date": date_format(wd.value, "DATE_FORMAT")
            }
        return Cell(iso3, s.localized_name(), note)

    def table(code: str, name: str, totals: dict[str, int], lists: dict[str, list[str]]):
        columns: dict[rules.Status, list[Cell]] = {c: [] for c in rules.TABLE_COLUMNS}
        for status, key in membership.STATUS_KEYS.items():
            columns[rules.table_column(status)].extend(cell(i, status) for i in lists[key])
        for col in columns.values():
            col.sort(key=lambda c: c.name)
        parties, signatories, not_party = (columns[c] for c in rules.TABLE_COLUMNS)
        return GroupTable(code, name, totals, parties, signatories, not_party)

    if "groups" in data:
        groups = [table(g["code"], g["name"], g["totals"], g["states"]) for g in data["groups"]]
    else:
        lists: dict[str, list[str]] = {k: [] for k in membership.STATUS_KEYS.values()}
        for iso3, s in states.items():
            lists[membership.STATUS_KEYS[rules.classify(s.acts(), on)[0]]].append(iso3)
        groups = [table("all", _("All States"), data["totals"], lists)]
    return MembershipTable(on, data.get("grouping"), data["totals"], groups)


def _label(t: GroupTable, i: int) -> str:
    """A column's heading with the number of States in it."""
    return f"{MembershipTable.headers()[i]} ({len(t.columns[i])})"


def rows(table: MembershipTable) -> list[dict]:
    """One row per State for the table ccm.exports.tables.MEMBERSHIP: the date, the group,
    the column the State stands in, its ISO3 code, name and note."""
    return [
        {
            "as_of": table.as_of,
            "group_code": t.code,
            "group": t.name,
            "column": header,
            "iso3": c.iso3,
            "state": c.name,
            "note": c.note,
        }
        for t in table.groups
        for header, col in zip(MembershipTable.headers(), t.columns, strict=True)
        for c in col
    ]


def to_docx(table: MembershipTable) -> bytes:
    """A Word document: a heading, then per group a three-column table as meeting papers print."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    doc.add_heading(table.title, level=1)
    for t in table.groups:
        if len(table.groups) > 1:
            doc.add_heading(t.name, level=2)
        grid = doc.add_table(rows=1, cols=3)
        grid.style = "Table Grid"
        for i, cell in enumerate(grid.rows[0].cells):
            cell.text = _label(t, i)
            for run in cell.paragraphs[0].runs:
                run.bold = True
        body = grid.add_row().cells
        for i, col in enumerate(t.columns):
            body[i].text = "\n".join(str(c) for c in col) or "—"
            for p in body[i].paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
