"""obligations/stockpile_records.csv: the dated quantities of a State's Article 3 record,
each under an Article 3 row of obligations.csv, written through ccm.obligations.services."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from ccm.core.csvimport import Reader
from ccm.history.models import Via

from .. import deadlines as rules
from .. import services
from ..choices import Article, Qualifier, StockpileRecordKind
from ..models import Obligation, StockpileRecord
from .common import COLUMN_OF, Parsed, differs, integer, through_the_service

RECORDS = Path("obligations") / "stockpile_records.csv"
RECORD_COLUMNS = [
    "iso3",
    "state",
    "kind",
    "on",
    "on_precision",
    "cluster_munitions",
    "submunitions",
    "qualifier",
    "destroyed_on",
    "destroyed_precision",
    "verified",
    "notes",
    "sources",
]


def parse_records(
    reader: Reader, facts: dict[tuple[str, int], rules.Obligation], parsed: Parsed
) -> None:
    """stockpile_records.csv: each record belongs to an Article 3 row of obligations.csv."""
    record_keys: dict[tuple, int] = {}
    for line, row in reader.rows():
        iso3 = row["iso3"]
        if (iso3, Article.STOCKPILES) not in facts:
            reader.error(
                line,
                "iso3",
                _("no Article 3 row in obligations.csv for %(iso3)s") % {"iso3": iso3},
            )
        values = {
            "iso3": iso3,
            "kind": reader.choice(line, row, "kind", StockpileRecordKind.values),
            "on": reader.date(line, row, "on"),
            "on_precision": reader.precision(line, row, "on_precision"),
            "cluster_munitions": integer(reader, line, row, "cluster_munitions"),
            "submunitions": integer(reader, line, row, "submunitions"),
            "qualifier": reader.choice(line, row, "qualifier", Qualifier.values),
            "destroyed_on": reader.date(line, row, "destroyed_on"),
            "destroyed_precision": reader.precision(line, row, "destroyed_precision"),
            "verified": reader.yes_no(line, row, "verified"),
            "notes": row["notes"],
            "source_url": row["sources"],
        }
        for column, message in rules.check_stockpile_record(
            Article.STOCKPILES,
            kind=values["kind"],
            on=values["on"],
            on_precision=values["on_precision"],
            destroyed_on=values["destroyed_on"],
            destroyed_precision=values["destroyed_precision"],
            quantities=(values["cluster_munitions"], values["submunitions"]),
        ):
            reader.error(line, column, message)
        key = (iso3, values["kind"], values["on"])
        if key in record_keys:
            reader.error(
                line,
                "on",
                _("a second %(kind)s record for %(iso3)s on this date (first on line %(first)s)")
                % {"kind": values["kind"], "iso3": iso3, "first": record_keys[key]},
            )
        record_keys.setdefault(key, line)
        reader.check_fields(line, StockpileRecord, values, COLUMN_OF)
        parsed.records.append(values)
        parsed.lines.setdefault((RECORDS, iso3, values["kind"], values["on"]), line)


def save_records(
    ob: Obligation, rows: list[dict], lines: dict, edited: Callable[[object], bool]
) -> None:
    """Create or correct through save_stockpile_record each record its row changes. A row
    takes the record of its kind and date that holds its values, else the oldest one (as
    `sync` matches them)."""
    held: dict[tuple, list[StockpileRecord]] = {}
    for record in StockpileRecord.objects.filter(obligation=ob).order_by("pk"):
        held.setdefault((record.kind, record.on), []).append(record)
    for row in rows:
        group = held.get((row["kind"], row["on"]), [])
        if any(not differs(record, row) for record in group):
            continue  # already as the file says
        record = group[0] if group else None
        if record is not None and edited(record):
            continue  # kept as people left it (sync counts it)
        values = {k: v for k, v in row.items() if k != "obligation"}
        through_the_service(
            RECORDS,
            lines.get((RECORDS, ob.state.iso3, row["kind"], row["on"]), 0),
            lambda record=record, values=values: services.save_stockpile_record(
                ob, record=record, actor=None, via=Via.IMPORT, **values
            ),
        )
