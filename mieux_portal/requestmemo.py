"""Version tokens read once per request.

The facts kept in the shared cache (`sharedcache`, `pagecache`) are keyed by a version
token read from the cache itself: a staff page reads the auth version for the user's
permissions and again for the assignee filter's names, and the public version for each
filter of reference data, each a round trip to Redis for the same answer. A token read
while a request is served is kept for the rest of that request (and forgotten at once if
the request itself renews it); outside a request (tasks, commands) every read goes to the
cache. The request's start and end are Django's signals, sent in the thread that serves it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.signals import request_finished, request_started

_tokens: ContextVar[dict[str, str] | None] = ContextVar("mieux_request_tokens", default=None)
_ahead: ContextVar[dict[str, Any] | None] = ContextVar("mieux_request_ahead", default=None)

# What `take` returns for a fact nobody read ahead (read it from the cache).
NOT_READ = object()


def token(key: str, read: Callable[[], str]) -> str:
    """The token `read` returns, read once in the request being served."""
    kept = _tokens.get()
    if kept is None:
        return read()
    value = kept.get(key)
    if value is None:
        value = kept[key] = read()
    return value


def serving() -> bool:
    """Whether a request is being served (tokens and facts are kept)."""
    return _tokens.get() is not None


def keep_tokens(tokens: dict[str, str]) -> None:
    """Tokens read ahead, kept for the rest of the request being served."""
    kept = _tokens.get()
    if kept is not None:
        kept.update(tokens)


def keep_ahead(facts: dict[str, Any]) -> None:
    """Facts read ahead (a value, or the shared cache's marker of a key that held nothing),
    each waiting for the one read that asks for it in the request being served."""
    ahead = _ahead.get()
    if ahead is not None:
        ahead.update(facts)


def take(key: str) -> Any:
    """The fact read ahead under `key`, once (`NOT_READ`: read it from the cache)."""
    ahead = _ahead.get()
    if ahead is None:
        return NOT_READ
    return ahead.pop(key, NOT_READ)


def forget(key: str) -> None:
    """The token or fact under `key` is read again (the request changed it)."""
    for kept in (_tokens.get(), _ahead.get()):
        if kept is not None:
            kept.pop(key, None)


def _started(**_: Any) -> None:
    _tokens.set({})
    _ahead.set({})


def _finished(**_: Any) -> None:
    _tokens.set(None)
    _ahead.set(None)


def connect() -> None:
    """Keep tokens from each request's start to its end (an AppConfig's ready())."""
    request_started.connect(_started, dispatch_uid="requestmemo:started")
    request_finished.connect(_finished, dispatch_uid="requestmemo:finished")
