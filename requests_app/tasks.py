"""Celery beat tasks of the requests: thin wrappers around requests_app.reminders."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import reminders


@shared_task(ignore_result=True)
def staff_digest() -> int:
    return reminders.staff_digest_send(now=timezone.now())


@shared_task(ignore_result=True)
def partner_reminders() -> int:
    return reminders.partner_reminders_send(now=timezone.now())
