"""obligations/obligations.csv: each State's Article 3 and 4 obligations, checked against
its acts and the treaty's rules, and written through ccm.obligations.services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from ccm.core.csvimport import Reader
from ccm.history.models import Via
from ccm.states import status as membership
from ccm.states.status import StateActs

from .. import deadlines as rules
from .. import services
from ..choices import Article, Basis, ObligationStatus
from ..models import Obligation
from .common import COLUMN_OF, Parsed, differs, integer, through_the_service

OBLIGATIONS = Path("obligations") / "obligations.csv"
OBLIGATION_COLUMNS = [
    "iso3",
    "state",
    "article",
    "basis",
    "status",
    "completed_on",
    "completed_on_precision",
    "completion_declared_on",
    "completion_declared_precision",
    "completion_declared_to",
    "verified",
    "notes",
    "sources",
]


def parse_obligations(
    reader: Reader,
    acts: dict[str, StateActs],
    meetings: dict[str, date | None],
    parsed: Parsed,
    *,
    acts_checked: bool,
) -> dict[tuple[str, int], rules.Obligation]:
    """obligations.csv: returns the facts of each (State, article) for the other files."""
    seen: dict[tuple[str, int], int] = {}
    facts: dict[tuple[str, int], rules.Obligation] = {}
    for line, row in reader.rows():
        iso3 = row["iso3"]
        article = integer(reader, line, row, "article", allowed=Article.values)
        if iso3 not in acts:
            reader.error(line, "iso3", _("unknown State “%(iso3)s”") % {"iso3": iso3})
        elif acts_checked and not acts[iso3].deposited_on:
            reader.error(
                line,
                "iso3",
                _(
                    "%(iso3)s has deposited no instrument: it has no "
                    "obligations under the Convention"
                )
                % {"iso3": iso3},
            )
        key = (iso3, article or 0)
        if key in seen:
            reader.error(
                line,
                "article",
                _("a second row for %(iso3)s, Article %(article)s (first on line %(first)s)")
                % {"iso3": iso3, "article": article, "first": seen[key]},
            )
        seen.setdefault(key, line)
        basis = reader.choice(line, row, "basis", Basis.values)
        status = reader.choice(line, row, "status", ObligationStatus.values)
        declared_to = row["completion_declared_to"]
        if declared_to and declared_to not in meetings:
            reader.error(
                line,
                "completion_declared_to",
                _("no meeting “%(code)s” in meetings.csv") % {"code": declared_to},
            )
        values = {
            "iso3": iso3,
            "article": article,
            "basis": basis,
            "status": status,
            "completed_on": reader.date(line, row, "completed_on"),
            "completed_precision": reader.precision(line, row, "completed_on_precision"),
            "completion_declared_on": reader.date(line, row, "completion_declared_on"),
            "completion_declared_precision": reader.precision(
                line, row, "completion_declared_precision"
            ),
            "declared_to": declared_to or None,
            "verified": reader.yes_no(line, row, "verified"),
            "notes": row["notes"],
            "source_url": row["sources"],
        }
        eif = (
            membership.entry_into_force_date(acts[iso3].deposited_on)
            if acts_checked and iso3 in acts and acts[iso3].deposited_on
            else None
        )
        for column, message in rules.check_obligation(
            article or 0,
            basis=basis,
            status=status,
            completed_on=values["completed_on"],
            completed_precision=values["completed_precision"],
            declared_on=values["completion_declared_on"],
            declared_precision=values["completion_declared_precision"],
            entry_into_force=eif,
        ):
            reader.error(line, COLUMN_OF.get(column, column), message)
        if declared_to and not values["completion_declared_on"]:
            reader.error(
                line, "completion_declared_on", _("a declaration to a meeting needs its date")
            )
        reader.check_fields(line, Obligation, values, COLUMN_OF)
        parsed.obligations.append(values)
        parsed.lines.setdefault((OBLIGATIONS, iso3, article), line)
        facts[key] = rules.Obligation(article or 0, basis, status, values["completed_on"])
    return facts


def save_obligations(rows: list[dict], lines: dict, edited: Callable[[object], bool]) -> None:
    """Create or correct through save_obligation each obligation its row changes."""
    held = {(o.state_id, o.article): o for o in Obligation.objects.all()}
    for row in rows:
        state, article = row["state"], row["article"]
        ob = held.get((state.pk, article))
        if ob is not None and (not differs(ob, row) or edited(ob)):
            continue  # already as the file says, or kept as people left it (sync counts it)
        facts = {k: v for k, v in row.items() if k not in ("state", "article")}
        through_the_service(
            OBLIGATIONS,
            lines.get((OBLIGATIONS, state.iso3, article), 0),
            lambda state=state, article=article, facts=facts: services.save_obligation(
                state, article, actor=None, via=Via.IMPORT, **facts
            ),
        )
