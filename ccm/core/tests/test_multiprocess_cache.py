"""Several server processes, one PostgreSQL database, one Redis cache (docs/deploy.md): a
change saved through one process is never answered from the cache by another.

Two real servers (gunicorn, the project's WSGI application, one worker each: two
machines as far as the cache can tell) run against the test database with
`CACHE_URL` naming the Redis server of `CCM_TEST_REDIS_URL`. Their data-version memo is
kept for the whole test (`CCM_DATA_VERSION_TTL=300`), so only the change generation
shared through Redis can tell process B about a change saved through process A.

The test exists when the database is PostgreSQL and `CCM_TEST_REDIS_URL` is set:
`./dev test` starts a throwaway Redis server for its PostgreSQL run and sets it. With
`CCM_REQUIRE_REDIS=1` (CI) a run without them fails instead of leaving it out.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from ccm.accounts.models import Role
from ccm.edit.tests.conftest import make_user, token_for

REDIS_URL = os.environ.get("CCM_TEST_REDIS_URL", "")
ON_POSTGRES = connection.vendor == "postgresql"


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    log: Path
    port: int = 0

    def log_tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-40:])

    def request(self, method: str, path: str, body=None, headers=None):
        """(status, headers, text) of one request to this server."""
        req = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Accept": "application/json, text/html", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, r.headers, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read().decode()

    def get(self, path: str):
        status, headers, text = self.request("GET", path)
        assert status == 200, f"{self.name} GET {path}: {status}\n{text[:500]}\n{self.log_tail()}"
        return headers, text


def database_url() -> str:
    """The test database (not the one DATABASE_URL names: pytest-django made its own)."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}{password}@{host}{port}/{quote(db['NAME'], safe='')}"


def server_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ccm.settings",
        "DJANGO_DEBUG": "1",  # development defaults: no HTTPS redirect, 127.0.0.1 allowed
        "DATABASE_URL": database_url(),
        "CACHE_URL": REDIS_URL,
        "CCM_RESPONSE_CACHE_SECONDS": "300",
        # Each process memoises the data version for the whole test: only the shared
        # change generation can tell it about a change made by the other process.
        "CCM_DATA_VERSION_TTL": "300",
        "CCM_TRUSTED_PROXY_HOPS": "0",
    }


@contextmanager
def gunicorn(name: str, tmp_path: Path) -> Iterator[Server]:
    """gunicorn (one worker) on a free loopback port chosen by the system, until the block
    exits; then stopped (SIGTERM, as a deployment stops it)."""
    log = tmp_path / f"{name}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "ccm.wsgi", "-w", "1", "-b", "127.0.0.1:0"],
            cwd=settings.BASE_DIR,
            env=server_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(name, proc, log)
    try:
        deadline = time.monotonic() + 60
        while not server.port:
            assert proc.poll() is None, f"{name} exited:\n{server.log_tail()}"
            assert time.monotonic() < deadline, f"{name} did not start:\n{server.log_tail()}"
            found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
            if found:
                server.port = int(found[1])
            else:
                time.sleep(0.1)
        while True:  # the worker answers once it has loaded the application
            try:
                if server.request("GET", "/ping")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, f"{name} exited:\n{server.log_tail()}"
            assert time.monotonic() < deadline, f"{name} did not answer:\n{server.log_tail()}"
            time.sleep(0.1)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


if REDIS_URL and ON_POSTGRES:

    @pytest.mark.django_db(transaction=True)
    def test_a_change_saved_through_one_process_invalidates_the_page_cached_by_another(
        reference_data, tmp_path
    ):
        token = token_for(make_user("fp-per", Role.FOCAL_POINT, "PER"))
        with gunicorn("A", tmp_path) as a, gunicorn("B", tmp_path) as b:
            api, page = "/api/v1/obligations?state=PER", "/states/PER/"
            for url in (api, page):
                first, _ = b.get(url)
                assert first.get("X-Cache") is None, f"{url} was cached before the test"
                again, _ = b.get(url)
                assert again.get("X-Cache") == "hit", f"B did not cache {url}"
            # The cache is shared: A answers from what B stored.
            assert a.get(api)[0].get("X-Cache") == "hit"

            status, _, text = a.request(
                "PATCH",
                "/api/v1/obligations/PER/3",
                {"notes": "changed through process A", "source_url": "https://example.org/a"},
                {
                    "Content-Type": "application/json",
                    "Authorization": f"Token {token}",
                    "If-Match": "*",
                },
            )
            assert status == 200, f"PATCH through A: {status} {text}\n{a.log_tail()}"

            headers, text = b.get(api)
            assert headers.get("X-Cache") is None and "changed through process A" in text
            assert b.get(page)[0].get("X-Cache") is None  # every page, not only the one changed
            # and the new answers are cached again
            assert b.get(api)[0].get("X-Cache") == "hit"
            assert b.get(page)[0].get("X-Cache") == "hit"

elif os.environ.get("CCM_REQUIRE_REDIS") == "1":

    def test_the_multiprocess_cache_test_can_run():
        pytest.fail(
            "CCM_REQUIRE_REDIS=1, but the multi-process cache test needs PostgreSQL "
            f"(the database is {connection.vendor}) and a Redis server in CCM_TEST_REDIS_URL "
            f"({'set' if REDIS_URL else 'not set'}): run ./dev test, which starts both."
        )
