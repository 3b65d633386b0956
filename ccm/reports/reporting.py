"""Reporting status and rates for a year and a date, the overdue list, and the published
observations beside what the system computes — one computation feeding the pages, the API
and the downloads, so they agree by construction (≤ 6 queries)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from ccm.obligations.deadlines import Deadline, DeadlineKind, initial_report_due
from ccm.obligations.models import PublishedFigure
from ccm.obligations.querysets import deadlines_on, report_submissions
from ccm.states.membership import all_acts
from ccm.states.models import State

from . import rules
from .choices import ReportingStatus
from .models import PublishedOverdue


@dataclass
class Cell:
    due: date | None
    status: ReportingStatus
    submitted_on: date | None
    explanation: str

    @classmethod
    def of(cls, d: Deadline | None) -> Cell | None:
        if d is None:
            return None
        return cls(d.due, rules.reporting_status(d), d.met_on, str(d.explanation))


@dataclass
class Row:
    iso3: str
    name: str
    initial: Cell | None
    annual: Cell | None


@dataclass
class StatusTable:
    year: int
    on: date
    rows: list[Row]
    initial: rules.Rate
    initial_year: rules.Rate
    annual: rules.Rate


def status_table(year: int, on: date, *, iso3: str | None = None) -> StatusTable:
    """Every State Party on `on`: its initial report and its annual report covering `year`,
    each on time, late, missing or not yet due; and the rates progress reports print."""
    items = deadlines_on(on, article=7, iso3=iso3)
    names = dict(_states(iso3).values_list("iso3", "name"))
    initial = {d.iso3: d for d in items if d.kind == DeadlineKind.INITIAL_REPORT}
    annual = {d.iso3: d for d in items if d.kind == DeadlineKind.ANNUAL_REPORT and d.year == year}
    rows = [
        Row(code, names.get(code, code), Cell.of(initial.get(code)), Cell.of(annual.get(code)))
        for code in sorted(initial, key=lambda c: names.get(c, c))
    ]
    return StatusTable(
        year=year,
        on=on,
        rows=rows,
        initial=rules.initial_rate(items),
        initial_year=rules.initial_rate(items, year),
        annual=rules.annual_rate(items, year),
    )


def status_rows(table: StatusTable) -> list[dict]:
    """The table as flat rows (CSV, XLSX, API)."""

    def cell(prefix: str, c: Cell | None) -> dict:
        return {
            f"{prefix}_due": c.due.isoformat() if c and c.due else "",
            f"{prefix}_status": c.status.value if c else "",
            f"{prefix}_submitted_on": c.submitted_on.isoformat() if c and c.submitted_on else "",
        }

    return [
        {
            "state": r.iso3,
            "name": r.name,
            **cell("initial", r.initial),
            "year": table.year,
            **cell("annual", r.annual),
        }
        for r in table.rows
    ]


STATUS_FIELDS = [
    "state",
    "name",
    "initial_due",
    "initial_status",
    "initial_submitted_on",
    "year",
    "annual_due",
    "annual_status",
    "annual_submitted_on",
]


@dataclass
class Overdue:
    iso3: str
    name: str
    kind: str
    year: int | None
    due: date
    days_overdue: int
    explanation: object  # a lazy text: built only for the rows shown or downloaded

    def as_row(self) -> dict:
        return {
            "state": self.iso3,
            "name": self.name,
            "report": self.kind,
            "year": self.year or "",
            "due": self.due.isoformat(),
            "days_overdue": self.days_overdue,
            "explanation": str(self.explanation),
        }


OVERDUE_FIELDS = ["state", "name", "report", "year", "due", "days_overdue", "explanation"]


def _states(iso3: str | None):
    """The States whose names a table needs: one, or all."""
    return State.objects.filter(iso3=iso3) if iso3 else State.objects.all()


def overdue_reports(on: date, *, iso3: str | None = None, kind: str | None = None) -> list[Overdue]:
    """Reports past due on `on` with no submission recorded, oldest first."""
    names = dict(_states(iso3).values_list("iso3", "name"))
    out = [
        Overdue(
            d.iso3,
            names.get(d.iso3, d.iso3),
            d.kind.value,
            d.year,
            d.due,
            rules.days_overdue(d),
            d.explanation,
        )
        for d in rules.missing_reports(deadlines_on(on, article=7, iso3=iso3), kind or None)
        if d.due is not None
    ]
    out.sort(key=lambda o: (o.due, o.name))
    return out


# --- published observations -------------------------------------------------------------


@dataclass
class ListingCheck:
    listing: PublishedOverdue
    computed_due: date | None
    submitted_on: date | None
    agrees: bool
    why: str


class ManyDates:
    """Article 7 deadlines on several dates, reading the acts and submissions once."""

    def __init__(self):
        self.acts, self.submissions, self.cache = all_acts(), report_submissions(), {}

    def on(self, when: date) -> list[Deadline]:
        if when not in self.cache:
            self.cache[when] = deadlines_on(
                when, article=7, acts=self.acts, submissions=self.submissions
            )
        return self.cache[when]


def check_listings(dates: ManyDates | None = None) -> list[ListingCheck]:
    """Each State named in a published overdue list: the due date the system computes (180
    days after entry into force) against the printed one, and whether the system also has
    the report missing on the list's date."""
    dates = dates or ManyDates()
    acts = dates.acts
    listings = list(PublishedOverdue.objects.select_related("state"))
    firsts = {}
    for on in {x.as_of for x in listings if x.as_of}:
        firsts[on] = {d.iso3: d for d in dates.on(on) if d.kind == DeadlineKind.INITIAL_REPORT}
    out = []
    for x in listings:
        a = acts.get(x.state.iso3)
        due = initial_report_due(a.deposited_on) if a and a.deposited_on else None
        notes = []
        agrees = True
        if x.published_due and due and x.published_due != due:
            agrees = False
            notes.append(
                _("Printed due date %(printed)s; 180 days after entry into force is %(computed)s.")
                % {"printed": x.published_due.isoformat(), "computed": due.isoformat()}
            )
        d = firsts[x.as_of].get(x.state.iso3) if x.as_of else None
        submitted = d.met_on if d else None
        if x.as_of is None:
            notes.append(_("The list is undated: its status cannot be computed for a date."))
        elif d is None:
            agrees = False
            notes.append(_("Not a State Party with an initial report due on the list's date."))
        elif submitted:
            agrees = False
            notes.append(
                _(
                    "Listed as overdue, but the system records the initial report as submitted on %(on)s."
                )
                % {"on": submitted.isoformat()}
            )
        elif rules.reporting_status(d) is ReportingStatus.NOT_YET_DUE:
            agrees = False
            notes.append(_("Not yet due on the list's date by the system's computation."))
        out.append(ListingCheck(x, due, submitted, agrees, " ".join(notes) or _("Agrees.")))
    return out


