"""Celery tasks of the requests: thin wrappers around requests_app.reminders,
requests_app.drafts and requests_app.dossier_jobs (beat), and the dossier's build."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from . import dossier_jobs, drafts, reminders


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


@shared_task(ignore_result=True)
def dossier_build(job_id: int) -> None:
    """Build a decision dossier asked for in the admin (its page shows the progress)."""
    dossier_jobs.dossier_job_build(job_id=job_id)


@shared_task(ignore_result=True)
def dossier_cleanup() -> int:
    return dossier_jobs.dossier_jobs_cleanup(now=timezone.now())


@shared_task(ignore_result=True)
def consultation_reminders() -> int:
    from . import consultation

    return consultation.consultation_reminders_send(now=timezone.now())
