"""CCM Tracker benchmark harness: prints figures, ratios and PASS/FAIL against the targets.

Usage (from the repository root)::

    .venv/bin/python bench/run.py [--seconds N] [--concurrency C] [--json PATH]
                                  [--warmup S] [--workers W] [--runs R] [--year-runs Y]
                                  [--loader wrk|python]

Everything runs with production settings (ccm.settings, DJANGO_DEBUG=0, a random
secret key) on a throwaway SQLite database in a temporary directory, deleted at
the end (the developer's var/ccm.sqlite3 is never opened), loaded with the
reference data in data/. `collectstatic` writes to STATIC_ROOT (var/static, which
is gitignored; the setting is not read from the environment).

1. Time series (in process). The pure rule computation
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
   reading the inputs once (``membership.all_acts()``, ``obligations_by_state()``
   and each obligation's ``facts()``), then the pure rules alone
   (``deadlines.treaty_deadline`` and ``report_deadlines`` for each State Party)
   on the one date and on the 365 dates. One-date rows are timed like the time
   series; year rows ``--year-runs`` times (default 3; the first call, which counts
   the queries, is the warm-up), the total and the total
   divided by 365 are printed. Queries are counted per call with
   CaptureQueriesContext. Targets: one date, median < 100 ms; pure rules over
   the 365 dates, median total < 18.25 s (50 ms a date, as for the time series).

3. HTTP (gunicorn, DEBUG=0, static files collected with whitenoise's manifest
   storage). For each URL: a status check, a warm-up, then ``--seconds`` of load
   from ``--concurrency`` clients. The load generator is wrk when
   /usr/bin/wrk exists, else a Python one (threads, one ``http.client``
   connection each). Printed: requests/s, p50 and p99 latency, and the
   throughput ratio against the trivial ``/ping`` view measured in the same run.
   Target: ratio >= 0.5 with no error response. wrk's p50/p99 come from its
   --latency table; the Python generator uses nearest-rank percentiles. /ping
   is measured again at the end: that second ratio shows how much the machine
   drifted during the run (far from 1.00: rerun on a quieter machine). A URL
   that does not answer 200 is reported with the server log and the exit
   status is 1.

4. Peak memory: VmHWM (peak resident set size) of each gunicorn worker, read
   from /proc after the load.

How to read the figures: compare ratios within one run, not absolute numbers
across runs or machines. The reference machine has 2 cores, and the load
generator shares them with the gunicorn workers, so requests/s are a lower
bound and vary from run to run; the ratio to /ping cancels most of that out.
gunicorn's default sync worker answers every request with "Connection: close",
so clients reconnect for each request (for /ping as for the other URLs).

To see where a slow URL spends its time: bench/profile_url.py.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import http.client
import json
import math
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import timeit
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
WRK = Path("/usr/bin/wrk")
HOST = "127.0.0.1"

TIMESERIES_TARGET_MS = 50.0
DEADLINES_ON = date(2026, 11, 23)
DEADLINES_YEAR = 2025
DEADLINES_ONE_DATE_TARGET_MS = 100.0  # deadlines_on(on), median
DEADLINES_RULES_YEAR_TARGET_MS = (
    365 * 50.0
)  # pure rules for every day of DEADLINES_YEAR: < 50 ms a date
RATIO_TARGET = 0.5
BASELINE = "/ping"
URLS = [
    BASELINE,
    "/",
    "/states/",
    "/states/LAO/",
    "/api/v1/membership/summary?as_of=2022-08-01&grouping=ccm-region",
    "/deadlines/",
    "/api/v1/deadlines?state=LAO",
    "/reports/status/?year=2025",
    "/reports/overdue/",
    "/api/v1/reporting/status?year=2025",
]
MAX_REQUESTS_PER_URL = 1_000_000  # a bound for the Python load generator besides time


# --------------------------------------------------------------------------- environment


def bench_env(tmpdir: Path) -> dict[str, str]:
    """The environment shared by this process and gunicorn: production settings, temp DB."""
    return {
        "DJANGO_SETTINGS_MODULE": "ccm.settings",
        "DATABASE_URL": f"sqlite:///{tmpdir / 'bench.sqlite3'}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": "600",
    }


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


def prepare_database() -> dict:
    """Create the schema and load the reference data into the (temporary) database."""
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from ccm.reference.loader import load_all

    call_command("migrate", verbosity=0, interactive=False)
    return load_all(settings.CCM_DATA_DIR, today=timezone.localdate())


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


# --------------------------------------------------------------------------- 3. HTTP


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float = 10) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log: Path

    def log_tail(self, n: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        return ""

    def worker_pids(self) -> list[int]:
        """Children of the gunicorn master (its workers), from /proc/*/stat."""
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                if ppid == self.proc.pid:
                    pids.append(int(stat.parent.name))
        return sorted(pids)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, tmpdir: Path) -> Iterator[Server]:
    """Run gunicorn on a free 127.0.0.1 port until the block exits, then stop it (SIGTERM)."""
    port = free_port()
    log = tmpdir / "gunicorn.log"
    cmd = [
        str(VENV_BIN / "gunicorn"),
        "ccm.wsgi",
        "-w",
        str(workers),
        "-b",
        f"{HOST}:{port}",
    ]
    with open(log, "wb") as logf:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO,
            env={**os.environ, **env},
            stdout=logf,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us only; we stop gunicorn below
        )
    server = Server(proc, port, log)
    try:
        wait_ready(server)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # graceful: workers finish their request
            try:
                proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def wait_ready(server: Server, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({server.proc.returncode}):\n{server.log_tail()}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            status, body = get(server.port, BASELINE, timeout=2)
            if status == 200 and body == b"ok":
                return
        time.sleep(0.1)
    raise RuntimeError(
        f"gunicorn did not answer {BASELINE} in {timeout:.0f} s:\n{server.log_tail()}"
    )


@dataclass
class Load:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int  # socket errors and timeouts
    non_2xx: int  # responses outside 2xx/3xx


_WRK_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not m:
        raise ValueError(f"unexpected wrk duration {text!r}")
    return float(m.group(1)) * _WRK_UNITS[m.group(2)]


def parse_wrk(out: str) -> Load:
    """Parse `wrk --latency` output (percentile table 50/75/90/99, Requests/sec, errors)."""
    pct = {p: _ms(v) for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", out, re.M)}
    done = re.search(r"^\s*(\d+) requests in ([\d.]+)(\w+),", out, re.M)
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", out, re.M)
    if not (done and rps and "50" in pct and "99" in pct):
        raise ValueError(f"could not parse wrk output:\n{out}")
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Load(
        requests=int(done.group(1)),
        seconds=_ms(done.group(2) + done.group(3)) / 1000,
        rps=float(rps.group(1)),
        p50_ms=pct["50"],
        p99_ms=pct["99"],
        errors=sum(int(g) for g in sock.groups()) if sock else 0,
        non_2xx=int(non2xx.group(1)) if non2xx else 0,
    )


def load_wrk(port: int, path: str, seconds: float, concurrency: int) -> Load:
    threads = max(1, min(concurrency, os.cpu_count() or 1))
    cmd = [
        str(WRK),
        f"-t{threads}",
        f"-c{concurrency}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "--latency",
        f"http://{HOST}:{port}{path}",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60, check=True)
    return parse_wrk(out.stdout)


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list (p in 0..100)."""
    if not sorted_values:
        return float("nan")
    k = math.ceil(p / 100 * len(sorted_values)) - 1
    return sorted_values[max(0, min(len(sorted_values) - 1, k))]


def load_python(port: int, path: str, seconds: float, concurrency: int) -> Load:
    """`concurrency` threads, each reusing one HTTP/1.1 connection (reopened when closed)."""
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    non2xx = [0] * concurrency
    cap = MAX_REQUESTS_PER_URL // concurrency
    start = time.perf_counter()
    deadline = start + seconds

    def client(i: int) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        lat = latencies[i]
        while len(lat) + errors[i] < cap:
            t0 = time.perf_counter()
            if t0 >= deadline:
                break
            try:
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
            except (OSError, http.client.HTTPException):
                errors[i] += 1
                conn.close()
                continue
            lat.append(time.perf_counter() - t0)
            if not 200 <= resp.status < 400:
                non2xx[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    all_ms = sorted(x * 1000 for lat in latencies for x in lat)
    return Load(
        requests=len(all_ms),
        seconds=elapsed,
        rps=len(all_ms) / elapsed,
        p50_ms=percentile(all_ms, 50),
        p99_ms=percentile(all_ms, 99),
        errors=sum(errors),
        non_2xx=sum(non2xx),
    )


def bench_http(
    server: Server, seconds: float, concurrency: int, warmup: float, loader: str
) -> list[dict]:
    load = load_wrk if loader == "wrk" else load_python
    rows: list[dict] = []
    for label, path in [*((u, u) for u in URLS), (f"{BASELINE} (again)", BASELINE)]:
        row: dict = {"url": label}
        status, body = get(server.port, path)
        row["status"] = status
        row["bytes"] = len(body)
        if status != 200:
            row["error"] = f"HTTP {status}"
            if status >= 500:
                row["log"] = server.log_tail(3)
            rows.append(row)
            continue
        load(server.port, path, warmup, concurrency)
        row.update(asdict(load(server.port, path, seconds, concurrency)))
        rows.append(row)
        print(f"  {label:<66} {row['rps']:>9.1f} req/s", flush=True)
    baseline = rows[0].get("rps")
    for row in rows:
        if "rps" in row and baseline:
            row["ratio"] = row["rps"] / baseline
            row["pass"] = row["ratio"] >= RATIO_TARGET and row["non_2xx"] == 0
    return rows


def print_http(rows: list[dict], loader: str, seconds: float, concurrency: int) -> None:
    print(
        f"\n== HTTP ({loader}, {seconds:g} s per URL, {concurrency} concurrent clients; "
        f"target ≥ {RATIO_TARGET} × {BASELINE})"
    )
    print(
        f"{'URL':<66} {'bytes':>6} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'ratio':>6}  "
        f"{'result':<6} errors"
    )
    for r in rows:
        if "error" in r:
            print(f"{r['url']:<66} {r['bytes']:>6} {r['error']}")
            for line in r.get("log", "").splitlines():
                print(f"    | {line}")
            continue
        if r["url"] == BASELINE:
            verdict = "base"
        elif r["url"].startswith(BASELINE):
            verdict = "drift"
        else:
            verdict = "PASS" if r["pass"] else "FAIL"
        errors = r["errors"] + r["non_2xx"]
        print(
            f"{r['url']:<66} {r['bytes']:>6} {r['rps']:>8.1f} {r['p50_ms']:>7.2f} "
            f"{r['p99_ms']:>7.2f} {r['ratio']:>6.2f}  {verdict:<6} {errors}"
        )


# --------------------------------------------------------------------------- 4. memory


def proc_status_kib(pid: int, field: str) -> int | None:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def bench_memory(server: Server) -> list[dict]:
    rows = []
    for role, pid in [("master", server.proc.pid), *(("worker", p) for p in server.worker_pids())]:
        hwm, rss = proc_status_kib(pid, "VmHWM"), proc_status_kib(pid, "VmRSS")
        rows.append(
            {
                "role": role,
                "pid": pid,
                "peak_rss_mib": hwm / 1024 if hwm is not None else None,
                "rss_mib": rss / 1024 if rss is not None else None,
            }
        )
    return rows


def print_memory(rows: list[dict]) -> None:
    print("\n== gunicorn memory after the load (VmHWM = peak RSS)")
    print(f"{'process':<16} {'peak RSS MiB':>12} {'RSS MiB':>8}")
    for r in rows:
        peak = f"{r['peak_rss_mib']:.1f}" if r["peak_rss_mib"] is not None else "?"
        rss = f"{r['rss_mib']:.1f}" if r["rss_mib"] is not None else "?"
        print(f"{r['role'] + ' ' + str(r['pid']):<16} {peak:>12} {rss:>8}")


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
        "--year-runs", type=int, default=3, help="deadlines over a year: repetitions (default 3)"
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
    p.add_argument("--json", type=Path, metavar="PATH", help="also write every figure here")
    args = p.parse_args(argv)
    if (
        args.seconds <= 0
        or args.concurrency < 1
        or args.workers < 1
        or args.runs < 1
        or args.year_runs < 1
    ):
        p.error("--seconds, --concurrency, --workers, --runs and --year-runs must be positive")
    if args.loader == "auto":
        args.loader = "wrk" if WRK.exists() else "python"
    if args.loader == "wrk" and not WRK.exists():
        p.error(f"{WRK} not found")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    tmpdir = Path(tempfile.mkdtemp(prefix="ccm-bench-"))
    try:
        env = bench_env(tmpdir)
        os.environ.update(env)
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        info = machine_info()
        print(
            "CCM Tracker benchmark — "
            + ", ".join(
                f"{k} {v}" for k, v in info.items() if k not in ("platform", "loadavg_start")
            )
        )
        loaded = prepare_database()
        print(
            "Temporary database {}: loaded {states} States, {signatures} signatures, "
            "{instruments} instruments, {withdrawals} withdrawals".format(
                env["DATABASE_URL"], **loaded
            )
        )
        timeseries = bench_timeseries(args.runs)
        print_timeseries(timeseries)
        deadlines = bench_deadlines(args.runs, args.year_runs)
        print_deadlines(deadlines)

        call_command("collectstatic", interactive=False, verbosity=0)
        connections.close_all()  # gunicorn's workers open their own

        modes = ["off", "on"] if args.cache == "both" else [args.cache]
        http_rows, memory = [], []
        for mode in modes:
            mode_env = {**env, "CCM_RESPONSE_CACHE_SECONDS": "0" if mode == "off" else "300"}
            label = (
                "response cache off: every request computes its page"
                if mode == "off"
                else ("response cache on: steady state, pages served from the cache")
            )
            print(
                f"\n[{label}] loading each URL ({args.loader}): "
                f"warm-up {args.warmup:g} s, then {args.seconds:g} s"
            )
            with gunicorn(mode_env, args.workers, tmpdir) as server:
                rows = bench_http(server, args.seconds, args.concurrency, args.warmup, args.loader)
                mem = bench_memory(server)
            print(f"\n[{label}]")
            print_http(rows, args.loader, args.seconds, args.concurrency)
            print_memory(mem)
            http_rows += [{**r, "cache": mode} for r in rows]
            memory += [{**m, "cache": mode} for m in mem]
        info["loadavg_end"] = loadavg()
        print(f"\nLoad average at start {info['loadavg_start']}, at end {info['loadavg_end']}")

        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            config = {k: v for k, v in vars(args).items() if k != "json"}
            report = {
                "machine": info,
                "config": config,
                "targets": {
                    "timeseries_median_ms": TIMESERIES_TARGET_MS,
                    "deadlines_one_date_median_ms": DEADLINES_ONE_DATE_TARGET_MS,
                    "deadlines_rules_year_median_ms": DEADLINES_RULES_YEAR_TARGET_MS,
                    "ratio": RATIO_TARGET,
                },
                "timeseries": timeseries,
                "deadlines": deadlines,
                "http": http_rows,
                "memory": memory,
            }
            args.json.write_text(json.dumps(report, indent=2, default=str) + "\n")
            print(f"\nWrote {args.json}")
        return 1 if any("error" in r for r in http_rows) else 0
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)  # gunicorn is stopped and the temporary directory removed by then
