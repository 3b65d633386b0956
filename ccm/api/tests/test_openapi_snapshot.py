"""The published OpenAPI schema (docs/api/openapi-v1.yaml) matches what the code serves.

A change to the API must update the snapshot on purpose:
    .venv/bin/ccm spectacular --api-version v1 --file docs/api/openapi-v1.yaml --validate
"""

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

SNAPSHOT = Path(settings.BASE_DIR) / "docs" / "api" / "openapi-v1.yaml"


def test_schema_matches_snapshot():
    out = StringIO()
    call_command("spectacular", "--api-version", "v1", "--validate", stdout=out)
    assert out.getvalue() == SNAPSHOT.read_text(encoding="utf-8"), (
        "The API changed: review it and regenerate docs/api/openapi-v1.yaml (see this test's docstring)."
    )


def test_served_schema_lists_the_endpoints(client):
    r = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert r.status_code == 200
    assert set(r.json()["paths"]) == {
        "/api/v1/membership/summary",
        "/api/v1/membership/timeseries",
        "/api/v1/states/",
        "/api/v1/states/{iso3}",
        "/api/v1/deadlines",
        "/api/v1/extension-requests",
        "/api/v1/obligations",
        "/api/v1/obligations/counts",
        "/api/v1/obligations/{iso3}/{article}",
        "/api/v1/obligations/{iso3}/{article}/extension-requests",
        "/api/v1/states/{iso3}/stockpile-records",
        "/api/v1/states/{iso3}/stockpile-records/{id}",
        "/api/v1/history/{label}/{id}",
        "/api/v1/reports",
        "/api/v1/reports/{id}",
        "/api/v1/reporting/status",
        "/api/v1/reporting/rates",
        "/api/v1/reporting/overdue",
    }
