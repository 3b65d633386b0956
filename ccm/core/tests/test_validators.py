"""Sources: web addresses and citations are stored, `javascript:` and other schemes are
refused — by the rule, the editing pages, the API, the admin and the services alike."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ccm.core.validators import (
    MAX_YEARS_AHEAD,
    fact_date_errors,
    link_target,
    source_errors,
)
from ccm.edit.tests.conftest import make_user, token_for
from ccm.history.concurrency import Token
from ccm.meetings.models import Meeting
from ccm.obligations import services as obligation_services
from ccm.obligations.models import Obligation, StockpileRecord
from ccm.reports import services as report_services

ACCEPTED = [
    "https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XXVI/XXVI-6.en.xml",
    "http://www.the-monitor.org/en-gb/reports/2022/afghanistan/cluster-munition-ban-policy.aspx",
    "CCM/MSP/2025/4",
    "declared by the State on 18 December 2023",
    "Note verbale of 20 Dec 2023",
    "e-mail of 30 April",
    "doi:10.1000/182",
    "/reports/12/ (Article 7 IRL annual report 2024, submitted 2025-04-30)",
    "CCM/MSP/2025/4 | https://www.clusterconvention.org/",
]
REFUSED = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "  javascript:alert(1)",
    "java\tscript:alert(1)",
    "\x01javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "https://example.org/ javascript:alert(1)",
    "CCM/MSP/2025/4 | javascript:alert(1)",
]
JS = "javascript:alert(document.cookie)"


@pytest.mark.parametrize("value", ACCEPTED)
def test_web_addresses_and_citations_are_sources(value):
    assert source_errors(value) == []


@pytest.mark.parametrize("value", REFUSED)
def test_other_schemes_are_not_sources(value):
    assert len(source_errors(value)) == 1


@pytest.mark.parametrize(
    ("entry", "href"),
    [
        ("https://www.clusterconvention.org/", "https://www.clusterconvention.org/"),
        ("/reports/12/ (Article 7 IRL annual report 2024)", "/reports/12/"),
        ("CCM/MSP/2025/4", ""),
        ("declared by the State", ""),
        ("doi:10.1000/182", ""),
        (JS, ""),
        ("java\nscript:alert(1)", ""),
        ("//evil.example/x", ""),
        ("/\\evil.example/x", ""),
        ("https://exa mple.org", ""),
        ("", ""),
    ],
)
def test_only_web_addresses_and_pages_of_the_site_are_linked(entry, href):
    assert link_target(entry) == href


TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("value", "ahead", "refused"),
    [
        (date(9999, 12, 31), False, True),
        (date(9999, 12, 31), True, True),
        (date(2026, 11, 24), False, True),
        (date(2026, 11, 23), False, False),
        (date(2008, 5, 29), False, True),
        (date(2008, 5, 30), False, False),
        (date(2031, 10, 1), True, False),
        (date(2026 + MAX_YEARS_AHEAD, 11, 23), True, False),
        (date(2026 + MAX_YEARS_AHEAD, 11, 24), True, True),
    ],
)
def test_fact_dates_are_bounded(value, ahead, refused):
    assert bool(fact_date_errors(value, today=TODAY, ahead=ahead)) is refused


def test_meetings_of_the_oslo_process_and_older_groups_are_not_refused():
    assert fact_date_errors(date(2007, 2, 22), today=TODAY, since="oslo", ahead=True) == []
    assert fact_date_errors(date(1945, 3, 22), today=TODAY, since=None, ahead=True) == []


def _peru_art3():
    return Obligation.objects.select_related("state").get(state__iso3="PER", article=3)


def test_javascript_url_is_refused_as_a_source(reference_data, client):
    """The editing page, the API, the admin and the services all refuse it, with a message
    on the source field, and nothing is saved."""
    ob = _peru_art3()
    record = StockpileRecord.objects.filter(obligation=ob).first()
    before = (ob.source_url, record.source_url, StockpileRecord.objects.count())

    # The editing page (a focal point of Peru).
    focal_point = make_user("fp-per", "focal_point", "PER")
    client.force_login(focal_point)
    token = Token.of(ob)
    r = client.post(
        "/edit/PER/article/3/",
        {
            "basis": ob.basis,
            "status": ob.status,
            "completed_on": ob.completed_on.isoformat() if ob.completed_on else "",
            "completed_precision": ob.completed_precision,
            "completion_declared_on": "",
            "completion_declared_precision": "day",
            "source_url": JS,
            "notes": "x",
            "updated_at": token.updated_at,
            "base_version": token.version or "",
        },
    )
    assert r.status_code == 400
    assert "is not accepted as a source" in r.content.decode()

    # The API (the focal point's token).
    client.logout()
    headers = {"HTTP_AUTHORIZATION": f"Token {token_for(focal_point)}"}
    r = client.patch(
        "/api/v1/obligations/PER/3",
        {"notes": "x", "source_url": JS},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{ob.updated_at.isoformat()}"',
        **headers,
    )
    assert r.status_code == 400 and "source_url" in r.json()
    r = client.post(
        "/api/v1/states/PER/stockpile-records",
        {"kind": "retained", "on": "2024-12-31", "cluster_munitions": 7, "source_url": JS},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 400 and "source_url" in r.json()

    # The admin (a superuser).
    admin = make_user("admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    meetings = Meeting.objects.count()
    r = client.post(
        "/admin/meetings/meeting/add/",
        {
            "code": "14MSP",
            "kind": "msp",
            "start_precision": "day",
            "end_precision": "day",
            "verified": "on",
            "source_url": JS,
        },
    )
    assert r.status_code == 200 and "is not accepted as a source" in r.content.decode()
    assert Meeting.objects.count() == meetings

    # The services, called directly (as commands and the import do).
    with pytest.raises(ValidationError) as exc:
        obligation_services.save_stockpile_record(
            ob, actor=None, kind="retained", on=date(2024, 12, 31), cluster_munitions=7,
            source_url=JS,
        )  # fmt: skip
    assert "source_url" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        obligation_services.save_obligation(ob.state, 3, actor=None, source_url=JS)
    assert "source_url" in exc.value.message_dict
    draft = report_services.start_report(
        ob.state, "annual", timezone.localdate().year - 1, actor=None, today=timezone.localdate()
    )
    with pytest.raises(ValidationError) as exc:
        report_services.save_header(draft, actor=None, source_url=JS)
    assert "source_url" in exc.value.message_dict

    ob.refresh_from_db()
    record.refresh_from_db()
    assert (ob.source_url, record.source_url, StockpileRecord.objects.count()) == before
