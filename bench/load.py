"""gunicorn on a free loopback port, the load generators (wrk, or a Python one), and the
workers' memory: the HTTP half of bench/run.py."""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
WRK = Path("/usr/bin/wrk")
HOST = "127.0.0.1"
BASELINE = "/ping"
MAX_REQUESTS_PER_URL = 1_000_000  # a bound for the Python load generator besides time


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

    def cpu_ticks(self) -> int:
        """CPU time the workers have used so far (utime + stime, in clock ticks)."""
        total = 0
        for pid in self.worker_pids():
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])
        return total

    def wait_idle(self, timeout: float = 120, quiet: float = 0.3) -> float:
        """Wait until the workers have used no CPU for `quiet` seconds twice in a row (a
        load generator that stopped leaves requests queued: a slow page goes on being
        computed after wrk has gone). Returns the seconds waited (at most `timeout`)."""
        start = time.monotonic()
        still, ticks = 0, self.cpu_ticks()
        while still < 2 and time.monotonic() - start < timeout:
            time.sleep(quiet)
            now = self.cpu_ticks()
            still, ticks = (still + 1 if now == ticks else 0), now
        return time.monotonic() - start


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
        "30s",
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
