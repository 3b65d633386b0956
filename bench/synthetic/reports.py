"""Article 7 reports of States Parties: an initial report and an annual report for each
ended year since entry into force (Art. 7(1), 7(2)), amendments as later versions, a few
drafts and restricted reports; every version with its ten parts, its figures, its events
and the versions the services would have recorded (draft started, forms saved,
submitted)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from ccm.history.models import Via

from .history import as_then
from .report_content import Content
from .world import Party, World, at, between, check, explicit_timestamps

YEARS = 20  # the "20 years of reports" for every State at factor 100
MAX_VERSIONS = 6  # versions of one report at most


@dataclass
class Planned:
    """One version to write: its family (party, kind, year), number and submission date
    (None: a draft)."""

    party: Party
    kind: str
    year: int | None
    version: int
    submitted_on: date | None
    visibility: str
    report: object = None
    parts: list = field(default_factory=list)  # (part, [lines])


def families(world: World) -> list[tuple[Party, str, int | None, date]]:
    """Every report a State Party may have and has not yet: (party, kind, year, due)."""
    from ccm.obligations import deadlines as rules
    from ccm.reports.choices import ReportKind
    from ccm.reports.models import Report

    taken = set(Report.objects.values_list("state_id", "kind", "year"))
    out = []
    for p in world.parties:
        if (p.state.pk, ReportKind.INITIAL, None) not in taken:
            out.append((p, ReportKind.INITIAL, None, p.eif + timedelta(rules.INITIAL_REPORT_DAYS)))
        for year in range(p.eif.year, p.until.year):
            if (p.state.pk, ReportKind.ANNUAL, year) not in taken:
                out.append((p, ReportKind.ANNUAL, year, date(year + 1, *rules.ANNUAL_REPORT_DAY)))
    return out


def plan(world: World) -> list[Planned]:
    """``factor × 20 × States / 100`` versions: families first (a random choice of them
    below factor 100), then amendments, in each State's order of submission."""
    from ccm.reports.choices import ReportKind, Visibility

    rnd, today = world.rnd, world.today
    wanted = round(world.factor * YEARS * len(world.states) / 100)
    chosen = families(world)
    rnd.shuffle(chosen)
    chosen = chosen[:wanted]
    versions = Counter(dict.fromkeys(range(len(chosen)), 1))
    room = len(chosen) * (MAX_VERSIONS - 1)
    for _ in range(min(wanted - len(chosen), room)):
        i = rnd.randrange(len(chosen))
        while versions[i] >= MAX_VERSIONS:
            i = (i + 1) % len(chosen)
        versions[i] += 1
    out = []
    for i, (party, kind, year, due) in enumerate(chosen):
        visibility = Visibility.RESTRICTED if rnd.random() < 0.1 else Visibility.PUBLIC
        earliest = party.eif if kind == ReportKind.INITIAL else date(year + 1, 1, 2)
        late = between(rnd, due - timedelta(days=100), due + timedelta(days=300))
        submitted = max(min(late, party.until), earliest)
        draft_last = due > today - timedelta(days=400) and rnd.random() < 0.1
        for v in range(1, versions[i] + 1):
            if v > 1:
                submitted += timedelta(days=rnd.randint(20, 200))
            if submitted > party.until or (v == versions[i] and draft_last):
                out.append(Planned(party, kind, year, v, None, visibility))
                break
            out.append(Planned(party, kind, year, v, submitted, visibility))
    out.sort(key=lambda p: (p.party.state.iso3, p.submitted_on or date.max, p.version))
    return out


def _report(world: World, p: Planned, actor):
    from ccm.core.validators import field_errors
    from ccm.reports.choices import ReportKind, ReportStatus
    from ccm.reports.models import Report

    rnd = world.rnd
    opened = p.party.eif if p.kind == ReportKind.INITIAL else date(p.year + 1, 1, 1)
    started = at(max((p.submitted_on or world.today) - timedelta(rnd.randint(1, 40)), opened), rnd)
    done = max(at(p.submitted_on, rnd), started) if p.submitted_on else started
    report = Report(
        state=p.party.state,
        kind=p.kind,
        year=p.year,
        version=p.version,
        status=ReportStatus.SUBMITTED if p.submitted_on else ReportStatus.DRAFT,
        visibility=p.visibility,
        period_from=date(p.year, 1, 1) if p.year else None,
        period_to=date(p.year, 12, 31) if p.year else None,
        submitted_on=p.submitted_on,
        contact=f"Ministry of Foreign Affairs of {p.party.state.name}, national focal point",
        created_by=actor,
        submitted_by=actor if p.submitted_on else None,
        created_at=started,
        updated_at=done,
    )
    dates = ("period_from", "period_to", "submitted_on")
    check(field_errors(Report, {f: getattr(report, f) for f in dates}), "report")
    return report


def _check_submission(p: Planned, answers: dict) -> None:
    from ccm.reports import rules

    parts = [
        rules.Part(
            form=form,
            answer=a["answer"],
            text=a.get("text", ""),
            statement=a.get("statement", ""),
            # the rule asks whether an earlier report is named (its key is not known yet)
            unchanged_since=id(a["unchanged_since"]) if a.get("unchanged_since") else None,
            lines=tuple(rules.Line(**x) for x in a.get("lines", [])),
        )
        for form, a in answers.items()
    ]
    errors = rules.submission_errors(
        kind=p.kind,
        year=p.year,
        period_from=p.report.period_from,
        period_to=p.report.period_to,
        submitted_on=p.submitted_on,
        entry_into_force=p.party.eif,
        parts=parts,
    )
    check(errors, f"report {p.party.state.iso3} {p.kind} {p.year} v{p.version}")


