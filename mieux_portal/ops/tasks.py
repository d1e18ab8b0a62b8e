"""The worker's heartbeat, queued by beat every minute (CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from . import readiness


@shared_task(ignore_result=True)
def heartbeat() -> None:
    readiness.beat()
