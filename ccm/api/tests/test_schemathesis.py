"""A schemathesis run over the whole published API schema, in the test command.

Every operation of /api/v1/schema/ is called through the WSGI application with requests
schemathesis generates from the schema (valid ones, and invalid ones that must be refused),
by three callers: anonymous; a focal point of Peru with a token, on Peru's records; and the
same focal point with `If-Match: *`, so that write bodies reach the forms and the services.
Each response must be no server error (5xx) and must conform to the schema: a documented
status code and content type, and a body the documented schema describes.

The run is bounded and deterministic (derandomized Hypothesis, a fixed number of examples
per operation, mode and caller). Its figures are printed and written to
test-artifacts/schemathesis.txt, a section per database. Writes it makes stay in the
test's transaction.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from django.conf import settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ccm.accounts.models import Role
from ccm.edit.tests.conftest import make_user, token_for
from ccm.obligations.models import StockpileRecord

EXAMPLES = 15
"""Examples per operation, per generation mode (valid, invalid) and per caller."""

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
REQUEST_LOG = logging.getLogger("django.request")
ARTIFACT = Path(settings.BASE_DIR) / "test-artifacts" / "schemathesis.txt"


@dataclass
class Tally:
    caller: str
    operations: int = 0
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    unsatisfiable: list[str] = field(default_factory=list)

    def line(self) -> str:
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(self.statuses.items()))
        return (
            f"{self.caller}: {self.operations} operations, {self.requests} requests "
            f"({codes}); {len(self.server_errors)} server errors, "
            f"{len(self.violations)} schema violations"
            + (
                f" ({len(self.unsatisfiable)} operation modes with nothing to vary)"
                if self.unsatisfiable
                else ""
            )
        )


class Application:
    """Django's WSGI handler called in-process, as the test client calls it: the test's
    database connection stays open (no close at the end of each request) and the
    exception behind a 500 is kept to be shown."""

    def __init__(self):
        self.handler = WSGIHandler()
        self.exceptions: list[str] = []

    def __call__(self, environ, start_response):
        return self.handler(environ, start_response)

    def record(self, **kwargs):
        self.exceptions.append(traceback.format_exc(limit=-6))

    def __enter__(self):
        self.log_level = REQUEST_LOG.level
        REQUEST_LOG.setLevel(logging.ERROR)  # not a warning line for each 4xx asked for
        signals.request_started.disconnect(close_old_connections)
        signals.request_finished.disconnect(close_old_connections)
        signals.got_request_exception.connect(self.record)
        return self

    def __exit__(self, *exc):
        signals.got_request_exception.disconnect(self.record)
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
        REQUEST_LOG.setLevel(self.log_level)


def explore(operation, mode, app: Application, tally: Tally, headers, fixed) -> None:
    """Call one operation with EXAMPLES generated requests of one mode; tally what it answers."""
    strategy = operation.as_strategy(
        generation_mode=mode, headers=headers or None, path_parameters=fixed or None
    )

    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=strategy)
    def probe(case):
        app.exceptions.clear()
        response = case.call(app=app)
        tally.requests += 1
        tally.statuses[response.status_code] += 1
        where = f"{case.method} {case.formatted_path} ({mode.value})"
        if response.status_code >= 500:
            tally.server_errors.append(
                f"{where}: {response.status_code}\n{case.as_curl_command()}\n"
                + "".join(app.exceptions)
            )
            return
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            for failure in group.exceptions:
                tally.violations.append(f"{where}: {failure.title}\n{failure.message}")

    try:
        probe()
    except Unsatisfiable:  # nothing left to vary, e.g. no invalid request possible
        tally.unsatisfiable.append(f"{operation.label} ({mode.value})")


def run(schema, app: Application, tally: Tally, *, headers=None, path=None, only=None):
    for result in schema.get_all_operations():
        operation = result.ok()
        if only is not None and not only(operation):
            continue
        tally.operations += 1
        fixed = {p.name: path[p.name] for p in operation.path_parameters if p.name in (path or {})}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            explore(operation, mode, app, tally, headers, fixed)


def write_figures(tallies: list[Tally], seconds: float) -> str:
    vendor = connection.vendor
    section = "\n".join(
        [
            f"## {vendor}",
            f"schemathesis {schemathesis.__version__}, {EXAMPLES} examples per operation, "
            f"mode and caller, {seconds:.1f} s",
            *(t.line() for t in tallies),
            "",
        ]
    )
    kept = []
    if ARTIFACT.exists():
        for part in ARTIFACT.read_text(encoding="utf-8").split("## ")[1:]:
            if not part.startswith(f"{vendor}\n"):
                kept.append(f"## {part}")
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text("".join(sorted([*kept, section])), encoding="utf-8")
    return section


@pytest.fixture
def focal_point(reference_data):
    return make_user("fp-per", Role.FOCAL_POINT, "PER")


def test_schemathesis_finds_no_server_error_and_no_schema_violation(focal_point):
    token = token_for(focal_point)
    record = StockpileRecord.objects.filter(obligation__state__iso3="PER").first()
    peru = {"iso3": "PER", "id": record.pk}
    started = time.monotonic()
    with Application() as app:
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app)
        tallies = [
            Tally("anonymous"),
            Tally("focal point (token)"),
            Tally("focal point (token), If-Match: *"),
        ]
        run(schema, app, tallies[0])
        auth = {"Authorization": f"Token {token}"}
        run(schema, app, tallies[1], headers=auth, path=peru)
        run(
            schema,
            app,
            tallies[2],
            headers={**auth, "If-Match": "*"},
            path=peru,
            only=lambda op: any(p.name == "If-Match" for p in op.headers),
        )
    section = write_figures(tallies, time.monotonic() - started)
    print(section)
    problems = [p for t in tallies for p in t.server_errors + t.violations]
    assert not problems, f"{len(problems)} problems; the first ones:\n\n" + "\n\n".join(
        problems[:30]
    )
