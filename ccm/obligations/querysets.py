"""Deadlines for every State on a date, read in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import F, Prefetch

from ccm.states.acts import acts_of
from ccm.states.membership import all_acts

from . import deadlines as rules
from .choices import DeadlineArticle, DeadlineFlag
from .models import ExtensionRequest, Obligation, StockpileRecord

ARTICLE_KINDS = {
    DeadlineArticle.ARTICLE_3: {rules.Kind.DESTRUCTION},
    DeadlineArticle.ARTICLE_4: {rules.Kind.CLEARANCE},
    DeadlineArticle.ARTICLE_7: {rules.Kind.INITIAL_REPORT, rules.Kind.ANNUAL_REPORT},
}


Submissions = dict[str, tuple[date | None, dict[int, date]]]
"""iso3 → (initial report first submitted on, {year covered: annual report first submitted on})."""

SUBMISSION_SOURCES: list[Callable[[str | None], Submissions]] = []
"""Where Article 7 submissions come from: ccm.reports registers its reader here when it loads
(obligations sit below reports and do not import them)."""


def report_submissions(iso3: str | None = None) -> Submissions:
    out: Submissions = {}
    for source in SUBMISSION_SOURCES:
        for code, (initial, annual) in source(iso3).items():
            first, years = out.get(code, (None, {}))
            merged = dict(years)
            for year, on in annual.items():
                merged[year] = min(on, merged.get(year, on))
            out[code] = (min(filter(None, (first, initial)), default=None), merged)
    return out


def obligations_by_state(iso3: str | None = None) -> dict[str, list[Obligation]]:
    """iso3 → the State's obligations with their requests, deciding meetings and stockpile
    records (3 queries)."""
    qs = Obligation.objects.select_related("state", "declared_to").prefetch_related(
        Prefetch("extension_requests", ExtensionRequest.objects.select_related("decided_at")),
        "stockpile_records",
    )
    if iso3:
        qs = qs.filter(state__iso3=iso3)
    out: dict[str, list[Obligation]] = {}
    for ob in qs:
        out.setdefault(ob.state.iso3, []).append(ob)
    return out


def deadlines_on(
    on: date,
    *,
    iso3: str | None = None,
    article: int | None = None,
    status: str | None = None,
    soon_days: int = rules.SOON_DAYS,
    members: set[str] | None = None,
    obligations: dict[str, list[Obligation]] | None = None,
    acts: dict | None = None,
    submissions: Submissions | None = None,
) -> list[rules.Deadline]:
    """Every deadline of every State Party (or one State) and its status on `on` (≤ 5 queries).

    Articles 3 and 4 come from the recorded obligations; Article 7 applies to every
    State Party. `status` filters on the deadline status, or a DeadlineFlag (`extended`). A caller that has
    read `obligations_by_state` already passes it as `obligations`; one computing many dates
    passes `acts` (all_acts()) and `submissions` (report_submissions()) read once. Without
    `acts`, one State (`iso3`) reads that State's acts only.
    """
    if acts is None and iso3:  # one State: read its row only, not every State's
        one = acts_of(iso3)
        acts = {iso3: one} if one is not None else {}
    acts = all_acts() if acts is None else acts
    if iso3:
        acts = {iso3: acts[iso3]} if iso3 in acts else {}
    if members is not None:  # e.g. the States of a region on `on`
        acts = {k: v for k, v in acts.items() if k in members}
    if obligations is None:
        obligations = {} if article == DeadlineArticle.ARTICLE_7 else obligations_by_state(iso3)
    if submissions is None:
        submissions = report_submissions(iso3)
    items: list[rules.Deadline] = []
    for code, a in acts.items():
        if not a.deposited_on or a.deposited_on > on:
            continue
        for ob in obligations.get(code, []):
            items.append(rules.treaty_deadline(a, ob.facts(), on, soon_days=soon_days))
        initial, annual = submissions.get(code, (None, {}))
        items.extend(
            rules.report_deadlines(
                a, on, initial_submitted_on=initial, annual_submitted=annual, soon_days=soon_days
            )
        )
    return select(items, article=article, status=status)


def select(
    items: list[rules.Deadline],
    *,
    iso3: str | None = None,
    article: int | None = None,
    status: str | None = None,
    members: set[str] | None = None,
    obligations: dict[str, list[Obligation]] | None = None,
) -> list[rules.Deadline]:
    """Filter computed deadlines (so one computation can feed a list and its counts)."""
    if iso3:
        items = [d for d in items if d.iso3 == iso3]
    if members is not None:
        items = [d for d in items if d.iso3 in members]
    if article:
        items = [d for d in items if d.kind in ARTICLE_KINDS[article]]
    if status == DeadlineFlag.EXTENDED:
        items = [d for d in items if d.extended]
    elif status:
        items = [d for d in items if d.status == status]
    return items


def stockpile_records(members: set[str] | None = None) -> list[dict]:
    """Every stockpile record as a mapping for ccm.obligations.counts (1 query)."""
    qs = StockpileRecord.objects.values(
        "kind",
        "on",
        "destroyed_on",
        "cluster_munitions",
        "submunitions",
        "qualifier",
        iso3=F("obligation__state__iso3"),
    )
    if members is not None:
        qs = qs.filter(obligation__state__iso3__in=members)
    return list(qs)
