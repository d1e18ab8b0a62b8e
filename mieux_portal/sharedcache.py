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

A page asks several of these facts of its user, each a round trip to the cache: the apps
name them (:func:`read_ahead`), and they are fetched with the user's row, in the round trip
that loads it (:func:`read_with_user`), the version tokens a page needs among them. A fact
kept under a version token (:func:`remember_current`) is also kept in each process's memory:
its key names the token read from the shared cache on each page, so the process's copy is
exactly as fresh as the shared one, and it lives no longer than the shared one.

Only where sessions are read through a shared cache (Django's ``cached_db`` engine with
``CACHE_URL``, settings.py) is anything kept: a process's own memory could not be told of a
change made in another. A cache that cannot be reached (the sessions' alias ignores its
errors) only sends pages back to the database.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.db import transaction

from . import requestmemo
from .pagecache import LOCAL_ALIAS

T = TypeVar("T")

# A bound on how long a fact outlives a change made without the models' signals (a raw
# UPDATE, a cache unreachable when the change was made).
SECONDS = 300

_MISSING = object()

# What every page of a signed-in user may ask: the facts kept under the user's id (a function
# of the id making the key) and the versions (their names), read with the user's row.
_facts_ahead: list[Callable[[int], str]] = []
_versions_ahead: list[str] = []
# Tokens kept under another alias of the same Redis server (alias, key): the page cache's.
_tokens_ahead: list[tuple[str, str]] = []


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
    key = _version_key(name)

    def read() -> str:
        token = cache.get(key)
        if token is None:
            # add(): two processes starting at once agree on the first one's token.
            cache.add(key, uuid.uuid4().hex, timeout=None)
            token = cache.get(key) or ""
        return str(token)

    return requestmemo.token(key, read)


def _version_key(name: str) -> str:
    return f"sharedcache:version:{name}"


def read_ahead(
    *,
    fact: Callable[[int], str] | None = None,
    version: str | None = None,
    token: tuple[str, str] | None = None,
) -> None:
    """Have the fact kept under ``fact(user_id)``, the token of the version `version`, or
    a token kept under another cache alias (`token`: the alias and the key, read once per
    request through `requestmemo` under that key) read with the signed-in user's row on
    every page (an app's ready())."""
    if fact is not None and fact not in _facts_ahead:
        _facts_ahead.append(fact)
    if version is not None and version not in _versions_ahead:
        _versions_ahead.append(version)
    if token is not None and token not in _tokens_ahead:
        _tokens_ahead.append(token)


def _same_redis(alias: str, other: str) -> bool:
    """Whether two aliases are the same Redis database under other key prefixes (one MGET
    reads both; settings.py makes them so from CACHE_URL)."""

    def server(name: str) -> tuple[Any, ...]:
        config = settings.CACHES.get(name, {})
        options = {k: v for k, v in config.get("OPTIONS", {}).items() if k != "IGNORE_EXCEPTIONS"}
        return config.get("BACKEND"), config.get("LOCATION"), sorted(options.items())

    return server(alias)[0] is not None and server(alias) == server(other)


def _get_many(cache: Any, keys: list[str], others: list[tuple[str, str]]) -> dict[str, Any]:
    """`keys` of `cache` and the (alias, key) pairs `others` of other aliases of its Redis
    database, in one MGET (a key of another alias is answered under its own name). The
    shared cache failing softly: nothing is found."""
    client = cache.client
    made = [client.make_key(key) for key in keys]
    made += [cast(Any, caches[alias]).client.make_key(key) for alias, key in others]
    try:
        values = client.get_client(write=False).mget(made)
    except Exception:  # noqa: BLE001 - as the sessions' alias ignores its errors
        return {}
    names = [*keys, *(key for _, key in others)]
    return {
        name: client.decode(value)
        for name, value in zip(names, values, strict=True)
        if value is not None
    }


def read_with_user(user_id: int, key: str) -> Any:
    """The value under `key` (None: nothing), read in one round trip with the facts and
    version tokens registered by :func:`read_ahead` for this user; these wait in the
    request (`requestmemo`) for the read that asks for them. Outside a request, the value
    alone."""
    cache = shared()
    if cache is None:
        return None
    if not requestmemo.serving():
        return cache.get(key)
    facts = [make(user_id) for make in _facts_ahead]
    versions = [_version_key(name) for name in _versions_ahead]
    own = [key, *facts, *versions]
    others = [t for t in _tokens_ahead if _same_redis(settings.SESSION_CACHE_ALIAS, t[0])]
    found = _get_many(cache, own, others) if others else cache.get_many(own)
    requestmemo.keep_ahead({fact: found.get(fact, _MISSING) for fact in facts})
    tokens = [*versions, *(k for _, k in others)]
    requestmemo.keep_tokens({k: str(found[k]) for k in tokens if found.get(k) is not None})
    return found.get(key)


def renew(name: str) -> None:
    """Every fact kept under the version `name` is stale: now and when the transaction commits."""

    def replace() -> None:
        cache = shared()
        if cache is not None:
            cache.set(_version_key(name), uuid.uuid4().hex, timeout=None)
        requestmemo.forget(_version_key(name))

    replace()
    transaction.on_commit(replace)


def remember(key: str, build: Callable[[], T], seconds: int = SECONDS) -> T:
    """The fact kept under `key`, else what `build` reads (then kept, for `seconds`)."""
    cache = shared()
    if cache is None:
        return build()
    value = requestmemo.take(key)
    if value is requestmemo.NOT_READ:
        value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        cache.set(key, value, seconds)
    return value  # type: ignore[return-value]


def _local() -> BaseCache | None:
    """This process's memory beside the shared cache (the page cache's: settings.py)."""
    return caches[LOCAL_ALIAS] if LOCAL_ALIAS in settings.CACHES else None


def remember_current(name: str, key: str, build: Callable[[], T], seconds: int = SECONDS) -> T:
    """What `build` reads, kept under `key` until the version `name` is renewed (or for
    `seconds`): in the shared cache, and in this process's memory too (as fresh: its key
    names the token; it expires when the shared copy does)."""
    cache = shared()
    if cache is None:
        return build()
    full = f"sharedcache:current:{name}:{version(name)}:{key}"
    local = _local()
    if local is not None:
        value = local.get(full, _MISSING)
        if value is not _MISSING:
            return value  # type: ignore[no-any-return]
    stored = cache.get(full)
    if stored is None:
        stored_at, value = time.time(), build()
        cache.set(full, (stored_at, value), seconds)
    else:
        stored_at, value = stored
    remaining = int(stored_at + seconds - time.time())
    if local is not None and remaining > 0:
        local.set(full, value, remaining)
    return value  # type: ignore[no-any-return]


def forget(key: str) -> None:
    """Drop the fact kept under `key`: now and when the transaction commits."""

    def delete() -> None:
        cache = shared()
        if cache is not None:
            cache.delete(key)
        requestmemo.forget(key)

    delete()
    transaction.on_commit(delete)


def renewer(name: str) -> Callable[..., None]:
    """A signal receiver renewing the version `name`: of a save, a delete, or the end of a
    many-to-many change (its "pre_" half changes nothing yet)."""

    def receiver(**kwargs: Any) -> None:
        if not str(kwargs.get("action", "")).startswith("pre_"):
            renew(name)

    return receiver
