"""Whole-page cache for pages that many requests see alike.

A page is stored in Django's cache (its "pages" alias) under a key naming everything it
depends on: the page's *scope* (who may see this copy, and the version of the data behind
it), the language and the full path with its query string. A view opts in with
:func:`cached_page` and a scope function:

* :func:`public_scope`: the public site for visitors who are not logged in. Its version is
  a token in the cache, replaced whenever public content or the reference data it names is
  saved or deleted (each app registers those of its models: :func:`register_public_models`);
  ``PAGE_CACHE_SECONDS`` bounds how long a copy can live regardless (figures that move with
  the date, bulk updates that send no signal).
* a view's own scope function, e.g. "My requests", whose version is read from the database
  in one small query, so no signal is needed and a write in another process is seen at once.

A page is served from the cache only to a GET or HEAD with no message waiting to be shown;
a page is stored only when it answered 200, set no cookie and did not use the CSRF token
(a stored token would be someone else's), and at most ``MAX_VARIANTS`` pages of one view
are stored per scope and version (made-up URLs cannot fill the memory). With several
processes, the version token of the public site must live in a shared cache (``CACHE_URL``,
as for the rate limits); otherwise a process sees another's change within
``PAGE_CACHE_SECONDS``. A cache that is down only
makes pages slower: they are rendered as if nothing were cached.

Where pages live in a shared cache, each process also keeps the pages (and public data) it
served last in its own memory (the "pages-local" cache, settings.py). A key names the
version of the data behind its page, so the process's copy is exactly as fresh as the
shared one: a page costs the round trip that reads its version, and not a second one that
fetches ~30 KB. A copy lives no longer in memory than it would in the shared cache.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from . import requestmemo

logger = logging.getLogger(__name__)

PUBLIC_VERSION_KEY = "pagecache:public-version"

# Pages one view may keep per scope and version (each ~30 KB): far more filter combinations
# than visitors use within PAGE_CACHE_SECONDS, and a bound on the memory a flood can take.
MAX_VARIANTS = 500

Scope = Callable[[HttpRequest], str | None]
View = Callable[..., HttpResponse]


CACHE_ALIAS = "pages"  # settings.CACHES: its own space beside the rate limits' counters
LOCAL_ALIAS = "pages-local"  # settings.CACHES: this process's memory, where "pages" is shared
# Keys of pages and public data, each stored with the time it was stored ("stamped"): a
# release that stored them bare used other keys, so neither reads the other's values.
PAGE_PREFIX = "pagecache:stamped-page:"
DATA_PREFIX = "pagecache:stamped-data:"


def _cache() -> Any:
    return caches[CACHE_ALIAS]


def _local() -> Any:
    """This process's memory in front of the shared cache (None where there is none)."""
    return caches[LOCAL_ALIAS] if LOCAL_ALIAS in settings.CACHES else None


def _read(key: str) -> Any:
    """What is stored under `key` (None: nothing): from this process's memory, else from
    the shared cache (then kept in memory for the rest of its life there). Raises when the
    shared cache cannot be reached."""
    local = _local()
    if local is not None:
        value = local.get(key)
        if value is not None:
            return value
    stored = _cache().get(key)
    if stored is None:
        return None
    stored_at, value = stored
    remaining = int(stored_at + settings.PAGE_CACHE_SECONDS - time.time())
    if local is not None and remaining > 0:
        local.set(key, value, remaining)
    return value


def _write(key: str, value: Any, timeout: int) -> None:
    """Store `value` under `key` for `timeout` seconds, shared and in this process's memory
    (raises when the shared cache cannot be reached)."""
    _cache().set(key, (time.time(), value), timeout)
    local = _local()
    if local is not None:
        local.set(key, value, timeout)


def public_version() -> str:
    """The current version token of the public content (made on first use), read once in
    a request (`requestmemo`)."""
    return requestmemo.token(PUBLIC_VERSION_KEY, _read_public_version)


