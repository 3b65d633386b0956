"""CCM Tracker benchmark harness: prints figures, ratios and PASS/FAIL against the targets.

Usage (from the repository root)::

    .venv/bin/python bench/run.py [--seconds N] [--concurrency C] [--json PATH]
                                  [--warmup S] [--workers W] [--runs R] [--year-runs Y]
                                  [--loader wrk|python] [--cache both|on|off]
                                  [--scale F] [--http-only] [--only TEXT ...]

Everything runs with production settings (ccm.settings, DJANGO_DEBUG=0, a random
secret key) on a throwaway database (bench/throwaway.py: a temporary SQLite file, or a
new database on the PostgreSQL server DATABASE_URL names, dropped at the end; the
developer's var/ccm.sqlite3 is never opened), loaded with the reference data in data/.
`collectstatic` writes to STATIC_ROOT (var/static, which is gitignored).

1. Time series (in process, bench/inprocess.py). The pure rule computation
   ``ccm.states.status.count_series(acts)`` over every State, the same per group
   of the ``ccm-region`` grouping, and the full ``ccm.states.membership.timeseries()``
   and ``timeseries("ccm-region")``, which also read the database. Each is run
   once to warm up, then timed ``--runs`` times (default 50, one call per run,
   garbage collector left on); best and median are printed in ms.
   Target: median < 50 ms.

2. Deadlines (in process). ``ccm.obligations.querysets.deadlines_on(on)`` for
   every State Party on one date (DEADLINES_ON), and for each of the 365 days of
   DEADLINES_YEAR, one call per date as a page or the CLI would make them. To
   separate the database from the rules, the same work again in two parts:
   reading the inputs once, then the pure rules alone on the one date and on the
   365 dates. One-date rows are timed like the time series; year rows
   ``--year-runs`` times (default 3; 0 leaves them out). Targets: one date,
   median < 100 ms; pure rules over the 365 dates, median total < 18.25 s.

3. HTTP (gunicorn, DEBUG=0, static files collected with whitenoise's manifest
   storage; bench/load.py). For each URL of URLS — every public page and API read
   — a status check, a warm-up, then ``--seconds`` of load from ``--concurrency``
   clients. The load generator is wrk when /usr/bin/wrk exists, else a Python one.
   Printed: requests/s, p50 and p99 latency, and the throughput ratio against the
   trivial ``/ping`` view measured in the same run (``× /ping``). Targets: with the
   response cache on (steady state), ratio >= 0.5; with it off
   (``CCM_RESPONSE_CACHE_SECONDS=0``: every request computes its page), p50 <= 20 ms
   and p99 <= 50 ms (issue 11). /ping is measured again at the end: that second
   ratio shows how much the machine drifted during the run. A URL that does not
   answer 200 is reported with the server log and the exit status is 1.

4. Peak memory: VmHWM (peak resident set size) of each gunicorn worker.

5. Scale (``--scale F``). After measuring the reference data, bench/scale.py adds a
   synthetic data set F times today's (reports, obligations, extension requests,
   stockpile records, users, history) to the same throwaway database, prints its row
   counts, and every section runs again on it. Then, per URL: p50 and p99 at scale 1
   and at scale F and their growth. Target: growth of p50 <= 2.

How to read the figures: compare ratios within one run, not absolute numbers
across runs or machines. The reference machine has 2 cores, and the load
generator shares them with the gunicorn workers, so requests/s are a lower
bound and vary from run to run; the ratio to /ping cancels most of that out.
gunicorn's default sync worker answers every request with "Connection: close",
so clients reconnect for each request (for /ping as for the other URLs).

To see where a slow URL spends its time: bench/profile_url.py (also with --scale).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: bench/ is a package of the repository root
    sys.path.insert(0, str(REPO))

from bench import inprocess, tables  # noqa: E402
from bench.load import (  # noqa: E402
    BASELINE,
    VENV_BIN,
    WRK,
    bench_memory,
    get,
    gunicorn,
    load_python,
    load_wrk,
    print_memory,
)
from bench.throwaway import (  # noqa: E402
    database_copy,
    prepare_database,
    shown,
    throwaway_database,
)

SLOW_LOAD_SECONDS = 60  # the longest a page too slow for --seconds is loaded again
# Every public page and API read (GET); {report} and {record} are filled in from the
# reference data (real rows, the same at every scale).
URLS = [
    BASELINE,
    "/",
    "/membership/",
    "/states/",
    "/states/LAO/",
    "/deadlines/",
    "/deadlines.ics",
    "/deadlines/published/",
    "/reports/",
    "/reports/{report}/",
    "/reports/status/?year=2025",
    "/reports/overdue/",
    "/reports/published/",
    "/api/v1/membership/summary?as_of=2022-08-01&grouping=ccm-region",
    "/api/v1/membership/timeseries",
    "/api/v1/states/",
    "/api/v1/states/LAO",
    "/api/v1/deadlines",
    "/api/v1/deadlines?state=LAO",
    "/api/v1/obligations",
    "/api/v1/obligations/counts",
    "/api/v1/obligations/LAO/4",
    "/api/v1/states/{record_state}/stockpile-records/{record}",
    "/api/v1/extension-requests",
    "/api/v1/reports",
    "/api/v1/reports/{report}",
    "/api/v1/reporting/status?year=2025",
    "/api/v1/reporting/rates",
    "/api/v1/reporting/overdue",
]


# --------------------------------------------------------------------------- environment


def loadavg() -> str:
    """The 1/5/15-minute load averages: other work on the machine skews absolute figures."""
    with contextlib.suppress(OSError):
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return "?"


def code_version() -> str:
    """The commit benchmarked, marked "+dirty" when ccm/ has uncommitted changes."""
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "ccm"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        return head + ("+dirty" if dirty else "") if head else "?"
    return "?"


def machine_info() -> dict:
    mem_kib = 0
    with contextlib.suppress(OSError), open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    import django

    info = {
        "nproc": os.cpu_count(),
        "mem_total_mib": round(mem_kib / 1024),
        "python": platform.python_version(),
        "django": django.get_version(),
        "platform": platform.platform(),
        "code": code_version(),
        "loadavg_start": loadavg(),
    }
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run([VENV_BIN / "gunicorn", "--version"], capture_output=True, text=True)
        info["gunicorn"] = out.stdout.split("version")[-1].strip(" ()\n")
    if WRK.exists():
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([WRK, "--version"], capture_output=True, text=True)
            info["wrk"] = (
                (out.stdout + out.stderr).split("\n")[0].split(" [")[0].removeprefix("wrk ")
            )
    return info


def resolve_urls(only: list[str] | None = None) -> list[str]:
    """URLS with their placeholders filled from the loaded reference data (LAO's first
    report, the first stockpile record), kept to those containing one of `only`."""
    from ccm.obligations.models import StockpileRecord
    from ccm.reports.models import Report

    report = (
        Report.objects.filter(state__iso3="LAO").order_by("pk").first()
        or Report.objects.order_by("pk").first()
    )
    record = StockpileRecord.objects.select_related("obligation__state").order_by("pk").first()
    values = {
        "report": report.pk if report else 0,
        "record": record.pk if record else 0,
        "record_state": record.obligation.state.iso3 if record else "LAO",
    }
    urls = [u.format(**values) for u in URLS]
    if only:
        urls = [u for u in urls if u == BASELINE or any(o in u for o in only)]
    return urls


# --------------------------------------------------------------------------- HTTP


def bench_http(servers: dict, urls: list[str], args) -> dict[int, list[dict]]:
    """Load each URL on each server (scale → Server), one server after the other for the
    same URL, so that the machine's drift affects every scale alike. Before each URL the
    workers are left to finish what the previous load left queued; the status check is
    then timed too (one request alone: ``single_ms``). A page so slow that no response came
    back while the load lasted is loaded again for longer (at most SLOW_LOAD_SECONDS)."""
    load = load_wrk if args.loader == "wrk" else load_python
    rows: dict[int, list[dict]] = {scale: [] for scale in servers}
    for label, path in [*((u, u) for u in urls), (f"{BASELINE} (again)", BASELINE)]:
        for scale, server in servers.items():
            row: dict = {"url": label}
            row["waited_s"] = server.wait_idle()  # what the previous URL left queued
            t0 = time.perf_counter()
            status, body = get(server.port, path, timeout=120)
            row["single_ms"] = (time.perf_counter() - t0) * 1000
            row["status"], row["bytes"] = status, len(body)
            rows[scale].append(row)
            if status != 200:
                row["error"] = f"HTTP {status}"
                if status >= 500:
                    row["log"] = server.log_tail(3)
                continue
            if args.warmup > 0:
                load(server.port, path, args.warmup, args.concurrency)
                row["waited_s"] += server.wait_idle()  # the warm-up's requests still queued
            measured = load(server.port, path, args.seconds, args.concurrency)
            if measured.requests == 0:
                longer = min(SLOW_LOAD_SECONDS, max(2 * args.seconds, 4 * row["single_ms"] / 1000))
                measured = load(server.port, path, longer, args.concurrency)
            row.update(asdict(measured))
            if measured.requests == 0:
                row["p50_ms"] = row["p99_ms"] = None  # nothing came back: no latency to give
            print(
                f"  scale {scale:<4} {label:<66} {row['rps']:>9.1f} req/s  "
                f"one request {row['single_ms']:>8.1f} ms",
                flush=True,
            )
    for scale_rows in rows.values():
        baseline = scale_rows[0].get("rps")
        for row in scale_rows:
            if "rps" in row and baseline:
                row["ratio"] = row["rps"] / baseline
    return rows


def measure_http(args, envs: dict[int, dict], urls: list[str]) -> tuple[list[dict], list[dict]]:
    """For each cache mode: start one gunicorn per data set (scale → environment), load
    every URL on each, print the tables (and the growth), read the workers' memory."""
    modes = ["off", "on"] if args.cache == "both" else [args.cache]
    http_rows, memory = [], []
    for mode in modes:
        label = (
            "response cache off: every request computes its page"
            if mode == "off"
            else "response cache on: steady state, pages served from the cache"
        )
        print(
            f"\n[{label}] loading each URL ({args.loader}) at scale "
            f"{', '.join(map(str, envs))}: warm-up {args.warmup:g} s, then {args.seconds:g} s"
        )
        with contextlib.ExitStack() as stack:
            servers = {}
            for scale, env in envs.items():
                mode_env = {**env, "CCM_RESPONSE_CACHE_SECONDS": "0" if mode == "off" else "300"}
                tmpdir = Path(env["TMPDIR_BENCH"]) / f"scale-{scale}"
                tmpdir.mkdir(exist_ok=True)
                servers[scale] = stack.enter_context(gunicorn(mode_env, args.workers, tmpdir))
            rows = bench_http(servers, urls, args)
            mem = {scale: bench_memory(server) for scale, server in servers.items()}
        for scale, scale_rows in rows.items():
            print(f"\n[scale {scale}, {label}]")
            tables.print_http(scale_rows, mode, args.loader, args.seconds, args.concurrency)
            print_memory(mem[scale])
            http_rows += [{**r, "cache": mode, "scale": scale} for r in scale_rows]
            memory += [{**m, "cache": mode, "scale": scale} for m in mem[scale]]
        if len(rows) > 1:
            small, large = list(rows)
            growth = tables.print_growth(rows[small], rows[large], large, mode)
            http_rows += [{**g, "cache": mode, "growth": f"{small}→{large}"} for g in growth]
    return http_rows, memory


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=float, default=10, help="load per URL (default 10)")
    p.add_argument("--concurrency", type=int, default=4, help="concurrent clients (default 4)")
    p.add_argument("--warmup", type=float, default=2, help="warm-up load per URL (default 2 s)")
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    p.add_argument(
        "--runs", type=int, default=50, help="time-series and one-date repetitions (default 50)"
    )
    p.add_argument(
        "--year-runs",
        type=int,
        default=3,
        help="deadlines over a year: repetitions (default 3; 0 leaves them out)",
    )
    p.add_argument(
        "--loader",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator (default: wrk if /usr/bin/wrk exists)",
    )
    p.add_argument(
        "--cache",
        choices=["both", "on", "off"],
        default="both",
        help="response cache: 'on' measures steady state (hits), 'off' every request computing "
        "its page (CCM_RESPONSE_CACHE_SECONDS=0); default both, one after the other",
    )
    p.add_argument(
        "--scale",
        type=int,
        default=1,
        metavar="F",
        help="also measure on a synthetic data set F times today's (bench/scale.py)",
    )
    p.add_argument(
        "--http-only", action="store_true", help="leave out the in-process sections 1 and 2"
    )
    p.add_argument(
        "--only",
        action="append",
        metavar="TEXT",
        help="measure only the URLs containing TEXT (repeatable; /ping is always measured)",
    )
    p.add_argument("--json", type=Path, metavar="PATH", help="also write every figure here")
    args = p.parse_args(argv)
    if (
        args.seconds <= 0
        or args.concurrency < 1
        or args.workers < 1
        or args.runs < 1
        or args.year_runs < 0
        or args.warmup < 0
        or args.scale < 1
    ):
        p.error(
            "--seconds, --concurrency, --workers, --runs and --scale must be positive; "
            "--year-runs and --warmup at least 0"
        )
    if args.loader == "auto":
        args.loader = "wrk" if WRK.exists() else "python"
    if args.loader == "wrk" and not WRK.exists():
        p.error(f"{WRK} not found")
    return args


