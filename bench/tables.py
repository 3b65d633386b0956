"""The HTTP tables of bench/run.py: per URL, requests/s, p50, p99 and the ratio to /ping
with PASS/FAIL against the targets, and the growth from scale 1 to scale F."""

from __future__ import annotations

from bench.load import BASELINE

RATIO_TARGET = 0.5  # cache on: throughput at least half of /ping's
P50_TARGET_MS = 20.0  # cache off (issue 11)
P99_TARGET_MS = 50.0
GROWTH_TARGET = 2.0  # --scale: p50 at most twice today's


def verdict(row: dict, mode: str) -> str:
    """PASS/FAIL of one URL: cache on, the ratio to /ping; cache off, p50 and p99."""
    if row["url"] == BASELINE:
        return "base"
    if row["url"].startswith(BASELINE):
        return "drift"
    if row["non_2xx"] or row["p50_ms"] is None:
        return "FAIL"
    if mode == "on":
        ok = row["ratio"] >= RATIO_TARGET
    else:
        ok = row["p50_ms"] <= P50_TARGET_MS and row["p99_ms"] <= P99_TARGET_MS
    return "PASS" if ok else "FAIL"


def ms(value: float | None, width: int = 8) -> str:
    return f"{'—':>{width}}" if value is None else f"{value:>{width}.2f}"


def print_http(rows: list[dict], mode: str, loader: str, seconds: float, conc: int) -> None:
    """One row per URL; "1 req ms" is the status check, one request alone (a page too slow
    for any response to come back under load has no p50 and p99)."""
    target = (
        f"target ≥ {RATIO_TARGET} × {BASELINE}"
        if mode == "on"
        else f"target p50 ≤ {P50_TARGET_MS:g} ms, p99 ≤ {P99_TARGET_MS:g} ms"
    )
    print(f"\n== HTTP ({loader}, {seconds:g} s per URL, {conc} concurrent clients; {target})")
    print(
        f"{'URL':<66} {'bytes':>7} {'1 req ms':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'× ping':>6}  {'result':<6} errors"
    )
    for r in rows:
        if "error" in r:
            print(f"{r['url']:<66} {r['bytes']:>7} {r['error']}")
            for line in r.get("log", "").splitlines():
                print(f"    | {line}")
            continue
        r["result"] = verdict(r, mode)
        print(
            f"{r['url']:<66} {r['bytes']:>7} {ms(r['single_ms'])} {r['rps']:>8.1f} "
            f"{ms(r['p50_ms'])} {ms(r['p99_ms'])} {r['ratio']:>6.2f}  {r['result']:<6} "
            f"{r['errors'] + r['non_2xx']}"
        )


def print_growth(small: list[dict], large: list[dict], factor: int, mode: str) -> list[dict]:
    """Per URL: p50, p99 and × /ping at scale 1 and at `factor`, and the growth of p50 and
    p99 (of one request alone, marked "1 req", where a side has no p50)."""
    print(
        f"\n== Growth, response cache {mode}: scale 1 → scale {factor} "
        f"(target: p50 at most {GROWTH_TARGET:g}× scale 1's)"
    )
    print(
        f"{'URL':<62} {'p50 ms':>8} {'p99 ms':>8} {'× ping':>6} │ {'p50 ms':>8} {'p99 ms':>8} "
        f"{'× ping':>6} │ {'p50 ×':>6} {'p99 ×':>6}  result"
    )
    at_scale = {r["url"]: r for r in large}
    out = []
    for a in small:
        b = at_scale.get(a["url"])
        if b is None or "error" in a or "error" in b:
            why = (a.get("error") or (b or {}).get("error") or "not measured") if b else "—"
            print(f"{a['url']:<62} {why}")
            out.append({"url": a["url"], "error": why})
            continue
        if a["p50_ms"] is None or b["p50_ms"] is None:
            g50, g99, basis = b["single_ms"] / a["single_ms"], None, " (1 req)"
        else:
            g50, g99, basis = b["p50_ms"] / a["p50_ms"], b["p99_ms"] / a["p99_ms"], ""
        result = "" if a["url"].startswith(BASELINE) else "PASS" if g50 <= GROWTH_TARGET else "FAIL"
        print(
            f"{a['url']:<62} {ms(a['p50_ms'])} {ms(a['p99_ms'])} {a['ratio']:>6.2f} │ "
            f"{ms(b['p50_ms'])} {ms(b['p99_ms'])} {b['ratio']:>6.2f} │ "
            f"{ms(g50, 6)} {ms(g99, 6)}  {result}{basis}"
        )
        out.append({"url": a["url"], "p50_growth": g50, "p99_growth": g99, "result": result})
    return out
