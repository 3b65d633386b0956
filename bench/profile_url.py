"""Profile one URL in process: wall time, SQL queries and the functions that dominate.

Usage (from the repository root)::

    .venv/bin/python bench/profile_url.py /states/ [--requests 20] [--top 25]

Same throwaway database and production settings as bench/run.py (DEBUG=0,
reference data loaded into a temporary SQLite file). The request goes through
Django's test client, so the whole middleware stack runs but no HTTP server.
Prints the median wall time (without the profiler), the number of SQL queries,
then the top functions by cumulative and by own time under cProfile.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import bench_env, prepare_database


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("url", help="path and query, e.g. /states/ or '/api/v1/states/?q=lao'")
    p.add_argument("--requests", type=int, default=20, help="timed and profiled requests")
    p.add_argument("--top", type=int, default=25, help="functions listed per ordering")
    args = p.parse_args(argv)

    tmpdir = Path(tempfile.mkdtemp(prefix="ccm-profile-"))
    try:
        env = bench_env(tmpdir)
        os.environ.update(env)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        prepare_database()
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
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
