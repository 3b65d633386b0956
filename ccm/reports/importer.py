"""Import of the published reporting observations (data/reporting/): initial reports known
to have been submitted, published lists of overdue initial reports, and published reporting
figures. Validated with every other reference file before anything is written, each value
also against its model field's own checks (sources, plausible dates, lengths).

Reports that a State submitted online or the ISU recorded are never touched: the import
syncs only reports whose channel is "published", and skips a file row for a State whose
initial report is already in the system through another channel.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from ccm.core.csvimport import Reader, RowError, sync
from ccm.obligations.importer import parse_figures, sync_figures
from ccm.states.models import State
from ccm.states.status import StateActs

from .choices import Channel, ReportKind, ReportStatus
from .models import PublishedOverdue, Report

INITIAL = Path("reporting") / "initial_reports.csv"
INITIAL_COLUMNS = [
    "iso3",
    "state",
    "initial_report_submitted_on",
    "precision",
    "verified",
    "notes",
    "sources",
]
OVERDUE = Path("reporting") / "overdue_lists.csv"
OVERDUE_COLUMNS = [
    "list_id",
    "list_as_of",
    "as_of_precision",
    "iso3",
    "state",
    "published_due_date",
    "notes",
    "source",
]
FIGURES = Path("reporting") / "aggregate_counts.csv"
# field → CSV column, where they differ (errors of the fields' own checks name the column)
INITIAL_FIELDS = {
    "submitted_on": "initial_report_submitted_on",
    "submitted_precision": "precision",
    "source_url": "sources",
}
OVERDUE_FIELDS = {
    "as_of": "list_as_of",
    "published_due": "published_due_date",
    "source_url": "source",
}


@dataclass
class Parsed:
    reports: list[dict] = field(default_factory=list)
    listings: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)


def parse(
    data_dir: Path, acts: dict[str, StateActs], *, today: date, errors: list[RowError]
) -> Parsed:
    parsed = Parsed()
    reader = Reader(
        data_dir / INITIAL,
        INITIAL_COLUMNS,
        errors,
        today,
        frozenset({"initial_report_submitted_on"}),
    )
    seen: dict[str, int] = {}
    for line, row in reader.rows():
        iso3 = row["iso3"]
        if iso3 not in acts:
            reader.error(line, "iso3", _("unknown State “%(iso3)s”") % {"iso3": iso3})
        reader.once_per_state(seen, iso3, line)
        submitted = reader.date(line, row, "initial_report_submitted_on")
        if submitted is None:
            reader.error(line, "initial_report_submitted_on", _("the submission date is empty"))
        values = {
            "iso3": iso3,
            "submitted_on": submitted,
            "submitted_precision": reader.precision(line, row, "precision"),
            "verified": reader.yes_no(line, row, "verified"),
            "notes": row["notes"],
            "source_url": row["sources"],
        }
        reader.check_fields(line, Report, values, INITIAL_FIELDS)
        parsed.reports.append(values)
    reader = Reader(data_dir / OVERDUE, OVERDUE_COLUMNS, errors, today, frozenset({"list_as_of"}))
    listed: dict[tuple[str, str], int] = {}
    for line, row in reader.rows():
        iso3, list_id = row["iso3"], row["list_id"]
        if iso3 not in acts:
            reader.error(line, "iso3", _("unknown State “%(iso3)s”") % {"iso3": iso3})
        if not list_id:
            reader.error(line, "list_id", _("the list is not named"))
        if (list_id, iso3) in listed:
            reader.error(
                line,
                "iso3",
                _("%(iso3)s is listed twice in %(list)s (first on line %(first)s)")
                % {"iso3": iso3, "list": list_id, "first": listed[(list_id, iso3)]},
            )
        listed.setdefault((list_id, iso3), line)
        values = {
            "list_id": list_id,
            "as_of": reader.date(line, row, "list_as_of"),
            "as_of_precision": reader.precision(line, row, "as_of_precision"),
            "iso3": iso3,
            "published_due": reader.date(line, row, "published_due_date"),
            "notes": row["notes"],
            "source_url": row["source"],
        }
        reader.check_fields(line, PublishedOverdue, values, OVERDUE_FIELDS)
        parsed.listings.append(values)
    parsed.figures = parse_figures(data_dir / FIGURES, errors, today, topic="reporting")
    return parsed


def apply(parsed: Parsed) -> dict[str, int]:
    """Write the parsed files (inside the caller's transaction and recorded action)."""
    states = State.objects.in_bulk(field_name="iso3")
    # A State whose initial report (its first version) came in through the system: the
    # published date does not replace it. An amendment of a published report does not count.
    elsewhere = set(
        Report.objects.filter(kind=ReportKind.INITIAL, version=1)
        .exclude(channel=Channel.PUBLISHED)
        .values_list("state__iso3", flat=True)
    )
    rows = [
        {
            **{k: v for k, v in row.items() if k != "iso3"},
            "state": states[row["iso3"]],
            "kind": ReportKind.INITIAL,
            "year": None,
            "version": 1,
            "status": ReportStatus.SUBMITTED,
            "channel": Channel.PUBLISHED,
        }
        for row in parsed.reports
        if row["iso3"] not in elsewhere
    ]
    sync(
        Report,
        ("state", "kind", "version"),
        rows,
        {"channel": Channel.PUBLISHED},
        file=INITIAL.as_posix(),
    )
    sync(
        PublishedOverdue,
        ("list_id", "state"),
        [
            {**{k: v for k, v in row.items() if k != "iso3"}, "state": states[row["iso3"]]}
            for row in parsed.listings
        ],
        file=OVERDUE.as_posix(),
        describe=lambda o: f"{o.list_id} {o.state.iso3}",
    )
    sync_figures(parsed.figures, FIGURES, topic="reporting")
    return {
        "reports_known_from_published_sources": len(rows),
        "published_overdue_listings": len(parsed.listings),
        "published_reporting_figures": len(parsed.figures),
    }
