"""Response caching: hits cost no query, any change to the facts invalidates, users bypass it."""

import logging
import socket
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction

from ccm.accounts.models import Role
from ccm.core import caching as caching_module
from ccm.core.caching import change_generation, data_version, forget_data_version
from ccm.edit.tests.conftest import make_user, token_for
from ccm.obligations.models import Obligation
from ccm.states.models import State


@pytest.fixture
def caching(settings):
    settings.CCM_RESPONSE_CACHE_SECONDS = 60
    settings.CCM_DATA_VERSION_TTL = 60
    cache.clear()
    forget_data_version()
    yield
    cache.clear()
    forget_data_version()


URLS = [
    "/",
    "/states/",
    "/states/LAO/",
    "/membership/?as_of=2022-08-01",
    "/api/v1/membership/summary?as_of=2022-08-01&grouping=ccm-region",
    "/api/v1/states/LAO",
]


@pytest.mark.parametrize("url", URLS)
def test_a_hit_issues_no_query_and_returns_the_same_bytes(
    reference_data, caching, client, django_assert_num_queries, url
):
    first = client.get(url)
    assert first.status_code == 200 and "X-Cache" not in first
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_change_to_the_facts_invalidates(reference_data, caching, client):
    assert "Lao People" in client.get("/states/LAO/").content.decode()
    lao = State.objects.get(iso3="LAO")
    before = data_version()
    lao.name = "Lao PDR (renamed in a test)"
    lao.save()  # seen at once by this process, without waiting CCM_DATA_VERSION_TTL
    assert data_version() != before
    assert "renamed in a test" in client.get("/states/LAO/").content.decode()


def test_deleting_a_fact_invalidates(reference_data, caching, client):
    assert (
        client.get("/api/v1/membership/summary?as_of=2026-01-01").json()["totals"]["withdrawn"] == 1
    )
    State.objects.get(iso3="LTU").withdrawal.delete()
    assert (
        client.get("/api/v1/membership/summary?as_of=2026-01-01").json()["totals"]["withdrawn"] == 0
    )


def patch_peru(client, user, notes: str):
    ob = Obligation.objects.get(state__iso3="PER", article=3)
    return client.patch(
        "/api/v1/obligations/PER/3",
        {"notes": notes, "source_url": ob.source_url},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{ob.updated_at.isoformat()}"',
        HTTP_AUTHORIZATION=f"Token {token_for(user)}",
    )


def test_a_get_right_after_a_write_returns_the_new_etag(reference_data, caching, client):
    """Finding 7: anonymous GET (cached), PATCH with a token, anonymous GET again: the new
    ETag, not the one from before the write (CCM_DATA_VERSION_TTL is 60 s here)."""
    url = "/api/v1/obligations/PER/3"
    before = client.get(url)
    assert before.status_code == 200
    client.get(url)  # read twice, as an editing client polling it would
    r = patch_peru(client, make_user("fp-per", Role.FOCAL_POINT, "PER"), "changed by the API")
    assert r.status_code == 200, r.content
    after = client.get(url)
    assert after["ETag"] == r["ETag"] != before["ETag"]
    assert after.json()["notes"] == "changed by the API" and "X-Cache" not in after
    # the record's ETag is never served from the cache, even without a write between
    assert "X-Cache" not in client.get(url)


def test_a_read_right_after_a_write_in_this_process_sees_it(reference_data, caching, client):
    """A list (cached: no ETag) read just after a change made in this process shows it."""
    url = "/api/v1/obligations?state=PER"
    assert "changed just now" not in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "hit"
    r = patch_peru(client, make_user("fp-per", Role.FOCAL_POINT, "PER"), "changed just now")
    assert r.status_code == 200, r.content
    after = client.get(url)
    assert "X-Cache" not in after and "changed just now" in after.content.decode()


def test_a_commit_forgets_a_version_read_before_it(
    reference_data, caching, django_capture_on_commit_callbacks
):
    """A read from another thread between a change and its commit memoises the version of
    before the commit: the commit forgets it again."""
    lao = State.objects.get(iso3="LAO")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        lao.name = "Lao PDR (renamed and committed)"
        lao.save()
        # what a concurrent reader would have memoised, not yet seeing this change
        caching_module._memo.update(at=time.monotonic(), version="before-the-commit")
    assert data_version() != "before-the-commit"