COHORT = re.compile(r"sp_initial_report_overdue_due_(\d{4})")
COUNTED = {
    "sp_initial_report_submitted": "submitted",
    "sp_initial_report_overdue": "missing",
    "pct_due_initial_reports_submitted": "submitted_pct",
}


@dataclass
class FigureCheck:
    figure: PublishedFigure
    computed: Decimal | None
    difference: Decimal | None
    why: str


def check_figures(dates: ManyDates | None = None) -> list[FigureCheck]:
    """Published reporting figures against the rates computed on the same date."""
    out = []
    dates = dates or ManyDates()
    for fig in PublishedFigure.objects.filter(topic="reporting"):
        computed = None
        cohort = COHORT.fullmatch(fig.measure)
        if fig.as_of is None:
            why = _("The published page is undated: no date to compute for.")
        elif fig.measure in COUNTED or cohort:
            items = dates.on(fig.as_of)
            if cohort:  # initial reports that fell due in one year, still missing
                value = rules.initial_rate(items, int(cohort[1])).missing
            else:
                value = getattr(rules.initial_rate(items), COUNTED[fig.measure])
            computed = None if value is None else Decimal(str(value))
            why = ""
        else:
            why = _(
                "Not computed: the figure needs data the system does not hold yet (annual reports before it, or per-cohort counts)."
            )
        difference = None if computed is None else computed - fig.value
        if difference is not None:
            if difference == 0:
                why = _("Agrees.")
            else:
                why = _(
                    "Differs: before reports are submitted in the system, it knows the initial "
                    "report dates of only the States in data/reporting/initial_reports.csv, so "
                    "it counts the others as missing."
                )
        out.append(FigureCheck(fig, computed, difference, why))
    return out
