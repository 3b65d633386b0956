"""The permission matrix: every editing page, every API write endpoint and the history
views, for every kind of person — anonymous, the focal point of the record's State, the
focal point of another State, a coordinator, ISU staff (and a user with no grant).

A refused case must change nothing; an allowed one must change what it says. The list
of endpoints is checked against the URL configuration, so a new editing view or API
write endpoint without a row here fails the suite.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver
from django.utils import timezone
from reversion.models import Revision, Version

from ccm.core.testing import pdf_bytes
from ccm.history.concurrency import Token
from ccm.obligations import services
from ccm.obligations.models import ExtensionRequest, Obligation, StockpileRecord
from ccm.reports import services as report_services
from ccm.reports.choices import Form
from ccm.states.models import State

from .conftest import token_for

ANON, SAME, OTHER, COORD, STAFF, NOBODY = (
    "anonymous",
    "focal point of the State",
    "focal point of another State",
    "coordinator",
    "ISU staff",
    "user without grant",
)
ACTORS = [ANON, SAME, OTHER, COORD, STAFF, NOBODY]


@dataclass
class Endpoint:
    name: str  # URL name it covers
    state: str  # ISO3 of the State whose record it touches
    method: str
    api: bool = False
    read: bool = False  # a read of restricted material (history)
    staff_only: bool = False
    signed_in: bool = False  # a list every signed-in user reads, filtered to what is theirs

    def allowed(self, actor: str) -> bool:
        if actor == STAFF or (self.signed_in and actor != ANON):
            return True
        if self.staff_only:
            return False
        if self.read and actor == COORD:
            return True
        return actor == SAME


def peru_art3():
    return Obligation.objects.get(state__iso3="PER", article=3)


def peru_record():
    return StockpileRecord.objects.filter(obligation__state__iso3="PER").first()


def obligation_post():
    ob = peru_art3()
    token = Token.of(ob)
    return {
        "basis": "stockpile",
        "status": "completed",
        "completed_on": "2023-12-15",
        "completed_precision": "day",
        "completion_declared_on": "2023-12-18",
        "completion_declared_precision": "day",
        "source_url": "declared by the State on 18 December 2023",
        "notes": "edited in the matrix",
        "updated_at": token.updated_at,
        "base_version": token.version or "",
    }


def record_post(existing=None):
    data = {
        "kind": "retained",
        "on": "2024-12-31",
        "on_precision": "day",
        "cluster_munitions": "7",
        "qualifier": "exact",
        "destroyed_precision": "day",
        "source_url": "CCM/MSP/2025/INF.1",
        "notes": "matrix",
    }
    if existing is not None:
        token = Token.of(existing)
        data.update(updated_at=token.updated_at, base_version=token.version or "")
    return data


REQUEST = {
    "submitted_on": "2026-03-01",
    "requested_deadline": "2031-10-01",
    "source_url": "CCM/CONF/2026/5",
    "notes": "",
}


def call(endpoint: Endpoint, client, actor_user, api_headers):
    """Make the request; return (response, did the data change?)."""
    name = endpoint.name
    if name == "history:revision":  # one action that touched Peru's record only
        ob = peru_art3()
        services.save_obligation(ob.state, 3, actor=None, notes="one action")
        revision = Version.objects.get_for_object(ob).first().revision
    report = prepare_report(name)
    before = Revision.objects.count()
    if name == "edit:home":
        r = client.get("/edit/")
    elif name == "edit:state":
        r = client.get(f"/edit/{endpoint.state}/")
    elif name == "edit:obligation" and endpoint.method == "GET":
        r = client.get("/edit/PER/article/3/")
    elif name == "edit:obligation":
        r = client.post("/edit/PER/article/3/", obligation_post())
    elif name == "edit:stockpile-new" and endpoint.method == "GET":
        r = client.get("/edit/PER/stockpile/new/")
    elif name == "edit:stockpile-new":
        r = client.post("/edit/PER/stockpile/new/", record_post())
    elif name == "edit:stockpile" and endpoint.method == "GET":
        r = client.get(f"/edit/PER/stockpile/{peru_record().pk}/")
    elif name == "edit:stockpile":
        rec = peru_record()
        r = client.post(f"/edit/PER/stockpile/{rec.pk}/", record_post(rec))
    elif name == "edit:extension-request" and endpoint.method == "GET":
        r = client.get("/edit/TCD/article/4/extension-request/")
    elif name == "edit:extension-request":
        r = client.post("/edit/TCD/article/4/extension-request/", REQUEST)
    elif name == "edit:reports" and endpoint.method == "GET":
        r = client.get("/edit/PER/reports/")
    elif name == "edit:reports":
        r = client.post("/edit/PER/reports/", {"kind": "annual", "year": str(LAST_YEAR - 2)})
    elif name == "edit:report" and endpoint.method == "GET":
        r = client.get(f"/edit/PER/reports/{report.pk}/")
    elif name == "edit:report":
        token = Token.of(type(report).objects.get(pk=report.pk))
        r = client.post(
            f"/edit/PER/reports/{report.pk}/",
            {
                "period_from": f"{LAST_YEAR}-01-01",
                "period_to": f"{LAST_YEAR}-12-31",
                "contact": "Ministry of Foreign Affairs",
                "visibility": "public",
                "source_url": "declared by the State",
                "updated_at": token.updated_at,
                "base_version": token.version or "",
            },
        )
    elif name == "edit:report-part" and endpoint.method == "GET":
        r = client.get(f"/edit/PER/reports/{report.pk}/form/A/")
    elif name == "edit:report-part":
        token = Token.of(report.parts.get(form="A"))
        r = client.post(
            f"/edit/PER/reports/{report.pk}/form/A/",
            {
                "answer": "answered",
                "text": "Law 29.000",
                "statement": "",
                "unchanged_since": "",
                "updated_at": token.updated_at,
                "base_version": token.version or "",
            },
        )
    elif name == "edit:report-submit":
        r = client.post(f"/edit/PER/reports/{report.pk}/submit/")
    elif name == "edit:report-amend":
        r = client.post(f"/edit/PER/reports/{report.pk}/amend/")
    elif name == "edit:report-visibility":
        r = client.post(f"/edit/PER/reports/{report.pk}/visibility/", {"visibility": "restricted"})
    elif name == "edit:report-received" and endpoint.method == "GET":
        r = client.get("/edit/PER/reports/received/")
    elif name == "edit:report-received":
        r = client.post(
            "/edit/PER/reports/received/",
            {
                "kind": "annual",
                "year": str(LAST_YEAR - 3),
                "submitted_on": f"{LAST_YEAR}-04-30",
                "visibility": "public",
                "source_url": "e-mail of 30 April",
                "file": SimpleUploadedFile("report.pdf", pdf_bytes("matrix"), "application/pdf"),
            },
        )
    elif name == "history:record":
        r = client.get(f"/history/obligations.obligation/{peru_art3().pk}/")
    elif name == "history:revision":
        r = client.get(f"/history/revision/{revision.pk}/")
    elif name == "history:deletions":
        r = client.get("/history/deleted/")
    elif name == "history:revert":
        ob = peru_art3()
        version = Version.objects.get_for_object(ob).last()  # the oldest
        r = client.post(f"/history/obligations.obligation/{ob.pk}/revert/{version.pk}/")
    elif name == "v1:obligation-detail":
        ob = peru_art3()
        r = client.patch(
            "/api/v1/obligations/PER/3",
            {"notes": "patched", "source_url": "CCM/MSP/2025/INF.2"},
            content_type="application/json",
            HTTP_IF_MATCH=f'"{ob.updated_at.isoformat()}"',
            **api_headers,
        )
    elif name == "v1:stockpile-record-create":
        r = client.post(
            "/api/v1/states/PER/stockpile-records",
            record_post(),
            content_type="application/json",
            **api_headers,
        )
    elif name == "v1:stockpile-record-detail":
        rec = peru_record()
        r = client.patch(
            f"/api/v1/states/PER/stockpile-records/{rec.pk}",
            {"notes": "patched", "source_url": "CCM/MSP/2025/INF.3"},
            content_type="application/json",
            HTTP_IF_MATCH=f'"{rec.updated_at.isoformat()}"',
            **api_headers,
        )
    elif name == "v1:extension-request-create":
        r = client.post(
            "/api/v1/obligations/TCD/4/extension-requests",
            REQUEST,
            content_type="application/json",
            **api_headers,
        )
    elif name == "v1:history":
        r = client.get(f"/api/v1/history/obligations.obligation/{peru_art3().pk}", **api_headers)
    else:  # pragma: no cover - the coverage test below names what is missing
        raise AssertionError(f"no call written for {name}")
    return r, Revision.objects.count() != before


LAST_YEAR = timezone.localdate().year - 1


def complete_report(state, year: int):
    """A draft annual report of `state` covering `year` with every form answered."""
    report = report_services.start_report(
        state, "annual", year, actor=None, today=timezone.localdate()
    )
    for form in Form:
        if form != Form.J:
            report_services.save_part(report, form, actor=None, answer="answered", text="x")
    return report


def prepare_report(name: str):
    """The Peruvian report an editing endpoint acts on: a complete draft, or a submitted one."""
    if not name.startswith("edit:report") or name in ("edit:reports", "edit:report-received"):
        return None
    report = complete_report(State.objects.get(iso3="PER"), LAST_YEAR)
    if name in ("edit:report-amend", "edit:report-visibility"):
        report = report_services.submit_report(report, on=timezone.localdate(), actor=None)
    return report


ENDPOINTS = [
    Endpoint("edit:state", "PER", "GET"),
    Endpoint("edit:reports", "PER", "GET"),
    Endpoint("edit:reports", "PER", "POST"),
    Endpoint("edit:report", "PER", "GET"),
    Endpoint("edit:report", "PER", "POST"),
    Endpoint("edit:report-part", "PER", "GET"),
    Endpoint("edit:report-part", "PER", "POST"),
    Endpoint("edit:report-submit", "PER", "POST"),
    Endpoint("edit:report-amend", "PER", "POST"),
    Endpoint("edit:report-visibility", "PER", "POST"),
    Endpoint("edit:report-received", "PER", "GET", staff_only=True),
    Endpoint("edit:report-received", "PER", "POST", staff_only=True),
    Endpoint("edit:obligation", "PER", "GET"),
    Endpoint("edit:obligation", "PER", "POST"),
    Endpoint("edit:stockpile-new", "PER", "GET"),
    Endpoint("edit:stockpile-new", "PER", "POST"),
    Endpoint("edit:stockpile", "PER", "GET"),
    Endpoint("edit:stockpile", "PER", "POST"),
    Endpoint("edit:extension-request", "TCD", "GET"),
    Endpoint("edit:extension-request", "TCD", "POST"),
    Endpoint("history:record", "PER", "GET", read=True),
    Endpoint("history:revert", "PER", "POST", staff_only=True),
    Endpoint("history:revision", "PER", "GET", read=True),
    Endpoint("history:deletions", "PER", "GET", signed_in=True),
    Endpoint("v1:obligation-detail", "PER", "PATCH", api=True),
    Endpoint("v1:stockpile-record-create", "PER", "POST", api=True),
    Endpoint("v1:stockpile-record-detail", "PER", "PATCH", api=True),
    Endpoint("v1:extension-request-create", "TCD", "POST", api=True),
    Endpoint("v1:history", "PER", "GET", api=True, read=True),
]
WRITES = {"POST", "PATCH"}


def actor_user(people, endpoint: Endpoint, actor: str):
    return {
        ANON: None,
        SAME: people[endpoint.state],
        OTHER: people["NOR"],
        COORD: people["coordinator"],
        STAFF: people["staff"],
        NOBODY: people["nobody"],
    }[actor]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[f"{e.method} {e.name}" for e in ENDPOINTS])
def test_matrix(endpoint: Endpoint, actor: str, people, client):
    user = actor_user(people, endpoint, actor)
    headers = {}
    if user is not None:
        if endpoint.api:
            headers["HTTP_AUTHORIZATION"] = f"Token {token_for(user)}"
        else:
            client.force_login(user)
    r, changed = call(endpoint, client, user, headers)
    if endpoint.allowed(actor):
        expected = {"GET": 200, "POST": 201 if endpoint.api else 302, "PATCH": 200}
        assert r.status_code == expected[endpoint.method], r.content[:3000]
        assert changed == (endpoint.method in WRITES)
    else:
        if user is None:
            # pages send to the sign-in page; the API answers 401 with a challenge
            assert r.status_code == (401 if endpoint.api else 302), r.status_code
            if not endpoint.api:
                assert r["Location"].startswith("/accounts/login/")
        else:
            # "not yours" looks exactly like "not found"
            assert r.status_code == 404, r.content[:500]
        assert not changed


def test_focal_point_home_leads_to_their_state_only(people, client):
    client.force_login(people["PER"])
    r = client.get("/edit/")
    assert r.status_code == 302 and r["Location"] == "/edit/PER/"
    client.force_login(people["staff"])
    assert "/edit/CHL/" in client.get("/edit/").content.decode()
    client.force_login(people["nobody"])
    assert "holds no grant" in client.get("/edit/").content.decode()


def _patterns(resolver, prefix=""):
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{p.namespace}:" if p.namespace else ""
            yield from _patterns(p, prefix + ns)
        elif isinstance(p, URLPattern) and p.name:
            yield prefix + p.name, p.callback


def test_every_editing_view_and_api_write_endpoint_is_in_the_matrix():
    covered = {e.name for e in ENDPOINTS} | {"edit:home"}  # home: its own test above
    names = set()
    for name, callback in _patterns(get_resolver()):
        if name.startswith(("edit:", "history:")):
            names.add(name)
        view_class = getattr(callback, "cls", None) or getattr(
            getattr(callback, "__wrapped__", None), "cls", None
        )
        writes = {"post", "patch", "put", "delete"} & set(dir(view_class))
        if name.startswith("v1:") and view_class is not None and writes:
            names.add(name)
    assert names - covered == set(), "add these to the permission matrix"


def test_refused_writes_leave_the_records_unchanged(people, client):
    before = (
        list(Obligation.objects.values_list("pk", "notes", "updated_at").order_by("pk")),
        list(StockpileRecord.objects.values_list("pk", "notes", "updated_at").order_by("pk")),
        ExtensionRequest.objects.count(),
    )
    client.force_login(people["NOR"])
    client.post("/edit/PER/article/3/", obligation_post())
    client.post("/edit/TCD/article/4/extension-request/", REQUEST)
    headers = {"HTTP_AUTHORIZATION": f"Token {token_for(people['NOR'])}"}
    client.patch(
        "/api/v1/obligations/PER/3",
        {"notes": "x"},
        content_type="application/json",
        HTTP_IF_MATCH='"x"',
        **headers,
    )
    after = (
        list(Obligation.objects.values_list("pk", "notes", "updated_at").order_by("pk")),
        list(StockpileRecord.objects.values_list("pk", "notes", "updated_at").order_by("pk")),
        ExtensionRequest.objects.count(),
    )
    assert after == before


@pytest.mark.parametrize(
    "url",
    [
        "/edit/",
        "/edit/PER/",
        "/edit/PER/article/3/",
        "/history/obligations.obligation/{ob}/",
        "/history/states.state/{state}/",
    ],
)
def test_editing_pages_do_not_query_per_state(url, people, client, django_assert_max_num_queries):
    ob = peru_art3()
    client.force_login(people["staff"])
    with django_assert_max_num_queries(16):
        r = client.get(url.format(ob=ob.pk, state=ob.state_id))
    assert r.status_code == 200
