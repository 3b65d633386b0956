"""A synthetic data set F times today's, added to a database that holds the reference data.

Usage (from the repository root)::

    .venv/bin/python bench/scale.py [--factor 100] [--seed 11]

On its own the command builds in a throwaway database (bench/throwaway.py: a temporary
SQLite file, or a new database on the PostgreSQL server DATABASE_URL names), prints the
row counts before and after, and deletes the database; the developer's var/ccm.sqlite3 is
never opened. `bench/run.py --scale F` and `bench/profile_url.py --scale F` call
`build(F)` the same way, and the test suite (ccm/core/tests/test_bench_scale.py) calls
it at a small factor.

What `build(factor)` adds, on top of the real reference data (the 197 real States and
their acts, the meetings and the published figures stay as they are; bench/synthetic/
has one module per kind of record):

- **Article 7 reports**: ``factor × 20 × States / 100`` report versions (3,940 at
  factor 100: the issue's "20 years of reports for 200 States"). The treaty lets only a
  State Party report, an annual report cover only an ended year from its entry into
  force (Art. 7(2)), and the Convention entered into force in 2010, so the reports a
  State may have (its initial report and one annual report per ended year: about
  1,500 in all) come first, then amendments (versions 2, 3, …) up to the count. Every
  version has its ten parts (forms A–J: answered with text or figures, nothing to
  report with a statement, unchanged since an earlier report), figures on forms B, D,
  F, G, H and I, and its events; about 1 in 10 is restricted, some last versions are
  drafts.
- **Obligations**: ``factor ×`` today's Article 3/4 obligations, at most one per article
  for each State Party for which the Convention is in force (Art. 3, 4): 224 at 100.
- **Extension requests**: ``factor ×`` today's, as chains on the new ongoing
  obligations (bench/synthetic/extensions.py).
- **Stockpile records**: ``factor ×`` today's, on the Article 3 obligations of States
  that held stockpiles.
- **Users**: ``4 × factor`` (ISU staff, coordinators, focal points of States Parties)
  with their grants, a quarter of the focal points with an earlier, revoked grant.
- **History**: what the services would have recorded: a django-reversion revision (with
  its ChangeContext) per user action, holding a version of each record it saved
  (reports and parts as drafts, then as submitted), and the typed lifecycle events of
  obligations, extension requests and reports.

Rows are written with bulk_create, with the timestamps of the day each action took
place, and are checked first by the application's own rules
(`ccm.core.validators.field_errors`, `ccm.obligations.deadlines.check_obligation`,
`check_extension`, `check_stockpile_record`, `ccm.reports.rules.submission_errors`):
a row the application would refuse is a bug of the builder and raises. Random choices
come from `seed`: a factor and a seed always give the same data set.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if __name__ == "__main__" and str(REPO) not in sys.path:  # run as a script
    sys.path.insert(0, str(REPO))


def counts() -> dict[str, int]:
    """Rows of every installed model, by label."""
    from django.apps import apps

    return {m._meta.label_lower: m._default_manager.count() for m in apps.get_models()}


def build(factor: int, *, today: date | None = None, seed: int = 11) -> dict[str, tuple[int, int]]:
    """Add the synthetic data set for `factor` to the current database (which holds the
    reference data and nothing synthetic yet), in one transaction. Returns
    {model label: (rows before, rows after)} for the models that gained rows.
    Raises bench.synthetic.world.ScaleError on a database already scaled."""
    from django.db import transaction
    from django.utils import timezone

    from bench.synthetic.extensions import add_extension_requests
    from bench.synthetic.obligations import add_obligations, add_stockpile_records
    from bench.synthetic.people import add_users
    from bench.synthetic.reports import add_reports
    from bench.synthetic.world import ScaleError, World

    if factor < 1:
        raise ScaleError("the factor is a whole number of at least 1")
    before = counts()
    if factor > 1:
        with transaction.atomic():
            world = World.read(factor, today or timezone.localdate(), seed)
            add_users(world)
            add_extension_requests(world, add_obligations(world))
            add_stockpile_records(world)
            add_reports(world)
            world.history.write()
    after = counts()
    return {k: (before[k], n) for k, n in after.items() if n != before.get(k)}


def print_counts(changed: dict[str, tuple[int, int]], seconds: float | None = None) -> None:
    print(f"{'rows':<36} {'before':>8} {'after':>9} {'×':>7}")
    for label, (b, a) in sorted(changed.items()):
        ratio = f"{a / b:.1f}" if b else "new"
        print(f"{label:<36} {b:>8} {a:>9} {ratio:>7}")
    if seconds is not None:
        print(f"built in {seconds:.1f} s")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--factor", type=int, default=100, help="times today's data (default 100)")
    p.add_argument("--seed", type=int, default=11, help="random seed (default 11)")
    args = p.parse_args(argv)
    if args.factor < 1:
        p.error("--factor must be at least 1")
    from bench.throwaway import prepare_database, shown, throwaway_database

    with throwaway_database(prefix="ccm-scale-") as env:
        import django

        django.setup()
        print(f"Throwaway database: {shown(env['DATABASE_URL'])}")
        prepare_database()
        t0 = time.perf_counter()
        changed = build(args.factor, seed=args.seed)
        print_counts(changed, time.perf_counter() - t0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
