"""obligations/extension_requests.csv: the requests to extend an Article 3 or 4 deadline,
numbered per obligation and within the treaty's limits counted from the deadline each
extends; written as the published record holds them, with typed events."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from ccm.core.csvimport import Reader
from ccm.history.models import Via
from ccm.states.status import StateActs

from .. import deadlines as rules
from .. import services
from ..choices import Article, Decision, EventKind
from ..models import ExtensionRequest
from .common import COLUMN_OF, Parsed, integer

REQUESTS = Path("obligations") / "extension_requests.csv"
REQUEST_COLUMNS = [
    "iso3",
    "state",
    "article",
    "sequence",
    "submitted_on",
    "submitted_precision",
    "requested_deadline",
    "requested_deadline_precision",
    "decided_at",
    "decision",
    "granted_deadline",
    "granted_deadline_precision",
    "verified",
    "notes",
    "sources",
]


def parse_requests(
    reader: Reader,
    meetings: dict[str, date | None],
    facts: dict[tuple[str, int], rules.Obligation],
    parsed: Parsed,
) -> dict[tuple[str, int], list[tuple[int, rules.Extension]]]:
    """extension_requests.csv: returns each obligation's requests with their lines."""
    by_obligation: dict[tuple[str, int], list[tuple[int, rules.Extension]]] = {}
    for line, row in reader.rows():
        key = (row["iso3"], integer(reader, line, row, "article", allowed=Article.values) or 0)
        if key not in facts:
            reader.error(
                line,
                "iso3",
                _("no row in obligations.csv for %(iso3)s, Article %(article)s")
                % {"iso3": key[0], "article": row["article"]},
            )
        meeting = row["decided_at"]
        if meeting and meeting not in meetings:
            reader.error(
                line, "decided_at", _("no meeting “%(code)s” in meetings.csv") % {"code": meeting}
            )
        decision = reader.choice(line, row, "decision", Decision.values)
        sequence = integer(reader, line, row, "sequence")
        if sequence is None:
            reader.error(line, "sequence", _("the sequence is empty"))
        ext = rules.Extension(
            sequence=sequence or 0,
            submitted_on=reader.date(line, row, "submitted_on"),
            requested_deadline=reader.date(line, row, "requested_deadline"),
            meeting=meeting or None,
            decided_on=meetings.get(meeting),
            decision=rules.Decision(decision)
            if decision in Decision.values
            else rules.Decision.UNKNOWN,
            granted_deadline=reader.date(line, row, "granted_deadline"),
        )
        by_obligation.setdefault(key, []).append((line, ext))
        values = {
            "iso3": key[0],
            "article": key[1],
            "sequence": sequence,
            "submitted_on": ext.submitted_on,
            "submitted_precision": reader.precision(line, row, "submitted_precision"),
            "requested_deadline": ext.requested_deadline,
            "requested_deadline_precision": reader.precision(
                line, row, "requested_deadline_precision"
            ),
            "decided_at": meeting or None,
            "decision": decision,
            "granted_deadline": ext.granted_deadline,
            "granted_deadline_precision": reader.precision(line, row, "granted_deadline_precision"),
            "verified": reader.yes_no(line, row, "verified"),
            "notes": row["notes"],
            "source_url": row["sources"],
        }
        parsed.requests.append(values)
        reader.check_fields(line, ExtensionRequest, values, COLUMN_OF)
    return by_obligation


def check_request_limits(
    reader: Reader,
    by_obligation: dict[tuple[str, int], list[tuple[int, rules.Extension]]],
    facts: dict[tuple[str, int], rules.Obligation],
    acts: dict[str, StateActs],
    *,
    acts_checked: bool,
) -> None:
    """The requests of an obligation are numbered 1, 2, 3…; each respects the treaty's
    limits counted from the deadline it extends (when the States' acts could be read)."""
    for key, items in by_obligation.items():
        if key not in facts or key[0] not in acts:
            continue
        items.sort(key=lambda item: item[1].sequence)
        sequences = [e.sequence for _line, e in items]
        if sequences != list(range(1, len(items) + 1)):
            reader.error(
                items[0][0],
                "sequence",
                _("the requests of %(iso3)s under Article %(article)d are not numbered 1, 2, 3…")
                % {"iso3": key[0], "article": key[1]},
            )
        found = rules.original_deadline(acts[key[0]], facts[key]) if acts_checked else None
        if found is None:
            continue
        requests = [ext for _line, ext in items]
        for line, ext in items:
            current = rules.deadline_extended_by(found[0], requests, ext.sequence)
            for column, message in rules.check_extension(key[1], current, ext):
                reader.error(line, column, message)


def request_events(change) -> None:
    """Events for a request the import created, corrected or removed."""
    req = change.obj
    ob = req.obligation
    if change.action == "created":
        if req.submitted_on or req.requested_deadline:
            services.record_event(
                ob,
                EventKind.SUBMITTED,
                request=req,
                via=Via.IMPORT,
                on=req.submitted_on,
                details={"requested_deadline": req.requested_deadline},
            )
        if req.analysed_on:
            services.record_event(
                ob,
                EventKind.ANALYSED,
                request=req,
                via=Via.IMPORT,
                on=req.analysed_on,
                details={"symbol": req.analysis_symbol},
            )
        if req.decision not in (Decision.UNKNOWN, Decision.PENDING):
            services.record_event(
                ob,
                EventKind.DECIDED,
                request=req,
                via=Via.IMPORT,
                on=req.decided_at.closed_on if req.decided_at else None,
                meeting=req.decided_at,
                details={"decision": req.decision, "granted_deadline": req.granted_deadline},
            )
    elif change.action == "updated":
        services.record_event(
            ob,
            EventKind.REQUEST_CHANGED,
            request=req,
            via=Via.IMPORT,
            details={
                "before": {k: services.plain(v) for k, v in change.before.items()},
                "after": {k: services.plain(getattr(req, k)) for k in change.before},
            },
        )
    else:
        services.record_event(
            ob,
            EventKind.CHANGED,
            via=Via.IMPORT,
            details={"removed_request": req.sequence},
        )
