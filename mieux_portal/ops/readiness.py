"""What /readyz asks before a balancer sends traffic here: each part answers, or says why not.

Each check returns a :class:`Part`; none raises. A part that does not apply to this set-up
(the broker of eager Celery, the worker heartbeat without workers) reports ``skipped``.
Apps add their own parts with :func:`add_part` (notifications_app: the outbox's backlog).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection

HEARTBEAT_KEY = "ops:worker-heartbeat"


@dataclass
class Part:
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False


def error(exc: BaseException) -> Part:
    # The class only: a message may carry a host name or a password-bearing URL.
    return Part(ok=False, detail={"error": type(exc).__name__})


def database() -> Part:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return error(exc)
    return Part(ok=True)


def cache_part() -> Part:
    try:
        cache.set("ops:readyz", "1", timeout=10)
        if cache.get("ops:readyz") != "1":
            return Part(ok=False, detail={"error": "value not kept"})
    except Exception as exc:
        return error(exc)
    return Part(ok=True)


def broker() -> Part:
    from mieux_portal.celery import app

    if str(settings.CELERY_BROKER_URL).startswith("memory://"):
        return Part(ok=True, skipped=True)
    try:
        # The URL of the settings now (not the one Celery read at start): tests move it.
        with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(
                max_retries=1, interval_start=0, timeout=settings.READINESS_BROKER_TIMEOUT
            )
    except Exception as exc:
        return error(exc)
    return Part(ok=True)


def worker() -> Part:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return Part(ok=True, skipped=True)
    try:
        beat = cache.get(HEARTBEAT_KEY)
    except Exception as exc:
        return error(exc)
    limit = settings.WORKER_HEARTBEAT_MAX_AGE
    if beat is None:
        return Part(ok=False, detail={"error": "no heartbeat yet", "limit": limit})
    age = max(time.time() - float(beat), 0.0)
    return Part(ok=age <= limit, detail={"heartbeat_seconds": round(age), "limit": limit})


def beat() -> None:
    """Written by the worker every minute (beat's schedule): the proof that beat, the broker
    and a worker all run. /readyz reads it."""
    cache.set(HEARTBEAT_KEY, time.time(), timeout=None)


PARTS: dict[str, Callable[[], Part]] = {
    "database": database,
    "cache": cache_part,
    "broker": broker,
    "worker": worker,
}


def add_part(name: str, check: Callable[[], Part]) -> None:
    """One more part of /readyz, from an app's ``AppConfig.ready()`` (the e-mail outbox)."""
    PARTS[name] = check


def check_all() -> dict[str, Part]:
    return {name: check() for name, check in PARTS.items()}
