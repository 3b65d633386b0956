"""What one caller may read never reaches another: the response cache serves and stores
only requests without any credential, and every response to a credentialed request is
`Cache-Control: private, no-store`.

The generated test walks every URL whose view is wrapped by `cached_get` (found through
the URL resolver), reads it first with credentials that see more — a focal point's and
ISU staff's token, a signed-in session — or with credentials that should count for
nothing (a bogus token, a deactivated user's, an expired one, Basic, a stale session
cookie), then anonymously, with the cache on."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from knox.models import AuthToken

from ccm.accounts.models import Role
from ccm.core.caching import forget_data_version
from ccm.edit.tests.conftest import PASSWORD, make_user, token_for
from ccm.obligations.models import StockpileRecord
from ccm.reports.tests.conftest import complete_draft, submitted

SECRET = "Secret-of-a-restricted-report-7319"


def cached_routes() -> dict[str, str]:
    """URL name → route of every view wrapped by cached_get (directly or under other
    decorators, which keep the wrapper's `ccm_cached` mark)."""
    found: dict[str, str] = {}

    def walk(patterns, prefix: str, namespaces: list[str]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = [*namespaces, p.namespace] if p.namespace else namespaces
                walk(p.url_patterns, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern) and getattr(p.callback, "ccm_cached", False):
                found[":".join([*namespaces, p.name])] = prefix + str(p.pattern)

    walk(get_resolver().url_patterns, "/", [])
    return found


CACHED = cached_routes()


def test_the_walk_finds_the_cached_views():
    assert {"public:home", "public:report", "v1:report-detail", "v1:state-detail"} <= set(CACHED)
    assert "public:report-file" not in CACHED  # a FileResponse: never cached


@pytest.fixture
def world(reference_data):
    """Peru's focal point, a coordinator, ISU staff; a restricted draft and a restricted
    submitted report of Peru, holding SECRET."""
    people = {
        "PER": make_user("fp-per", Role.FOCAL_POINT, "PER"),
        "coordinator": make_user("coord", Role.COORDINATOR, area="stockpiles"),
        "staff": make_user("isu", Role.STAFF),
    }
    restricted = submitted(
        "PER", timezone.localdate().year - 2, visibility="restricted", text=SECRET
    )
    draft = complete_draft("PER", visibility="restricted", text=SECRET)
    record = StockpileRecord.objects.filter(obligation__state__iso3="PER").first()
    return {"people": people, "draft": draft, "restricted": restricted, "record": record}


def urls_for(name: str, world) -> list[str]:
    """Concrete URLs of a cached view: every view that takes arguments must be listed here
    (a new one fails the test until it is)."""
    draft, record = world["draft"], world["record"]
    args = {
        "public:state": {"iso3": "PER"},
        "public:report": {"pk": draft.pk},
        "public:report-docx": {"pk": draft.pk},
        "v1:state-detail": {"iso3": "PER"},
        "v1:obligation-detail": {"iso3": "PER", "article": 3},
        "v1:stockpile-record-detail": {"iso3": "PER", "pk": record.pk},
        "v1:report-detail": {"pk": draft.pk},
    }
    if "<" in CACHED[name]:
        assert name in args, f"give the cached URL {name} ({CACHED[name]}) its arguments"
    url = reverse(name, kwargs=args.get(name))
    extra = {
        "public:reports": ["?state=PER", "?format=csv", "?format=xlsx&state=PER"],
        "public:report": [],
        "v1:report-list": ["?state=PER"],
    }
    urls = [url] + [url + q for q in extra.get(name, [])]
    if name in ("public:report", "v1:report-detail", "public:report-docx"):
        urls.append(reverse(name, kwargs={"pk": world["restricted"].pk}))
    return urls


def credentials(world) -> dict[str, dict]:
    """Request arguments (headers, or a session to sign in) for each kind of credential."""
    people = world["people"]
    inactive = make_user("gone", Role.FOCAL_POINT, "PER")
    inactive_token = token_for(inactive)
    inactive.is_active = False
    inactive.save()
    expired = make_user("expired", Role.FOCAL_POINT, "PER")
    expired_token = AuthToken.objects.create(expired, expiry=timedelta(seconds=-1))[1]
    basic = base64.b64encode(f"fp-per:{PASSWORD}".encode()).decode()
    return {
        "focal point's token": {"HTTP_AUTHORIZATION": f"Token {token_for(people['PER'])}"},
        "staff token": {"HTTP_AUTHORIZATION": f"Token {token_for(people['staff'])}"},
        "coordinator's token (lower case scheme)": {
            "HTTP_AUTHORIZATION": f"token {token_for(people['coordinator'])}"
        },
        "focal point's session": {"login": people["PER"]},
        "bogus token": {"HTTP_AUTHORIZATION": "Token 0123456789abcdef0123456789abcdef"},
        "deactivated user's token": {"HTTP_AUTHORIZATION": f"Token {inactive_token}"},
        "expired token": {"HTTP_AUTHORIZATION": f"Token {expired_token}"},
        "Basic credentials": {"HTTP_AUTHORIZATION": f"Basic {basic}"},
        "empty Authorization header": {"HTTP_AUTHORIZATION": ""},
        "stale session cookie": {"cookie": "not-a-session-key"},
    }


def body(response) -> bytes:
    """The content, less what changes from one request to the next: a calendar's stamp,
    the time an XLSX or DOCX file (a zip) was made at."""
    content = response.content
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return b"\0".join(
                name.encode() + b"\0" + z.read(name)
                for name in sorted(z.namelist())
                if name != "docProps/core.xml"
            )
    return re.sub(rb"\r\nDTSTAMP:[0-9TZ]+", b"", content)


def private(response) -> bool:
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def fresh_cache() -> None:
    caches[settings.CCM_RESPONSE_CACHE].clear()
    forget_data_version()


@pytest.fixture
def cache_on():
    with override_settings(
        CCM_RESPONSE_CACHE_SECONDS=300,
        CCM_DATA_VERSION_TTL=300,
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    ):
        fresh_cache()
        yield
        fresh_cache()


def get_as(client, url: str, how: dict):
    """A GET with one kind of credential; the client is left anonymous afterwards."""
    how = dict(how)
    user = how.pop("login", None)
    cookie = how.pop("cookie", None)
    if user is not None:
        client.force_login(user)
    if cookie is not None:
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    try:
        return client.get(url, **how)
    finally:
        client.logout()
        client.cookies.pop(settings.SESSION_COOKIE_NAME, None)


@pytest.mark.parametrize("name", sorted(CACHED))
def test_a_credentialed_read_of_a_cached_url_never_reaches_an_anonymous_caller(
    name, world, client, cache_on
):
    kinds = credentials(world)
    for url in urls_for(name, world):
        # what an anonymous caller is shown when nothing is cached
        with override_settings(CCM_RESPONSE_CACHE_SECONDS=0):
            public = client.get(url)
        for kind, how in kinds.items():
            fresh_cache()
            seen = get_as(client, url, how)
            anonymous = client.get(url)
            if body(seen) != body(public):
                assert body(anonymous) != body(seen), (url, kind)
            assert "X-Cache" not in anonymous, (url, kind)  # nothing was stored for it
            assert anonymous.status_code == public.status_code, (url, kind)
            assert body(anonymous) == body(public), (url, kind)
            assert "X-Cache" not in seen, (url, kind)
            assert private(seen), (url, kind, seen.get("Cache-Control"))
            assert not private(anonymous) and "Vary" in anonymous
            vary = {v.strip().lower() for v in anonymous["Vary"].split(",")}
            assert {"authorization", "cookie"} <= vary
        # and the cache is on: a public 200 without an ETag is served from it
        if public.status_code == 200 and "ETag" not in public:
            assert client.get(url)["X-Cache"] == "hit", url


def test_the_walk_reads_what_only_credentials_see(world, client, cache_on):
    """The generated test has teeth: credentials do see more on these cached URLs."""
    draft, token = world["draft"], token_for(world["people"]["PER"])
    for url in (f"/api/v1/reports/{draft.pk}", f"/reports/{draft.pk}/"):
        assert client.get(url).status_code == 404
    api = client.get(f"/api/v1/reports/{draft.pk}", HTTP_AUTHORIZATION=f"Token {token}")
    assert api.status_code == 200 and SECRET in api.content.decode()
    client.force_login(world["people"]["PER"])
    page = client.get(f"/reports/{draft.pk}/")
    assert page.status_code == 200 and SECRET in page.content.decode()


def test_token_read_is_never_served_to_anonymous_from_cache(world, client, cache_on):
    """Finding 1: restricted draft, anonymous 404, the owner's token 200, anonymous again
    must still be 404 — not the token's contents with X-Cache: hit."""
    url = f"/api/v1/reports/{world['draft'].pk}"
    token = token_for(world["people"]["PER"])
    assert client.get(url).status_code == 404
    owner = client.get(url, HTTP_AUTHORIZATION=f"Token {token}")
    assert owner.status_code == 200 and SECRET in owner.content.decode()
    again = client.get(url)
    assert SECRET not in again.content.decode()
    assert again.status_code == 404 and "X-Cache" not in again
    assert private(owner)


@pytest.mark.parametrize(
    "kind", ["Token 0123456789abcdef", "Basic Zm9vOmJhcg==", "Bearer x", "Token", ""]
)
def test_any_authorization_header_bypasses_the_cache(kind, reference_data, client, cache_on):
    """A response to a request with any Authorization header is neither served from the
    cache nor stored in it (a bogus token answers 401 from the API: not a public read)."""
    url = "/states/"
    assert "X-Cache" not in client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    with_header = client.get(url, HTTP_AUTHORIZATION=kind)
    assert "X-Cache" not in with_header and private(with_header)
    fresh_cache()
    client.get(url, HTTP_AUTHORIZATION=kind)
    assert "X-Cache" not in client.get(url)  # nothing stored by the credentialed read


def signed_in_pages(world) -> list[str]:
    draft = world["draft"]
    return [
        "/",
        "/states/PER/",
        f"/reports/{draft.pk}/",
        f"/reports/{draft.pk}/docx",
        "/reports/?format=csv",
        "/reports/reminders/",
        "/edit/",
        "/edit/PER/article/3/",
        f"/edit/PER/reports/{draft.pk}/",
        f"/history/reports.report/{draft.pk}/",
        "/history/deleted/",
        "/accounts/tokens/",
        "/accounts/password/",
        "/api/v1/reports",
        f"/api/v1/history/reports.report/{draft.pk}",
        "/api/v1/schema/",
        "/nowhere/",
    ]


@pytest.mark.parametrize("cache_seconds", [0, 300])
def test_signed_in_pages_carry_cache_control_private_no_store(
    cache_seconds, world, client, admin_client
):
    """Finding 7: pages, downloads, editing pages, history, the API and the admin, read
    with a session — and the API with a token — are never kept by any cache."""
    with override_settings(CCM_RESPONSE_CACHE_SECONDS=cache_seconds):
        fresh_cache()
        client.force_login(world["people"]["staff"])
        for url in signed_in_pages(world):
            r = client.get(url)
            assert r.status_code in (200, 404), (url, r.status_code)
            assert private(r), (url, r.get("Cache-Control"))
        token = token_for(world["people"]["PER"])
        client.logout()
        for url in ("/api/v1/reports", "/api/v1/states/PER", "/api/v1/obligations/PER/3"):
            r = client.get(url, HTTP_AUTHORIZATION=f"Token {token}")
            assert r.status_code == 200 and private(r), url
        for url in ("/admin/", "/admin/obligations/obligation/"):
            r = admin_client.get(url)
            assert r.status_code == 200 and private(r), url


def test_signing_in_and_out_answers_privately(world, client):
    """The response that starts a session (sign-in) and the one that ends it (sign-out)."""
    r = client.post("/accounts/login/", {"username": "fp-per", "password": PASSWORD})
    assert r.status_code == 302 and settings.SESSION_COOKIE_NAME in r.cookies
    assert private(r)
    r = client.post("/accounts/logout/")
    assert r.status_code == 302 and private(r)


def test_public_pages_stay_cacheable_for_anonymous_callers(reference_data, client):
    """No credentials: no private marking, and Vary tells shared caches to keep the
    response apart from requests with Authorization or Cookie."""
    for url in ("/", "/states/", "/api/v1/states/PER", "/api/v1/obligations/PER/3"):
        r = client.get(url)
        assert r.status_code == 200 and not private(r), url
        vary = {v.strip().lower() for v in r["Vary"].split(",")}
        assert {"authorization", "cookie"} <= vary, url
