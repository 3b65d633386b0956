"""Profile one URL in process: wall time, SQL queries and the functions that dominate.

Usage (from the repository root)::

    .venv/bin/python bench/profile_url.py /states/ [--requests 20] [--top 25] [--scale F] [--cache on|off]

Same throwaway database and production settings as bench/run.py (DEBUG=0,
reference data loaded into a temporary SQLite file, or a new database on the
PostgreSQL server DATABASE_URL names; with ``--scale F``, the synthetic data set F
times today's of bench/scale.py on top), the response cache off unless ``--cache on``.
The request goes through Django's test client, so the whole middleware stack runs but
no HTTP server.
Prints the median wall time (without the profiler), the number of SQL queries,
then the top functions by cumulative and by own time under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: bench/ is a package of the repository root
    sys.path.insert(0, str(REPO))

from bench.throwaway import prepare_database, throwaway_database  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("url", help="path and query, e.g. /states/ or '/api/v1/states/?q=lao'")
    p.add_argument("--requests", type=int, default=20, help="timed and profiled requests")
    p.add_argument("--top", type=int, default=25, help="functions listed per ordering")
    p.add_argument("--scale", type=int, default=1, help="data set F times today's (default 1)")
    p.add_argument(
        "--cache",
        choices=["on", "off"],
        default="off",
        help="response cache (default off: every request computes its page)",
    )
    args = p.parse_args(argv)
    if args.scale < 1 or args.requests < 1:
        p.error("--scale and --requests must be positive")

    with throwaway_database(prefix="ccm-profile-") as env:
        os.environ["CCM_RESPONSE_CACHE_SECONDS"] = "0" if args.cache == "off" else "300"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        prepare_database()
        if args.scale > 1:
            from bench.scale import build

            build(args.scale)
        call_command("collectstatic", interactive=False, verbosity=0)  # manifest for DEBUG=0
        client = Client(HTTP_HOST=env["DJANGO_ALLOWED_HOSTS"])
        response = client.get(args.url)  # warm-up: imports, template cache, connection
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(args.url)
        queries = list(ctx.captured_queries)  # a view of the log, which the next request resets
        times = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            client.get(args.url)
            times.append(time.perf_counter() - t0)
        print(
            f"{args.url}: HTTP {response.status_code}, {len(response.content)} bytes, "
            f"median {statistics.median(times) * 1000:.2f} ms over {args.requests} requests, "
            f"{len(queries)} SQL queries"
        )
        for q in queries:
            print(f"  SQL {q['time']}s  {q['sql'][:150]}")

        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.requests):
            client.get(args.url)
        profiler.disable()
        stats = pstats.Stats(profiler).strip_dirs()
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        connection.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
