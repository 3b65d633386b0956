"""Whole-response caching of public reads, invalidated by a version of the data.

Every public page and API read is a pure function of (the stored facts, the
date, the language, the URL, the requested format) — for a caller without
credentials. The *data version* is a digest of the row count and latest
`updated_at` of every time-stamped model and of the latest recorded change
(ccm.history), so any save or delete — from the admin, an import, the API —
changes it. A worker re-reads it at most every `CCM_DATA_VERSION_TTL` seconds,
and at once after a change saved by the worker itself (the memo is forgotten
when the change is made and again when its transaction commits).

Only requests that carry no credentials at all are served from the cache or
stored in it: no `Authorization` header of any kind (valid, bogus, expired,
Basic…), no session cookie, no signed-in user. This is decided from the raw
request, before the view runs: the API authenticates tokens only inside the
view, so `request.user` is anonymous there even for a token's request. Every
response to a credentialed request is marked `Cache-Control: private, no-store`
(here and, for every view, by ccm.core.middleware).

Anonymous GETs that answer 200 are cached under that key for
`CCM_RESPONSE_CACHE_SECONDS` (0 turns caching off, as the test settings do, so
that query-count guards measure the uncached path) — except responses carrying
an ETag (single records read before an edit, whose ETag must be current) or
setting a cookie.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from reversion.models import Revision

_memo: dict[str, object] = {"at": float("-inf"), "version": ""}


def _versioned_models():
    return [m for m in apps.get_models() if any(f.name == "updated_at" for f in m._meta.fields)]


def data_version() -> str:
    """A digest that changes whenever any time-stamped row is created, changed or deleted."""
    now = time.monotonic()
    if now - float(_memo["at"]) < settings.CCM_DATA_VERSION_TTL and _memo["version"]:
        return str(_memo["version"])
    parts = []
    for model in sorted(_versioned_models(), key=lambda m: m._meta.label):
        agg = model._base_manager.aggregate(n=Count("pk"), m=Max("updated_at"))
        parts.append(f"{model._meta.label}:{agg['n']}:{agg['m']}")
    # The change log: every recorded change (page, API, admin, import, revert) adds a
    # revision, so it moves the version even where updated_at alone would not.
    parts.append(f"revision:{Revision.objects.aggregate(m=Max('pk'))['m']}")
    version = hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
    _memo.update(at=now, version=version)
    return version


def forget_data_version() -> None:
    """Make the next request re-read the data version (tests; after a bulk change)."""
    _memo.update(at=float("-inf"), version="")


def _changed(sender, **kwargs) -> None:
    """A row the data version reads was saved or deleted in this process: the next read
    re-reads the version now, and again once the change is committed (a read in between,
    from another thread, may have memoised the version from before the commit)."""
    if sender is not Revision and not any(f.name == "updated_at" for f in sender._meta.fields):
        return
    forget_data_version()
    transaction.on_commit(forget_data_version, using=kwargs.get("using"))


post_save.connect(_changed, dispatch_uid="ccm-core-caching-saved")
post_delete.connect(_changed, dispatch_uid="ccm-core-caching-deleted")


def has_credentials(request) -> bool:
    """True when the request carries any credential: an Authorization header of any kind
    (even one that will not authenticate), a session cookie, or a signed-in user."""
    if "Authorization" in request.headers or "HTTP_AUTHORIZATION" in request.META:
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def mark_private(response) -> None:
    """A response meant for one caller only: never stored by the browser or on the way."""
    add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, …, private


def cached_get(view):
    """Cache a GET view's 200 responses to callers without credentials, by data version,
    date, language, Accept and URL. Credentialed requests always run the view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        timeout = settings.CCM_RESPONSE_CACHE_SECONDS
        if has_credentials(request):
            response = view(request, *args, **kwargs)
            mark_private(response)
            return response
        if not timeout or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        key_parts = [
            data_version(),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            request.headers.get("Accept", ""),
            request.get_full_path(),
        ]
        key = "ccm:response:" + hashlib.sha256("\x1f".join(key_parts).encode()).hexdigest()
        cache = caches[settings.CCM_RESPONSE_CACHE]
        hit = cache.get(key)
        if hit is not None:
            content, status, headers = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)) and not getattr(
            response, "is_rendered", True
        ):
            response = response.render()
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not response.has_header("ETag")
            and not has_credentials(request)  # the view may have signed someone in
        ):
            cache.set(
                key, (response.content, response.status_code, list(response.items())), timeout
            )
        return response

    wrapper.ccm_cached = True
    return wrapper
