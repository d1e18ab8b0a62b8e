"""Per-user rate limits of the portal's own actions, counted in Django's cache.

allauth limits sign-up, login and password reset itself (``ACCOUNT_RATE_LIMITS``); this
module limits what a signed-in user can make the portal send on: submissions and messages,
each of which notifies people by e-mail. ``settings.PORTAL_RATE_LIMITS`` names each limit
``"<count>/<period>"`` (period ``s``, ``m``, ``h`` or ``d``, optionally with a multiplier:
``"10/15m"``).

Counting is a fixed window per user and limit (``cache.add`` + ``cache.incr``, atomic in
Redis and in the in-memory cache), so at most twice the count can pass around the turn of a
window: good enough against floods, and nothing to clean up. With several processes the
cache must be shared (``CACHE_URL``) for the count to be shared. When the cache is down
the limit is not applied (and a warning logged): the action itself still works.

A view asks :func:`consume` before acting; a refusal is a :class:`Refusal` whose message the
view shows beside what the user typed (HTTP 429), so nothing typed is lost. A limit may
count something else than the user (an invited address): the view passes it as ``key``.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from .security import client_ip

logger = logging.getLogger(__name__)
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
TOO_MANY_REQUESTS = 429


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse(rate: str) -> Rate:
    """``"10/h"`` → 10 per 3,600 seconds; ``"5/15m"`` → 5 per 900 seconds."""
    match = RATE.match(rate)
    if match is None:
        raise ImproperlyConfigured(f"Invalid rate limit {rate!r}: use e.g. '10/h' or '5/15m'.")
    count, multiplier, unit = match.groups()
    return Rate(int(count), int(multiplier or 1) * PERIODS[unit])


def rate_for(scope: str) -> Rate | None:
    """The configured limit of ``scope``; None when it is not limited."""
    value = settings.PORTAL_RATE_LIMITS.get(scope)
    return parse(value) if value else None


@dataclass(frozen=True)
class Refusal:
    """A refused action: which limit, and how long until it frees up."""

    scope: str
    rate: Rate
    retry_after: int  # seconds

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after / 60))
        if minutes > 90:
            hours = math.ceil(minutes / 60)
            return ngettext(
                "Too many attempts in a short time. Nothing you typed is lost: please try "
                "again in %(hours)d hour.",
                "Too many attempts in a short time. Nothing you typed is lost: please try "
                "again in %(hours)d hours.",
                hours,
            ) % {"hours": hours}
        return ngettext(
            "Too many attempts in a short time. Nothing you typed is lost: please try again "
            "in %(minutes)d minute.",
            "Too many attempts in a short time. Nothing you typed is lost: please try again "
            "in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}


def client_key(request: HttpRequest) -> str:
    """Whom a limit counts: the signed-in user, else the client's address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request) or ''}"


def consume(request: HttpRequest, scope: str, *, key: str | None = None) -> Refusal | None:
    """Count one action of ``scope`` for the requesting user, or for ``key`` when given
    (kept only as a hash: an e-mail address is no business of the cache); a Refusal once
    over the limit."""
    rate = rate_for(scope)
    if rate is None:
        return None
    now = int(time.time())
    window = now // rate.seconds
    who = client_key(request) if key is None else hashlib.sha256(key.encode()).hexdigest()
    cache_key = f"mieux:ratelimit:{scope}:{who}:{rate.seconds}:{window}"
    try:
        # add() is a no-op when the window's counter exists; incr() is atomic in both backends.
        cache.add(cache_key, 0, timeout=rate.seconds + 1)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, 1, timeout=rate.seconds + 1)
            count = 1
    except Exception:
        # The cache (Redis) is down: a submission or a message matters more than its limit.
        logger.warning("Rate limit %s not counted: the cache is unavailable", scope, exc_info=True)
        return None
    if count <= rate.count:
        return None
    return Refusal(scope=scope, rate=rate, retry_after=(window + 1) * rate.seconds - now)


def with_retry_after(response: HttpResponse, refusal: Refusal) -> HttpResponse:
    """Mark a response as the refusal it is: 429 with Retry-After."""
    response.status_code = TOO_MANY_REQUESTS
    response["Retry-After"] = str(refusal.retry_after)
    return response
