"""Small facts read on every page (a user's permissions, whether they have an authenticator
app, the staff's names), kept between pages in the deployment's shared cache and renewed
the moment the rows they were read from change.

A fact is kept under a key that names what it depends on: the user's id, and where one
change concerns many users (a group's permissions), a *version* token that the change
replaces (:func:`renew`), so every key made with the old token is never read again. The
apps renew or forget from the signals of the rows a fact is read from: every way of
writing them (admin, services, the shell) is seen.

A change is seen twice: at once, and again when its transaction commits, so a page that
read the rows in between (the change not yet committed, the old rows still visible) cannot
leave them under the new key.

Only where sessions are read through a shared cache (Django's ``cached_db`` engine with
``CACHE_URL``, settings.py) is anything kept: a process's own memory could not be told of a
change made in another. A cache that cannot be reached (the sessions' alias ignores its
errors) only sends pages back to the database.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction

from . import requestmemo

T = TypeVar("T")

# A bound on how long a fact outlives a change made without the models' signals (a raw
# UPDATE, a cache unreachable when the change was made).
SECONDS = 300

_MISSING = object()


def shared() -> BaseCache | None:
    """The sessions' cache when sessions are read through a shared one, else None."""
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.cached_db":
        return None
    return caches[settings.SESSION_CACHE_ALIAS]


def version(name: str) -> str:
    """The current token of the data called `name` ("" without a shared cache), read once
    in a request (`requestmemo`)."""
    cache = shared()
    if cache is None:
        return ""
    key = f"sharedcache:version:{name}"

    def read() -> str:
        token = cache.get(key)
        if token is None:
            # add(): two processes starting at once agree on the first one's token.
            cache.add(key, uuid.uuid4().hex, timeout=None)
            token = cache.get(key) or ""
        return str(token)

    return requestmemo.token(key, read)


def renew(name: str) -> None:
    """Every fact kept under the version `name` is stale: now and when the transaction commits."""

    def replace() -> None:
        cache = shared()
        if cache is not None:
            cache.set(f"sharedcache:version:{name}", uuid.uuid4().hex, timeout=None)
        requestmemo.forget(f"sharedcache:version:{name}")

    replace()
    transaction.on_commit(replace)


def remember(key: str, build: Callable[[], T], seconds: int = SECONDS) -> T:
    """The fact kept under `key`, else what `build` reads (then kept, for `seconds`)."""
    cache = shared()
    if cache is None:
        return build()
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, seconds)
    return value  # type: ignore[return-value]


def forget(key: str) -> None:
    """Drop the fact kept under `key`: now and when the transaction commits."""

    def delete() -> None:
        cache = shared()
        if cache is not None:
            cache.delete(key)

    delete()
    transaction.on_commit(delete)


def renewer(name: str) -> Callable[..., None]:
    """A signal receiver renewing the version `name`: of a save, a delete, or the end of a
    many-to-many change (its "pre_" half changes nothing yet)."""

    def receiver(**kwargs: Any) -> None:
        if not str(kwargs.get("action", "")).startswith("pre_"):
            renew(name)

    return receiver
