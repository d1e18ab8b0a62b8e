"""Exactly one Celery beat, however many are started: a lock in the shared cache.

Two beats would queue every periodic job twice (two digests, two reminders). Deployments
run one (Kubernetes: replicas 1 with the Recreate strategy; compose: one `beat` service),
and this scheduler makes a mistake harmless: a beat takes the lock (``cache.add``, atomic in
Redis) before it schedules anything and renews it every few seconds; another beat waits as a
standby, logging who holds the lock, and takes over within ``BEAT_LOCK_SECONDS`` of the
holder stopping (at once when it stops cleanly and releases the lock). A beat that finds its
lock taken by another (it stalled longer than the lock lives) exits, so it never runs beside
the one that replaced it.

The lock lives in Django's default cache: shared between machines only with ``CACHE_URL``
(production requires it); `make run` has one beat and a per-process cache.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from typing import Any

from celery.beat import PersistentScheduler
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)
LOCK_KEY = "ops:beat-lock"


def holder() -> str | None:
    """Who holds the beat lock now ("host:pid:nonce"), if anyone."""
    value = cache.get(LOCK_KEY)
    return str(value) if value is not None else None


class LockedScheduler(PersistentScheduler):
    """Celery's file-backed scheduler, run only while this beat holds the lock."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.lock_seconds = max(int(settings.BEAT_LOCK_SECONDS), 3)
        self.token = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        super().__init__(*args, **kwargs)
        # Renew the lock well before it expires, however long the next job is away.
        self.max_interval: float = min(float(self.max_interval), self.lock_seconds / 3)

    def setup_schedule(self) -> None:
        waiting = False
        while not cache.add(LOCK_KEY, self.token, timeout=self.lock_seconds):
            if not waiting:
                logger.warning("beat: another beat holds the lock (%s); waiting", holder())
                waiting = True
            time.sleep(self.lock_seconds / 3)
        logger.info("beat: lock taken (%s)", self.token)
        super().setup_schedule()

    def tick(self, *args: Any, **kwargs: Any) -> float:
        if holder() != self.token:
            logger.error("beat: the lock is held by %s; stopping", holder())
            raise SystemExit(1)
        cache.touch(LOCK_KEY, timeout=self.lock_seconds)
        return min(float(super().tick(*args, **kwargs)), self.lock_seconds / 3)

    def close(self) -> None:
        try:
            super().close()
        finally:
            if holder() == self.token:
                cache.delete(LOCK_KEY)
