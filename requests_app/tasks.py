"""Celery beat tasks of the requests: thin wrappers around requests_app.reminders and
requests_app.drafts."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import drafts, reminders


@shared_task(ignore_result=True)
def staff_digest() -> int:
    return reminders.staff_digest_send(now=timezone.now())


@shared_task(ignore_result=True)
def partner_reminders() -> int:
    return reminders.partner_reminders_send(now=timezone.now())


@shared_task(ignore_result=True)
def draft_purge() -> int:
    """Purge the idle drafts whose authors were warned long enough ago, then warn those
    due next; returns how many drafts were purged."""
    now = timezone.now()
    purged = drafts.drafts_purge(now=now)
    drafts.purge_warnings_send(now=now)
    return len(purged)
