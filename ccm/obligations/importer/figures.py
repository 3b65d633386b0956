"""An aggregate_counts.csv (obligations/ here, reports/ for the reports app): counts a
publication gives, kept to compare with the computed ones."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from ccm.core.csvimport import Reader, RowError, sync

from ..choices import Qualifier
from ..models import PublishedFigure

FIGURES = Path("obligations") / "aggregate_counts.csv"
FIGURE_COLUMNS = [
    "as_of",
    "as_of_precision",
    "measure",
    "value",
    "value_qualifier",
    "verified",
    "notes",
    "source",
]


def sync_figures(figures: list[dict], path: Path, *, topic: str) -> None:
    """Published counts of one topic, matched on date, measure and value (two undated pages
    may publish the same count: both are kept, each with its own source)."""
    sync(
        PublishedFigure,
        ("as_of", "measure", "value"),
        figures,
        {"topic": topic},
        file=path.as_posix(),
        describe=lambda f: f"{f.measure} = {f.value} ({f.as_of or _('undated')})",
    )


def parse_figures(path: Path, errors: list[RowError], today: date, *, topic: str) -> list[dict]:
    """Published counts (an aggregate_counts.csv), kept to compare with the computed ones."""
    figures: list[dict] = []
    reader = Reader(path, FIGURE_COLUMNS, errors, today, frozenset({"as_of"}))
    for line, row in reader.rows():
        try:
            value = Decimal(row["value"])
        except InvalidOperation:
            reader.error(line, "value", _("“%(value)s” is not a number") % {"value": row["value"]})
            value = Decimal(0)
        if not row["measure"]:
            reader.error(line, "measure", _("the measure is empty"))
        values = {
            "as_of": reader.date(line, row, "as_of"),
            "as_of_precision": reader.precision(line, row, "as_of_precision"),
            "measure": row["measure"],
            "value": value,
            "value_qualifier": reader.choice(line, row, "value_qualifier", Qualifier.values),
            "verified": reader.yes_no(line, row, "verified"),
            "notes": row["notes"],
            "source_url": row["source"],
            "topic": topic,
        }
        figures.append(values)
        reader.check_fields(line, PublishedFigure, values, {"source_url": "source"})
    return figures
