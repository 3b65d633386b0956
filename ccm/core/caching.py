"""Whole-response caching of public reads, invalidated by a version of the data.

Every public page and API read is a pure function of (the stored facts, the
date, the language, the URL, the requested format) — for a caller without
credentials. A cached response is keyed by two versions of the stored facts, so
that a change saved by any process reaches every process's readers at once:

- The *change generation*: a random token kept in the response cache itself
  (`ccm:data-generation`) and read on every cached request (one cache read). When a
  transaction that saved or deleted a row of a time-stamped model (or recorded a
  change in ccm.history) commits, the process that made it writes a new token. With
  a shared cache (Redis: `CACHE_URL=redis://…`) every process reads the same token,
  so a change saved through one process is never answered from the cache by another
  after the commit. The token is replaced only after the commit: a reader that saw
  the new token also sees the new rows. (A per-process cache, locmem, gives each
  process its own token: other processes then see the change by the data version.)
- The *data version*: a digest of the row count and latest `updated_at` of every
  time-stamped model and of the latest recorded change. It catches what bypasses
  the model signals (SQL run by hand, a queryset `.update()`, a process with another
  cache, a cache that lost its token or could not be written). A process re-reads
  it at most every `CCM_DATA_VERSION_TTL` seconds, and at once after a change saved
  by the process itself (the memo is forgotten when the change is made and again
  when its transaction commits).

So the cache serves nothing older than the last commit made through the
application, on every process sharing the cache, and nothing older than
`CCM_DATA_VERSION_TTL` seconds after a change made around it.

The cache is an optimisation: if it cannot be reached, pages are computed and
served uncached (logged as a warning), and a save still succeeds.

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
import logging
import secrets
import threading
import time
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from reversion.models import Revision

logger = logging.getLogger(__name__)

GENERATION_KEY = "ccm:data-generation"

_memo: dict[str, object] = {"at": float("-inf"), "version": ""}
# Per thread and database: a change was saved since this thread last replaced the token.
_unpublished = threading.local()


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


def _new_token() -> str:
    return secrets.token_hex(8)


def change_generation() -> str:
    """The change generation every process sharing the response cache reads (one cache
    read). A cache that lost it (restarted, evicted, cleared) gets a new random one, so a
    response cached under an earlier token is never served again."""
    return str(caches[settings.CCM_RESPONSE_CACHE].get_or_set(GENERATION_KEY, _new_token, None))


def publish_change() -> None:
    """Tell every process sharing the response cache that the stored facts changed: a new
    token (random, so one never comes back after the cache lost it). Called once a change
    is committed; a cache that cannot be reached is logged, and the data version catches
    the change within CCM_DATA_VERSION_TTL seconds."""
    try:
        caches[settings.CCM_RESPONSE_CACHE].set(GENERATION_KEY, _new_token(), None)
    except Exception as error:  # any cache backend's error: the save itself succeeded
        logger.warning("Could not publish a change to the response cache: %s", error)


def _committed(using: str) -> None:
    forget_data_version()
    pending = getattr(_unpublished, "aliases", set())
    if using in pending:  # one new token per commit, however many rows it changed
        pending.discard(using)
        publish_change()


def _changed(sender, **kwargs) -> None:
    """A row the data version reads was saved or deleted in this process: the next read
    re-reads the version now, and again once the change is committed (a read in between,
    from another thread, may have memoised the version from before the commit); the
    commit publishes a new change generation to every process."""
    if sender is not Revision and not any(f.name == "updated_at" for f in sender._meta.fields):
        return
    using = kwargs.get("using") or DEFAULT_DB_ALIAS
    forget_data_version()
    if not hasattr(_unpublished, "aliases"):
        _unpublished.aliases = set()
    _unpublished.aliases.add(using)
    transaction.on_commit(lambda: _committed(using), using=using)


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
    """Cache a GET view's 200 responses to callers without credentials, by change
    generation, data version, date, language, Accept and URL. Credentialed requests always
    run the view."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        timeout = settings.CCM_RESPONSE_CACHE_SECONDS
        if has_credentials(request):
            response = view(request, *args, **kwargs)
            mark_private(response)
            return response
        if not timeout or request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        cache = caches[settings.CCM_RESPONSE_CACHE]
        try:
            generation = change_generation()
        except Exception as error:  # the cache is an optimisation: compute the page instead
            logger.warning(
                "Response cache unavailable, serving %s uncached: %s", request.path, error
            )
            return view(request, *args, **kwargs)
        key_parts = [
            generation,
            data_version(),
            timezone.localdate().isoformat(),
            translation.get_language() or "",
            request.headers.get("Accept", ""),
            request.get_full_path(),
        ]
        key = "ccm:response:" + hashlib.sha256("\x1f".join(key_parts).encode()).hexdigest()
        try:
            hit = cache.get(key)
        except Exception as error:
            logger.warning(
                "Response cache unavailable, serving %s uncached: %s", request.path, error
            )
            return view(request, *args, **kwargs)
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
            try:
                cache.set(
                    key, (response.content, response.status_code, list(response.items())), timeout
                )
            except Exception as error:
                logger.warning("Response cache unavailable, %s not stored: %s", request.path, error)
        return response

    wrapper.ccm_cached = True
    return wrapper