def _read_public_version() -> str:
    cache = _cache()
    version = cache.get(PUBLIC_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add(): two processes starting at once agree on the first one's token.
        if not cache.add(PUBLIC_VERSION_KEY, version, timeout=None):
            version = cache.get(PUBLIC_VERSION_KEY) or version
    return str(version)


def public_content_changed(**_: Any) -> None:
    """Every stored public page is stale: the next request of each renders it again."""
    requestmemo.forget(PUBLIC_VERSION_KEY)
    try:
        _cache().set(PUBLIC_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001 - the cache being down must not fail the write
        logger.warning("page cache: could not renew the public version", exc_info=True)


def public_data(name: str, build: Callable[[], Any]) -> Any:
    """What ``build`` computes from the public content and reference data (the options of a
    form's list: every institution, topic, kind of activity), kept in the cache in the
    current language until that data changes (the public version, as for the pages) or
    ``PAGE_CACHE_SECONDS`` pass; computed afresh when the cache cannot be reached."""
    try:
        key = f"{DATA_PREFIX}{name}:{translation.get_language()}:{public_version()}"
        value = _read(key)
    except Exception:  # noqa: BLE001 - a cache that is down only makes pages slower
        logger.warning("page cache: cannot read %s", name, exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            _write(key, value, settings.PAGE_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            logger.warning("page cache: cannot store %s", name, exc_info=True)
    return value


def register_public_models(*models: type[Model]) -> None:
    """Renew the public version on every save, delete and many-to-many change of these
    models: an app registers, in its ``AppConfig.ready()``, each of its models that a public
    page shows (the public content itself, and the reference data, institutions and kinds
    it names). A signal, not a service call: every way of writing these rows (admin,
    services, data migrations, the shell) must make stored pages stale."""
    for model in models:
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(public_content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(public_content_changed, sender=model, dispatch_uid=uid)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                public_content_changed, sender=field.remote_field.through, dispatch_uid=uid
            )


def public_scope(request: HttpRequest) -> str | None:
    """Visitors who are not logged in all see the same public pages (None: render, when
    the visitor is logged in or the cache cannot be reached)."""
    if request.user.is_authenticated:
        return None  # staff see unpublished content; everyone logged in sees their menu
    try:
        return f"public:{public_version()}"
    except Exception:  # noqa: BLE001 - a cache that is down only makes pages slower
        logger.warning("page cache: cannot read the public version", exc_info=True)
        return None


def _key(scope: str, request: HttpRequest) -> str:
    raw = f"{scope}|{translation.get_language()}|{request.get_full_path()}"
    return PAGE_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200  # noqa: PLR2004
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _store(variants: str, key: str, response: HttpResponse, timeout: int) -> None:
    """Store a page, unless its view already has MAX_VARIANTS pages stored for this scope
    and version: URLs made up by the thousand (unknown parameters, random searches) would
    otherwise fill the cache's memory; past the bound such pages are simply rendered."""
    cache = _cache()
    counter = "pagecache:variants:" + hashlib.sha256(variants.encode()).hexdigest()
    try:
        cache.add(counter, 0, timeout)
        if cache.incr(counter) <= MAX_VARIANTS:
            _write(key, (response.content, dict(response.headers)), timeout)
    except Exception:  # noqa: BLE001 - a cache that is down only makes pages slower
        logger.warning("page cache: cannot store", exc_info=True)


def cached_page(scope: Scope) -> Callable[[View], View]:
    """Serve the view's page from the cache while its scope's version is unchanged."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            timeout = settings.PAGE_CACHE_SECONDS
            if timeout <= 0 or request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            if len(get_messages(request)):  # type: ignore[arg-type]
                return view(request, *args, **kwargs)  # shown once, so never stored
            name = scope(request)
            if name is None:
                return view(request, *args, **kwargs)
            key = _key(name, request)
            try:
                stored = _read(key)
            except Exception:  # noqa: BLE001 - a cache that is down only makes pages slower
                logger.warning("page cache: cannot read", exc_info=True)
                return view(request, *args, **kwargs)
            if stored is not None:
                content, headers = stored
                return HttpResponse(content, headers=headers)
            response = view(request, *args, **kwargs)
            if _storable(request, response):
                _store(f"{view.__module__}.{view.__qualname__}|{name}", key, response, timeout)
            return response

        return wrapper

    return decorator
