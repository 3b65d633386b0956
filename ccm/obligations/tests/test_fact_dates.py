"""Dated facts have plausible dates: what has happened is not after today nor before the
Convention's adoption; what may lie ahead lies at most MAX_YEARS_AHEAD years ahead. The API,
the editing pages, the admin and the services refuse the rest; the real reference data
passes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from ccm.core.validators import FactDate, validate_sources
from ccm.edit.tests.conftest import make_user, token_for
from ccm.history.concurrency import Token
from ccm.meetings.models import Meeting
from ccm.obligations import services
from ccm.obligations.models import ExtensionRequest, Obligation, StockpileRecord


def _snapshot():
    return (
        list(StockpileRecord.objects.values_list("pk", "on", "cluster_munitions")),
        list(Obligation.objects.values_list("pk", "completed_on", "completion_declared_on")),
        ExtensionRequest.objects.count(),
    )


@pytest.fixture
def focal_points(reference_data):
    return make_user("fp-per", "focal_point", "PER"), make_user("fp-tcd", "focal_point", "TCD")


def test_fact_dated_9999_is_refused(focal_points, client):
    per, tcd = focal_points
    before = _snapshot()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    # The API, with a focal point's token.
    headers = {"HTTP_AUTHORIZATION": f"Token {token_for(per)}"}
    for on in ("9999-12-31", tomorrow, "2001-01-01"):
        r = client.post(
            "/api/v1/states/PER/stockpile-records",
            {"kind": "destroyed", "on": on, "cluster_munitions": 7, "source_url": "CCM/MSP/1"},
            content_type="application/json",
            **headers,
        )
        assert r.status_code == 400 and "on" in r.json(), (on, r.content)
    ob = Obligation.objects.get(state__iso3="PER", article=3)
    r = client.patch(
        "/api/v1/obligations/PER/3",
        {"completion_declared_on": "9999-12-31", "source_url": "CCM/MSP/2025/INF.2"},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{ob.updated_at.isoformat()}"',
        **headers,
    )
    assert r.status_code == 400 and "completion_declared_on" in r.json()
    r = client.post(
        "/api/v1/obligations/TCD/4/extension-requests",
        {"submitted_on": "2026-03-01", "requested_deadline": "9999-12-31", "source_url": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token_for(tcd)}",
    )
    assert r.status_code == 400 and "requested_deadline" in r.json()
    assert "years ahead" in str(r.json()["requested_deadline"])

    # The editing page.
    client.force_login(per)
    token = Token.of(ob)
    r = client.post(
        "/edit/PER/stockpile/new/",
        {
            "kind": "destroyed",
            "on": "9999-12-31",
            "on_precision": "day",
            "cluster_munitions": "7",
            "qualifier": "exact",
            "destroyed_precision": "day",
            "source_url": "CCM/MSP/2025/INF.1",
            "notes": "",
        },
    )
    assert r.status_code == 400
    assert "9999-12-31 is in the future" in r.content.decode()
    r = client.post(
        "/edit/PER/article/3/",
        {
            "basis": ob.basis,
            "status": "completed",
            "completed_on": "9999-12-31",
            "completed_precision": "day",
            "completion_declared_precision": "day",
            "source_url": "declared by the State",
            "updated_at": token.updated_at,
            "base_version": token.version or "",
        },
    )
    assert r.status_code == 400 and "9999-12-31 is in the future" in r.content.decode()

    # The admin.
    admin = make_user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    r = client.post(
        "/admin/meetings/meeting/add/",
        {
            "code": "99MSP",
            "kind": "msp",
            "start_date": "9999-12-01",
            "start_precision": "day",
            "end_precision": "day",
        },
    )
    assert r.status_code == 200 and "years ahead" in r.content.decode()

    # The services, called directly.
    with pytest.raises(ValidationError) as exc:
        services.save_obligation(ob.state, 3, actor=None, completed_on=date(9999, 12, 31))
    assert "completed_on" in exc.value.message_dict
    assert _snapshot() == before


def test_dates_that_may_lie_ahead_are_accepted(reference_data, client):
    """A meeting two years ahead is scheduled, not implausible."""
    admin = make_user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    ahead = timezone.localdate().replace(month=9, day=1) + timedelta(days=2 * 365)
    r = client.post(
        "/admin/meetings/meeting/add/",
        {
            "code": "99MSP",
            "kind": "msp",
            "start_date": ahead.isoformat(),
            "start_precision": "day",
            "end_precision": "day",
        },
    )
    assert r.status_code == 302
    assert Meeting.objects.get(code="99MSP").start_date == ahead


def test_the_reference_data_passes_the_date_and_source_checks(reference_data):
    """Real data wins: every date and source loaded from data/ passes the fields' checks."""
    errors = []
    for model in apps.get_models():
        if not model.__module__.startswith("ccm."):
            continue
        checked = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, (models.DateField, models.TextField))
            and any(isinstance(v, FactDate) or v is validate_sources for v in f.validators)
        ]
        if not checked:
            continue
        for row in model.objects.values("pk", *(f.attname for f in checked)):
            for f in checked:
                value = row[f.attname]
                if value in (None, ""):
                    continue
                try:
                    f.run_validators(value)
                except ValidationError as exc:
                    errors.append((model._meta.label, row["pk"], f.name, exc.messages))
    assert errors == []