def run_inprocess(args) -> tuple[list[dict], list[dict]]:
    if args.http_only:
        return [], []
    timeseries = inprocess.bench_timeseries(args.runs)
    inprocess.print_timeseries(timeseries)
    deadlines = inprocess.bench_deadlines(args.runs, args.year_runs)
    inprocess.print_deadlines(deadlines)
    return timeseries, deadlines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with throwaway_database() as env, contextlib.ExitStack() as stack:
        import django

        django.setup()
        from django.core.management import call_command

        info = machine_info()
        print(
            "CCM Tracker benchmark — "
            + ", ".join(
                f"{k} {v}" for k, v in info.items() if k not in ("platform", "loadavg_start")
            )
        )
        loaded = prepare_database()
        print(
            f"Throwaway database {shown(env['DATABASE_URL'])}: loaded {{states}} States, "
            "{signatures} signatures, {instruments} instruments, "
            "{withdrawals} withdrawals".format(**loaded.counts)
        )
        urls = resolve_urls(args.only)
        config = {k: v for k, v in vars(args).items() if k != "json"}
        report: dict = {"machine": info, "config": config}
        report["timeseries"], report["deadlines"] = run_inprocess(args)
        call_command("collectstatic", interactive=False, verbosity=0)
        envs = {1: env}
        if args.scale > 1:
            from bench import scale

            # Scale 1 keeps a copy; this database grows to scale F.
            envs = {1: {**env, "DATABASE_URL": stack.enter_context(database_copy(env))}}
            print(f"\n== Scale {args.scale}: building the synthetic data set (bench/scale.py)")
            t0 = time.perf_counter()
            changed = scale.build(args.scale)
            scale.print_counts(changed, time.perf_counter() - t0)
            report["scale"] = {
                "factor": args.scale,
                "rows": {k: {"before": b, "after": a} for k, (b, a) in changed.items()},
            }
            report["scale"]["timeseries"], report["scale"]["deadlines"] = run_inprocess(args)
            envs[args.scale] = env
        from django.db import connections

        connections.close_all()  # gunicorn's workers open their own
        http_rows, memory = measure_http(args, envs, urls)

        info["loadavg_end"] = loadavg()
        print(f"\nLoad average at start {info['loadavg_start']}, at end {info['loadavg_end']}")
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            report |= {
                "targets": {
                    "timeseries_median_ms": inprocess.TIMESERIES_TARGET_MS,
                    "deadlines_one_date_median_ms": inprocess.DEADLINES_ONE_DATE_TARGET_MS,
                    "deadlines_rules_year_median_ms": inprocess.DEADLINES_RULES_YEAR_TARGET_MS,
                    "ratio_cache_on": tables.RATIO_TARGET,
                    "p50_ms_cache_off": tables.P50_TARGET_MS,
                    "p99_ms_cache_off": tables.P99_TARGET_MS,
                    "growth_p50": tables.GROWTH_TARGET,
                },
                "http": http_rows,
                "memory": memory,
            }
            args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
            print(f"\nWrote {args.json}")
        return 1 if any("error" in r for r in http_rows) else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)  # gunicorn is stopped and the throwaway database removed by then
