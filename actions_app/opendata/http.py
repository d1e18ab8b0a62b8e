"""HTTP for open data: validators, browser caching and the server-side cache of answers.

Every answer carries an ``ETag`` (a hash of its body, so exact), a ``Last-Modified`` (the
newest change of a published Action: it does not move for a news item or a renamed
institution, which the ETag catches) and ``Cache-Control: public`` for
``OPEN_DATA_MAX_AGE`` seconds. A request whose ``If-None-Match`` (or, without one,
``If-Modified-Since``) still matches gets 304 without a body.

The answers do not depend on who asks, so one copy serves everyone: it is kept in the page
cache's space under the public content's version (``mieux_portal.pagecache``), which any
change to published content renews, for at most ``PAGE_CACHE_SECONDS``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from mieux_portal.pagecache import CACHE_ALIAS, public_version

from ..models import Action

logger = logging.getLogger(__name__)

# Distinct answers kept per version of the public content: far more filter combinations
# than clients ask for within PAGE_CACHE_SECONDS, and a bound on what made-up query strings
# can fill (past it, answers are simply computed).
MAX_VARIANTS = 500


def last_change() -> datetime | None:
    """When a published Action last changed (one query)."""
    newest: datetime | None = Action.objects.published().aggregate(newest=Max("updated_at"))[
        "newest"
    ]
    return newest


def set_validators(response: HttpResponse, last_modified: datetime | None) -> HttpResponse:
    """Give a rendered answer its ETag, Last-Modified and Cache-Control."""
    response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, public=True, max_age=settings.OPEN_DATA_MAX_AGE)
    return response


def not_modified_or(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """304 when the client's copy is still this one; otherwise the answer itself."""
    if response.status_code != 200:
        return response
    last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
    conditional = get_conditional_response(
        request, etag=response.get("ETag"), last_modified=last_modified, response=response
    )
    return conditional if conditional is not None else response


def _key(kind: str, parts: Iterable[Any]) -> str:
    raw = "|".join([public_version(), translation.get_language() or "", kind, *map(str, parts)])
    return "opendata:" + hashlib.sha256(raw.encode()).hexdigest()


def cached(kind: str, parts: Iterable[Any], build: Callable[[], Any]) -> Any:
    """The value ``build()`` makes, kept in the cache under the public version, the active
    language, ``kind`` and ``parts`` (the validated inputs, never the raw query string).
    A cache that is down only makes answers slower."""
    timeout = settings.PAGE_CACHE_SECONDS
    if timeout <= 0:
        return build()
    cache = caches[CACHE_ALIAS]
    try:
        key = _key(kind, parts)
        value = cache.get(key)
    except Exception:  # a cache that is down only makes answers slower
        logger.warning("open data: cannot read the cache", exc_info=True)
        return build()
    if value is not None:
        return value
    value = build()
    try:
        counter = _key("variants", [])
        cache.add(counter, 0, timeout)
        if cache.incr(counter) <= MAX_VARIANTS:
            cache.set(key, value, timeout)
    except Exception:  # likewise
        logger.warning("open data: cannot store in the cache", exc_info=True)
    return value
