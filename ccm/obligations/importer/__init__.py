"""Import of meetings/meetings.csv, obligations/obligations.csv,
obligations/stockpile_records.csv, obligations/extension_requests.csv and
obligations/aggregate_counts.csv (all or nothing, idempotent).

Rows are validated against each other and against the States' acts: an
obligation belongs to a State that has deposited an instrument; a request
names an obligation in the file and a meeting in meetings.csv, and respects
the treaty's limits (ccm.obligations.deadlines.check_extension) counted from
the deadline it extends. Every value also passes its field's own checks (plausible
dates, sources), as on the editing pages.

Obligations and stockpile records are written through ccm.obligations.services (see
`apply`); extension requests, meetings and published figures are written as records.

One module per file parsed (meetings, obligations, stockpile_records, extension_requests,
figures) and what they share (common); importers use this package's names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from django.db import transaction

from ccm.core.csvimport import Reader, RowError, sync
from ccm.history.models import Via
from ccm.meetings.models import Meeting
from ccm.states.models import State
from ccm.states.status import StateActs

from .. import services
from ..choices import Article, EventKind
from ..models import ExtensionRequest, Obligation, StockpileRecord
from .common import PAST_ONLY, Parsed
from .extension_requests import (
    REQUEST_COLUMNS,
    REQUESTS,
    check_request_limits,
    parse_requests,
    request_events,
)
from .figures import FIGURES, parse_figures, sync_figures
from .meetings import MEETING_COLUMNS, MEETINGS, parse_meetings
from .obligations import OBLIGATION_COLUMNS, OBLIGATIONS, parse_obligations, save_obligations
from .stockpile_records import RECORD_COLUMNS, RECORDS, parse_records, save_records

__all__ = ["Parsed", "apply", "parse", "parse_figures", "sync_figures"]


def parse(
    data_dir: Path,
    acts: dict[str, StateActs],
    *,
    today: date,
    errors: list[RowError],
    acts_checked: bool = True,
) -> Parsed:
    """Read and validate the files, appending every problem to `errors`.

    With `acts_checked=False` (the membership files had errors of their own) the checks
    that read the States' acts are skipped: they would only echo those errors.
    """
    parsed = Parsed()
    meetings = parse_meetings(
        Reader(data_dir / MEETINGS, MEETING_COLUMNS, errors, today), acts, parsed
    )
    facts = parse_obligations(
        Reader(data_dir / OBLIGATIONS, OBLIGATION_COLUMNS, errors, today, PAST_ONLY),
        acts,
        meetings,
        parsed,
        acts_checked=acts_checked,
    )
    parse_records(
        Reader(data_dir / RECORDS, RECORD_COLUMNS, errors, today, PAST_ONLY), facts, parsed
    )
    requests = Reader(data_dir / REQUESTS, REQUEST_COLUMNS, errors, today, PAST_ONLY)
    by_obligation = parse_requests(requests, meetings, facts, parsed)
    parsed.figures = parse_figures(data_dir / FIGURES, errors, today, topic="obligations")
    check_request_limits(requests, by_obligation, facts, acts, acts_checked=acts_checked)
    return parsed


@transaction.atomic
def apply(parsed: Parsed, *, edited: Callable[[object], bool] | None = None) -> dict[str, int]:
    """Write validated rows (inside the caller's transaction and recorded action).

    Obligations and stockpile records that are new or differ from their row are created and
    corrected through ccm.obligations.services (via = import), like any other change: the
    treaty's rules run again and the services write the typed events. A row the database
    already holds is not written (reloading the same files writes nothing), and a record
    people changed in the application (`edited`, the run's test) is kept as they left it.
    `sync` then lists the records that have left their file, and removes them only when the
    run prunes (see ccm.core.csvimport.sync). Meetings, published figures and extension
    requests are written as the records the files hold (`sync`), with typed events for the
    requests: the request services are its lifecycle steps (submit, analyse, decide today,
    numbered and checked in turn), which a request already decided in the published record
    does not go through."""
    edited = edited or (lambda obj: False)
    sync(Meeting, ("code",), parsed.meetings, file=MEETINGS.as_posix())
    meetings = {m.code: m for m in Meeting.objects.all()}
    states = {s.iso3: s for s in State.objects.all()}
    rows = [
        {
            **{k: v for k, v in row.items() if k not in ("iso3", "declared_to")},
            "state": states[row["iso3"]],
            "declared_to": meetings.get(row["declared_to"]) if row["declared_to"] else None,
        }
        for row in parsed.obligations
    ]
    save_obligations(rows, parsed.lines, edited)
    sync(Obligation, ("state", "article"), rows, file=OBLIGATIONS.as_posix())
    obligations = {(o.state.iso3, o.article): o for o in Obligation.objects.select_related("state")}
    changes = sync(
        ExtensionRequest,
        ("obligation", "sequence"),
        [
            {
                **{k: v for k, v in row.items() if k not in ("iso3", "article", "decided_at")},
                "obligation": obligations[(row["iso3"], row["article"])],
                "decided_at": meetings.get(row["decided_at"]) if row["decided_at"] else None,
            }
            for row in parsed.requests
        ],
        file=REQUESTS.as_posix(),
    )
    for change in changes:
        request_events(change)
    for ob in obligations.values():
        if ob.article != Article.STOCKPILES:
            continue
        mine = [
            {**{k: v for k, v in row.items() if k != "iso3"}, "obligation": ob}
            for row in parsed.records
            if row["iso3"] == ob.state.iso3
        ]
        save_records(ob, mine, parsed.lines, edited)
        for change in sync(
            StockpileRecord, ("kind", "on"), mine, {"obligation": ob}, file=RECORDS.as_posix()
        ):  # what is left to write: records removed from the file, when the run prunes
            services.record_event(
                ob,
                EventKind.CHANGED if change.action == "deleted" else EventKind.STOCKPILE_RECORDED,
                via=Via.IMPORT,
                on=change.obj.on,
                details={
                    "record": change.obj.pk or change.before.get("pk"),
                    "kind": change.obj.kind,
                    "action": change.action,
                },
            )
    sync_figures(parsed.figures, FIGURES, topic="obligations")
    return {
        "published_figures": len(parsed.figures),
        "meetings": len(parsed.meetings),
        "obligations": len(parsed.obligations),
        "extension_requests": len(parsed.requests),
        "stockpile_records": len(parsed.records),
    }
