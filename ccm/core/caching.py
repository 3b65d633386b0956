"""Whole-response caching of public reads, invalidated by a version of the data.

Every public page and API read is a pure function of (the stored facts, the
date, the language, the URL, the requested format). The *data version* is a
digest of the row count and latest `updated_at` of every time-stamped model and
of the latest recorded change (ccm.history), so any save or delete — from the
admin, an import, the API — changes it; a worker
re-reads it at most every `CCM_DATA_VERSION_TTL` seconds. Anonymous GETs that
answer 200 are cached under that key for `CCM_RESPONSE_CACHE_SECONDS` (0 turns
caching off, as the test settings do, so that query-count guards measure the
uncached path).
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, Max
from django.http import HttpResponse
from django.utils import timezone, translation
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


def cached_get(view):
    """Cache an anonymous GET view's 200 responses by data version, date, language, Accept and URL."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        timeout = settings.CCM_RESPONSE_CACHE_SECONDS
        if not timeout or request.method not in ("GET", "HEAD") or request.user.is_authenticated:
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
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(
                key, (response.content, response.status_code, list(response.items())), timeout
            )
        return response

    return wrapper