def test_a_change_committed_by_another_process_is_not_served_from_the_cache(
    reference_data, caching, client, django_capture_on_commit_callbacks
):
    """Several processes: one commits a change while another still holds the data version
    of before it (memoised for CCM_DATA_VERSION_TTL, 60 s here). The commit's new change
    generation, read by every process from the shared cache, invalidates at once.
    (ccm/core/tests/test_multiprocess_cache.py shows it with two servers and Redis.)"""
    url = "/api/v1/obligations?state=PER"
    client.get(url)
    assert client.get(url)["X-Cache"] == "hit"
    stale = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        ob = Obligation.objects.get(state__iso3="PER", article=3)
        ob.notes = "committed by another process"
        ob.save()
    # the memo of a process that did not make the change: the version from before it
    caching_module._memo.update(at=time.monotonic(), version=stale)
    after = client.get(url)
    assert "X-Cache" not in after and "committed by another process" in after.content.decode()


def test_the_change_generation_moves_only_when_the_change_commits(
    reference_data, caching, django_capture_on_commit_callbacks
):
    """Before the commit, a reader that saw a new generation would still read the old rows
    and cache them under it: the generation must move after the commit, not before."""
    before = change_generation()
    lao = State.objects.get(iso3="LAO")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        lao.name = "Lao PDR (renamed)"
        lao.save()
        assert change_generation() == before
    assert change_generation() != before
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            lao.name = "Lao PDR (rolled back)"
            lao.save()
            raise RuntimeError("rolled back")
        moved = change_generation()
    assert change_generation() == moved  # nothing committed, nothing published


def test_a_lost_change_generation_never_comes_back(reference_data, caching, client):
    """A cache that lost the generation (restarted, evicted) gets a new random one: pages
    cached under an earlier one are not served again."""
    client.get("/states/")
    assert client.get("/states/")["X-Cache"] == "hit"
    cache.delete(caching_module.GENERATION_KEY)
    assert "X-Cache" not in client.get("/states/")


def unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_cache_serves_pages_uncached_and_saves_succeed(
    reference_data, settings, client, caplog, django_capture_on_commit_callbacks
):
    """The cache is an optimisation: a Redis server that does not answer costs speed, never
    a 500, and a save still succeeds (the data version catches the change later)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{unused_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.CCM_RESPONSE_CACHE_SECONDS = 60
    forget_data_version()
    with caplog.at_level(logging.WARNING, logger="ccm.core.caching"):
        for _ in range(2):
            r = client.get("/states/")
            assert r.status_code == 200 and "X-Cache" not in r
        assert "Response cache unavailable" in caplog.text
        lao = State.objects.get(iso3="LAO")
        with django_capture_on_commit_callbacks(execute=True):
            lao.name = "Lao PDR (saved without a cache)"
            lao.save()
        assert "Could not publish a change" in caplog.text
    assert "saved without a cache" in client.get("/states/LAO/").content.decode()
    forget_data_version()


def test_languages_and_formats_are_cached_apart(reference_data, caching, client):
    english = client.get("/").content.decode()
    client.cookies["django_language"] = "ar"
    arabic = client.get("/").content.decode()
    assert 'dir="rtl"' in arabic and 'dir="ltr"' in english
    csv = client.get("/membership/?as_of=2022-08-01&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert client.get("/membership/?as_of=2022-08-01")["Content-Type"].startswith("text/html")


def test_errors_are_not_cached(reference_data, caching, client):
    assert client.get("/api/v1/states/XYZ").status_code == 404
    assert "X-Cache" not in client.get("/api/v1/states/XYZ")


def test_signed_in_users_bypass_the_cache(reference_data, caching, client):
    client.get("/states/")
    user = get_user_model().objects.create_user("officer", password="a long enough passphrase")
    client.force_login(user)
    assert "X-Cache" not in client.get("/states/")


def test_language_chooser_sets_the_cookie_and_stays_on_site(client):
    r = client.get("/language/", {"language": "fr", "next": "/states/"})
    assert r.status_code == 302 and r["Location"] == "/states/"
    assert r.cookies["django_language"].value == "fr"
    r = client.get("/language/", {"language": "fr", "next": "https://evil.example/"})
    assert r["Location"] == "/"
    r = client.get("/language/", {"language": "xx"})
    assert "django_language" not in r.cookies
