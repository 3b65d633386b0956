"""The throwaway database the benchmarks run on, and the production settings they use.

A temporary SQLite file in a temporary directory, or, when DATABASE_URL names a
PostgreSQL server, a new database created on that server for the run (``ccm_bench_…``)
and dropped afterwards: the database DATABASE_URL names is never written, and the
developer's var/ccm.sqlite3 is never opened.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HOST = "127.0.0.1"
POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql", "psql")


def bench_env(database_url: str) -> dict[str, str]:
    """The environment shared by this process and gunicorn: production settings, the
    throwaway database."""
    return {
        "DJANGO_SETTINGS_MODULE": "ccm.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_CONN_MAX_AGE": "600",
    }


def _admin_url(url: str) -> str:
    """The server's URL as libpq reads it (postgresql://…)."""
    parts = urlsplit(url)
    return urlunsplit(("postgresql", *parts[1:]))


@contextlib.contextmanager
def _postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the server `server_url` names, dropped on exit."""
    import psycopg

    name = f"ccm_bench_{secrets.token_hex(4)}"
    admin = _admin_url(server_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server_url)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def shown(url: str) -> str:
    """A database URL without its credentials, for printing."""
    return url.split("@")[-1] if "@" in url else url


@contextlib.contextmanager
def database_copy(env: dict[str, str]) -> Iterator[str]:
    """A copy of the throwaway database of `env` (throwaway_database's) as it stands,
    removed on exit: a second SQLite file written with SQLite's backup API, or a
    PostgreSQL database created from it as a template. Closes this process's
    connections first (a template must have none)."""
    from django.db import connections

    connections.close_all()
    database_url = env["DATABASE_URL"]
    parts = urlsplit(database_url)
    if parts.scheme in POSTGRES_SCHEMES:
        import psycopg

        source, name = parts.path.lstrip("/"), f"ccm_bench_{secrets.token_hex(4)}"
        admin = _admin_url(env["BENCH_SERVER_URL"])
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        try:
            yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    source = Path(database_url.removeprefix("sqlite:///"))
    target = source.with_name(f"{source.stem}-copy{source.suffix}")
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
    try:
        yield f"sqlite:///{target}"
    finally:
        target.unlink(missing_ok=True)


@contextlib.contextmanager
def throwaway_database(prefix: str = "ccm-bench-") -> Iterator[dict[str, str]]:
    """Set this process's environment for production settings on a throwaway database
    (see the module's docstring), yield that environment (with ``TMPDIR_BENCH``, a
    temporary directory for logs, and ``BENCH_SERVER_URL``, the server DATABASE_URL
    named, if any), and remove the database and the directory on exit."""
    tmpdir = Path(tempfile.mkdtemp(prefix=prefix))
    given = os.environ.get("DATABASE_URL", "")
    try:
        with contextlib.ExitStack() as stack:
            if urlsplit(given).scheme in POSTGRES_SCHEMES:
                url = stack.enter_context(_postgres_database(given))
            else:
                url = f"sqlite:///{tmpdir / 'bench.sqlite3'}"
            env = bench_env(url)
            os.environ.update(env)
            yield {**env, "TMPDIR_BENCH": str(tmpdir), "BENCH_SERVER_URL": given}
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        shutil.rmtree(tmpdir, ignore_errors=True)


def prepare_database() -> dict:
    """Create the schema and load the reference data into the (throwaway) database."""
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from ccm.reference.loader import load_all

    call_command("migrate", verbosity=0, interactive=False)
    return load_all(settings.CCM_DATA_DIR, today=timezone.localdate())