def _record(world: World, p: Planned, actor, events: list) -> None:
    """The versions and events the services write for this version of a report."""
    from ccm.reports.choices import Answer, EventKind, ReportStatus
    from ccm.reports.models import ReportEvent

    rnd, report = world.rnd, p.report
    started, done = report.created_at, report.updated_at
    draft = as_then(report, status=ReportStatus.DRAFT, submitted_on=None, submitted_by=None)
    path = f"/edit/{p.party.state.iso3}/reports/"
    answered = [(part, ls) for part, ls in p.parts if part.answer != Answer.NOT_ANSWERED]
    if p.version == 1:
        blank = [
            as_then(part, answer=Answer.NOT_ANSWERED, text="", statement="", unchanged_since=None)
            for part, _lines in p.parts
        ]
        world.history.action(started, actor, Via.FORM, path, draft, *blank)
        events.append(
            ReportEvent(
                report=report,
                kind=EventKind.STARTED,
                actor=actor,
                via=Via.FORM,
                recorded_at=started,
            )
        )
        saved = [x for x in answered for _ in range(rnd.randint(1, 2))]  # saved once or twice
    else:
        copied = [part for part, _ls in p.parts] + [x for _p, ls in p.parts for x in ls]
        world.history.action(started, actor, Via.FORM, path, draft, *copied)
        events.append(
            ReportEvent(
                report=report,
                kind=EventKind.AMENDMENT_STARTED,
                actor=actor,
                via=Via.FORM,
                recorded_at=started,
            )
        )
        saved = rnd.sample(answered, min(len(answered), rnd.randint(1, 3)))
    for part, lines in saved:
        world.history.action(started, actor, Via.FORM, path, part, *lines, draft)
    if p.submitted_on:
        world.history.action(done, actor, Via.FORM, path, report)
        kind = EventKind.SUBMITTED if p.version == 1 else EventKind.AMENDED
        on = {"on": p.submitted_on.isoformat()}
        events.append(
            ReportEvent(
                report=report, kind=kind, actor=actor, via=Via.FORM, recorded_at=done, details=on
            )
        )


def add_reports(world: World) -> None:
    from ccm.obligations.choices import Basis
    from ccm.obligations.models import Obligation
    from ccm.reports.choices import EventKind
    from ccm.reports.models import Report, ReportEvent, ReportLine, ReportPart

    holders = Obligation.objects.filter(article=3, basis=Basis.STOCKPILE)
    contaminated = Obligation.objects.filter(article=4).exclude(
        basis__in=(Basis.NONE_DECLARED, Basis.UNKNOWN)
    )
    content = Content(
        world.rnd,
        set(holders.values_list("state_id", flat=True)),
        set(contaminated.values_list("state_id", flat=True)),
    )
    planned, events = plan(world), []
    latest: dict[int, object] = {}  # State pk → its latest submitted report
    answers_of: dict[tuple, dict] = {}  # a family's answers, kept by its amendments
    for p in planned:
        actor = world.actor(p.party)
        p.report = _report(world, p, actor)
        family = (p.party.state.pk, p.kind, p.year)
        if family not in answers_of:
            answers_of[family] = content.answers(p.kind, p.party.state.pk, latest.get(family[0]))
        answers = answers_of[family] if p.submitted_on else content.draft(answers_of[family])
        for form, a in answers.items():
            part = ReportPart(
                report=p.report,
                form=form,
                answer=a["answer"],
                text=a.get("text", ""),
                statement=a.get("statement", ""),
                unchanged_since=a.get("unchanged_since"),
                created_at=p.report.created_at,
                updated_at=p.report.updated_at,
            )
            when = p.report.created_at
            lines = [
                ReportLine(part=part, created_at=when, updated_at=when, **x)
                for x in a.get("lines", [])
            ]
            p.parts.append((part, lines))
        if p.submitted_on:
            _check_submission(p, answers)
            latest[family[0]] = p.report
        _record(world, p, actor, events)
    reports = [p.report for p in planned]
    with explicit_timestamps(Report, ReportPart, ReportLine, ReportEvent):
        Report.objects.bulk_create(reports, batch_size=1000)
        submitted = [r for r in reports if r.submitted_on]
        for r in submitted:  # how ccm.reports.services.source_of names a report
            r.source_url = f"/reports/{r.pk}/ (Article 7 {r}, submitted {r.submitted_on})"
        Report.objects.bulk_update(submitted, ["source_url"], batch_size=1000)
        by_version = {(r.state_id, r.kind, r.year, r.version): r for r in reports}
        for e in events:
            if e.kind == EventKind.AMENDMENT_STARTED:
                r = e.report
                amends = by_version.get((r.state_id, r.kind, r.year, r.version - 1))
                e.details = {"amends": amends.pk if amends else None}
        ReportPart.objects.bulk_create([x for p in planned for x, _ls in p.parts], batch_size=2000)
        ReportLine.objects.bulk_create(
            [x for p in planned for _part, ls in p.parts for x in ls], batch_size=2000
        )
        ReportEvent.objects.bulk_create(events, batch_size=2000)
