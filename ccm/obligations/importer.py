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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ccm.core.csvimport import Reader, ReferenceDataInvalid, RowError, sync
from ccm.core.validators import field_errors
from ccm.history.models import Via
from ccm.meetings.models import Meeting, MeetingKind
from ccm.states import status as membership
from ccm.states.models import State
from ccm.states.status import StateActs

from . import deadlines as rules
from . import services
from .choices import (
    Basis,
    Decision,
    EventKind,
    ObligationStatus,
    Qualifier,
    StockpileRecordKind,
)
from .models import ExtensionRequest, Obligation, PublishedFigure, StockpileRecord

# field → CSV column, where they differ
COLUMN_OF = {
    "completed_precision": "completed_on_precision",
    "declared_to": "completion_declared_to",
    "source_url": "sources",
}

MEETINGS = Path("meetings") / "meetings.csv"
OBLIGATIONS = Path("obligations") / "obligations.csv"
REQUESTS = Path("obligations") / "extension_requests.csv"
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
QUALIFIERS = ("exact", "at_least", "more_than", "approx")

MEETING_COLUMNS = [
    "code",
    "kind",
    "number",
    "city",
    "country_iso3",
    "start_date",
    "start_date_precision",
    "end_date",
    "end_date_precision",
    "president_iso3",
    "president_person",
    "verified",
    "notes",
    "sources",
]
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
PAST_ONLY = frozenset(
    {"completed_on", "completion_declared_on", "submitted_on", "on", "destroyed_on"}
)


@dataclass
class Parsed:
    meetings: list[dict] = field(default_factory=list)
    obligations: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    figures: list[dict] = field(default_factory=list)
    lines: dict[tuple, int] = field(default_factory=dict)  # row's key → line (refusals)


def _check_fields(reader: Reader, line: int, model, values: dict, columns=COLUMN_OF) -> None:
    """The checks of the model's fields (plausible dates, sources, lengths) on a row, as
    the editing pages and the services run them."""
    for name, message in field_errors(model, values):
        reader.error(line, columns.get(name, name), message)


def _int(reader: Reader, line: int, row: dict, column: str, allowed=None) -> int | None:
    value = row[column]
    if not value:
        return None
    if not value.isdigit() or (allowed and int(value) not in allowed):
        reader.error(line, column, _("“%(value)s” is not a valid number here") % {"value": value})
        return None
    return int(value)


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
    meetings = _parse_meetings(
        Reader(data_dir / MEETINGS, MEETING_COLUMNS, errors, today), acts, parsed
    )
    facts = _parse_obligations(
        Reader(data_dir / OBLIGATIONS, OBLIGATION_COLUMNS, errors, today, PAST_ONLY),
        acts,
        meetings,
        parsed,
        acts_checked=acts_checked,
    )
    _parse_records(
        Reader(data_dir / RECORDS, RECORD_COLUMNS, errors, today, PAST_ONLY), facts, parsed
    )
    requests = Reader(data_dir / REQUESTS, REQUEST_COLUMNS, errors, today, PAST_ONLY)
    by_obligation = _parse_requests(requests, meetings, facts, parsed)
    parsed.figures = parse_figures(data_dir / FIGURES, errors, today, topic="obligations")
    _check_request_limits(requests, by_obligation, facts, acts, acts_checked=acts_checked)
    return parsed


def _parse_meetings(
    reader: Reader, acts: dict[str, StateActs], parsed: Parsed
) -> dict[str, date | None]:
    """meetings.csv: returns each meeting's code with its last (else first) day."""
    codes: dict[str, int] = {}  # code → first line
    meeting_dates: dict[str, date | None] = {}
    for line, row in reader.rows():
        code = row["code"]
        if not code:
            reader.error(line, "code", _("the code is empty"))
        elif code in codes:
            reader.error(
                line,
                "code",
                _("duplicate meeting %(code)s (first on line %(first)s)")
                % {"code": code, "first": codes[code]},
            )
        codes.setdefault(code, line)
        start = reader.date(line, row, "start_date")
        end = reader.date(line, row, "end_date")
        if start and end and end < start:
            reader.error(line, "end_date", _("the meeting ends before it starts"))
        for column in ("country_iso3", "president_iso3"):
            if row[column] and row[column] not in acts:
                reader.error(line, column, _("unknown State “%(iso3)s”") % {"iso3": row[column]})
        meeting_dates[code] = end or start
        values = {
            "code": code,
            "kind": reader.choice(line, row, "kind", MeetingKind.values),
            "number": _int(reader, line, row, "number"),
            "city": row["city"],
            "country_iso3": row["country_iso3"],
            "start_date": start,
            "start_precision": reader.precision(line, row, "start_date_precision"),
            "end_date": end,
            "end_precision": reader.precision(line, row, "end_date_precision"),
            "president_iso3": row["president_iso3"],
            "president_person": row["president_person"],
            "verified": reader.yes_no(line, row, "verified"),
            "notes": row["notes"],
            "source_url": row["sources"],
        }
        parsed.meetings.append(values)
        _check_fields(reader, line, Meeting, values)
    return meeting_dates


