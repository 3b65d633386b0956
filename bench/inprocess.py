"""The in-process sections of bench/run.py: the time series and the deadlines, computed
without HTTP on the loaded database (see bench/run.py for what each figure means)."""

from __future__ import annotations

import gc
import statistics
import timeit
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

TIMESERIES_TARGET_MS = 50.0
DEADLINES_ON = date(2026, 11, 23)
DEADLINES_YEAR = 2025
DEADLINES_ONE_DATE_TARGET_MS = 100.0  # deadlines_on(on), median
DEADLINES_RULES_YEAR_TARGET_MS = (
    365 * 50.0
)  # pure rules for every day of DEADLINES_YEAR: < 50 ms a date


# --------------------------------------------------------------------------- 1. time series


def time_call(fn: Callable[[], object], runs: int, *, warm_up: bool = True) -> dict:
    """Best and median wall time in ms of `runs` calls (after one warm-up call), GC on."""
    if warm_up:
        fn()
    timer = timeit.Timer(fn, setup="gc.enable()", globals={"gc": gc})
    times = timer.repeat(repeat=runs, number=1)
    return {
        "runs": runs,
        "best_ms": min(times) * 1000,
        "median_ms": statistics.median(times) * 1000,
    }


def bench_timeseries(runs: int) -> list[dict]:
    """Time count_series (pure) and membership.timeseries (DB + pure) on the loaded data."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ccm.states import membership, status
    from ccm.states.models import State

    acts = {s.iso3: s.acts() for s in State.objects.with_acts()}
    n_acts = sum(
        (a.signed_on is not None)
        + (a.deposited_on is not None)
        + (a.withdrawal_notified_on is not None or a.withdrawal_effective_on is not None)
        for a in acts.values()
    )
    groups = membership.group_members(membership.get_grouping("ccm-region"))

    def queries(fn: Callable[[], object]) -> int:
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    def series_points(ts: dict) -> int:
        return len(ts["points"]) + sum(len(g["points"]) for g in ts.get("groups", []))

    # (name, function timed, number of points in its result, reads the database)
    cases: list[tuple[str, Callable[[], Any], Callable[[Any], int], bool]] = [
        ("count_series(acts)  [pure]", lambda: status.count_series(acts), len, False),
        (
            f"count_series per ccm-region group ×{len(groups)}  [pure]",
            lambda: [status.count_series(acts, g.periods) for g in groups],
            lambda out: sum(map(len, out)),
            False,
        ),
        ("membership.timeseries()  [DB + pure]", membership.timeseries, series_points, True),
        (
            'membership.timeseries("ccm-region")  [DB + pure]',
            lambda: membership.timeseries("ccm-region"),
            series_points,
            True,
        ),
    ]
    rows = []
    for name, fn, count_points, reads_db in cases:
        row = {
            "name": name,
            "states": len(acts),
            "acts": n_acts,
            "points": count_points(fn()),
            "queries": queries(fn) if reads_db else 0,
            **time_call(fn, runs),
        }
        row["pass"] = row["median_ms"] < TIMESERIES_TARGET_MS
        rows.append(row)
    return rows


def print_timeseries(rows: list[dict]) -> None:
    r0 = rows[0]
    print(
        f"\n== Time series ({r0['states']} States, {r0['acts']} acts; "
        f"best / median of {r0['runs']} runs; target median < {TIMESERIES_TARGET_MS:.0f} ms)"
    )
    print(f"{'computation':<52} {'points':>6} {'queries':>7} {'best ms':>8} {'median ms':>9}  ")
    for r in rows:
        print(
            f"{r['name']:<52} {r['points']:>6} {r['queries']:>7} {r['best_ms']:>8.2f} "
            f"{r['median_ms']:>9.2f}  {'PASS' if r['pass'] else 'FAIL'}"
        )


# --------------------------------------------------------------------------- 2. deadlines


def year_dates(year: int) -> list[date]:
    start = date(year, 1, 1)
    return [start + timedelta(days=i) for i in range((date(year + 1, 1, 1) - start).days)]


def bench_deadlines(runs: int, year_runs: int) -> list[dict]:
    """Time deadlines_on (DB + rules) on one date and a year of dates, and its parts alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ccm.obligations import deadlines as rules
    from ccm.obligations.querysets import deadlines_on, obligations_by_state
    from ccm.states.membership import all_acts

    def load() -> tuple[dict, dict]:
        """The inputs of the rules, as deadlines_on reads them (acts, iso3 → obligation facts)."""
        acts = all_acts()
        facts = {k: [o.facts() for o in lst] for k, lst in obligations_by_state().items()}
        return acts, facts

    acts, facts = load()
    n_obligations = sum(map(len, facts.values()))
    dates = year_dates(DEADLINES_YEAR)

    def rules_on(on: date) -> list:
        """What deadlines_on computes once its inputs are read: every State Party's deadlines."""
        items: list = []
        for code, a in acts.items():
            if not a.deposited_on or a.deposited_on > on:
                continue
            for ob in facts.get(code, []):
                items.append(rules.treaty_deadline(a, ob, on))
            items.extend(rules.report_deadlines(a, on))
        return items

    def call_counting_queries(fn: Callable[[], Any]) -> tuple[Any, int]:
        with CaptureQueriesContext(connection) as ctx:
            out = fn()
        return out, len(ctx.captured_queries)

    year = f"×{len(dates)} dates of {DEADLINES_YEAR}"
    # (name, function timed, dates per call, timed runs, target on the median total in ms)
    cases: list[tuple[str, Callable[[], Any], int, int, float | None]] = [
        (
            f"deadlines_on({DEADLINES_ON})  [DB + rules]",
            lambda: deadlines_on(DEADLINES_ON),
            1,
            runs,
            DEADLINES_ONE_DATE_TARGET_MS,
        ),
        (
            f"deadlines_on {year}  [DB + rules]",
            lambda: [deadlines_on(d) for d in dates],
            len(dates),
            year_runs,
            None,
        ),
        ("all_acts + obligations_by_state + facts  [DB]", load, 0, runs, None),
        (
            f"treaty_deadline + report_deadlines on {DEADLINES_ON}  [rules]",
            lambda: rules_on(DEADLINES_ON),
            1,
            runs,
            None,
        ),
        (
            f"treaty_deadline + report_deadlines {year}  [rules]",
            lambda: [rules_on(d) for d in dates],
            len(dates),
            year_runs,
            DEADLINES_RULES_YEAR_TARGET_MS,
        ),
    ]
    rows = []
    for name, fn, n_dates, n_runs, target in cases:
        if n_runs == 0:  # --year-runs 0: the year rows are left out
            continue
        out, n_queries = call_counting_queries(fn)  # also the warm-up call
        n_deadlines = (
            None if n_dates == 0 else len(out) if n_dates == 1 else sum(len(x) for x in out)
        )
        row = {
            "name": name,
            "states": len(acts),
            "obligations": n_obligations,
            "dates": n_dates,
            "deadlines": n_deadlines,
            "queries_per_call": n_queries / max(1, n_dates),
            **time_call(fn, n_runs, warm_up=False),
            "target_ms": target,
        }
        row["per_date_ms"] = row["median_ms"] / n_dates if n_dates else None
        row["pass"] = None if target is None else row["median_ms"] < target
        rows.append(row)
    return rows


def print_deadlines(rows: list[dict]) -> None:
    r0 = rows[0]
    print(
        f"\n== Deadlines ({r0['states']} States, {r0['obligations']} Art. 3/4 obligations; "
        f"best / median of the runs; targets: one date median < "
        f"{DEADLINES_ONE_DATE_TARGET_MS:.0f} ms, rules over a year median < "
        f"{DEADLINES_RULES_YEAR_TARGET_MS / 1000:g} s)"
    )
    print(
        f"{'computation':<62} {'dates':>5} {'deadlines':>9} {'q/call':>6} {'runs':>4} "
        f"{'best ms':>9} {'median ms':>9} {'ms/date':>8}  "
    )
    for r in rows:
        verdict = "" if r["pass"] is None else "PASS" if r["pass"] else "FAIL"
        per_date = f"{r['per_date_ms']:>8.2f}" if r["per_date_ms"] is not None else f"{'—':>8}"
        n = r["deadlines"] if r["deadlines"] is not None else "—"
        print(
            f"{r['name']:<62} {r['dates']:>5} {n:>9} {r['queries_per_call']:>6g} "
            f"{r['runs']:>4} {r['best_ms']:>9.2f} {r['median_ms']:>9.2f} {per_date}  {verdict}"
        )
