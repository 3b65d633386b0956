"""Response caching: hits cost no query, any change to the facts invalidates, users bypass it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from ccm.core.caching import data_version, forget_data_version
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
    lao.save()
    forget_data_version()  # otherwise picked up within CCM_DATA_VERSION_TTL
    assert data_version() != before
    assert "renamed in a test" in client.get("/states/LAO/").content.decode()


def test_deleting_a_fact_invalidates(reference_data, caching, client):
    assert (
        client.get("/api/v1/membership/summary?as_of=2026-01-01").json()["totals"]["withdrawn"] == 1
    )
    State.objects.get(iso3="LTU").withdrawal.delete()
    forget_data_version()
    assert (
        client.get("/api/v1/membership/summary?as_of=2026-01-01").json()["totals"]["withdrawn"] == 0
    )


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