def _parse_obligations(
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
        article = _int(reader, line, row, "article", allowed=(3, 4))
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
        _check_fields(reader, line, Obligation, values)
        parsed.obligations.append(values)
        parsed.lines.setdefault((OBLIGATIONS, iso3, article), line)
        facts[key] = rules.Obligation(article or 0, basis, status, values["completed_on"])
    return facts


def _parse_records(
    reader: Reader, facts: dict[tuple[str, int], rules.Obligation], parsed: Parsed
) -> None:
    """stockpile_records.csv: each record belongs to an Article 3 row of obligations.csv."""
    record_keys: dict[tuple, int] = {}
    for line, row in reader.rows():
        iso3 = row["iso3"]
        if (iso3, 3) not in facts:
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
            "cluster_munitions": _int(reader, line, row, "cluster_munitions"),
            "submunitions": _int(reader, line, row, "submunitions"),
            "qualifier": reader.choice(line, row, "qualifier", Qualifier.values),
            "destroyed_on": reader.date(line, row, "destroyed_on"),
            "destroyed_precision": reader.precision(line, row, "destroyed_precision"),
            "verified": reader.yes_no(line, row, "verified"),
            "notes": row["notes"],
            "source_url": row["sources"],
        }
        for column, message in rules.check_stockpile_record(
            3,
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
        _check_fields(reader, line, StockpileRecord, values)
        parsed.records.append(values)
        parsed.lines.setdefault((RECORDS, iso3, values["kind"], values["on"]), line)


def _parse_requests(
    reader: Reader,
    meetings: dict[str, date | None],
    facts: dict[tuple[str, int], rules.Obligation],
    parsed: Parsed,
) -> dict[tuple[str, int], list[tuple[int, rules.Extension]]]:
    """extension_requests.csv: returns each obligation's requests with their lines."""
    by_obligation: dict[tuple[str, int], list[tuple[int, rules.Extension]]] = {}
    for line, row in reader.rows():
        key = (row["iso3"], _int(reader, line, row, "article", allowed=(3, 4)) or 0)
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
        sequence = _int(reader, line, row, "sequence")
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
        _check_fields(reader, line, ExtensionRequest, values)
    return by_obligation


def _check_request_limits(
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
    _save_obligations(rows, parsed.lines, edited)
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
        _request_events(change)
    for ob in obligations.values():
        if ob.article != 3:
            continue
        mine = [
            {**{k: v for k, v in row.items() if k != "iso3"}, "obligation": ob}
            for row in parsed.records
            if row["iso3"] == ob.state.iso3
        ]
        _save_records(ob, mine, parsed.lines, edited)
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


def _differs(obj, values: dict) -> bool:
    """Whether the record holds other values than the row (related records by key)."""
    return any(
        getattr(obj, obj._meta.get_field(name).attname) != getattr(value, "pk", value)
        for name, value in values.items()
    )


def _through_the_service(file: Path, line: int, save: Callable[[], object]) -> None:
    """Save through a service; a refusal (which the checks of `parse` should have caught)
    rejects the import with the row's line, like any other error."""
    try:
        save()
    except ValidationError as exc:
        raise ReferenceDataInvalid(
            [
                RowError(file.name, line, COLUMN_OF.get(name, name), message)
                for name, messages in exc.message_dict.items()
                for message in messages
            ]
        ) from exc


def _save_obligations(rows: list[dict], lines: dict, edited: Callable[[object], bool]) -> None:
    """Create or correct through save_obligation each obligation its row changes."""
    held = {(o.state_id, o.article): o for o in Obligation.objects.all()}
    for row in rows:
        state, article = row["state"], row["article"]
        ob = held.get((state.pk, article))
        if ob is not None and (not _differs(ob, row) or edited(ob)):
            continue  # already as the file says, or kept as people left it (sync counts it)
        facts = {k: v for k, v in row.items() if k not in ("state", "article")}
        _through_the_service(
            OBLIGATIONS,
            lines.get((OBLIGATIONS, state.iso3, article), 0),
            lambda state=state, article=article, facts=facts: services.save_obligation(
                state, article, actor=None, via=Via.IMPORT, **facts
            ),
        )


def _save_records(
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
        if any(not _differs(record, row) for record in group):
            continue  # already as the file says
        record = group[0] if group else None
        if record is not None and edited(record):
            continue  # kept as people left it (sync counts it)
        values = {k: v for k, v in row.items() if k != "obligation"}
        _through_the_service(
            RECORDS,
            lines.get((RECORDS, ob.state.iso3, row["kind"], row["on"]), 0),
            lambda record=record, values=values: services.save_stockpile_record(
                ob, record=record, actor=None, via=Via.IMPORT, **values
            ),
        )


def _request_events(change) -> None:
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
            "value_qualifier": reader.choice(line, row, "value_qualifier", QUALIFIERS),
            "verified": reader.yes_no(line, row, "verified"),
            "notes": row["notes"],
            "source_url": row["source"],
            "topic": topic,
        }
        figures.append(values)
        _check_fields(reader, line, PublishedFigure, values, {"source_url": "source"})
    return figures
