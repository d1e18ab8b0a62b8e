"""Celery tasks: thin wrappers that load ids and call the services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=None, ignore_result=True)
def deliver(self, notification_id: int) -> str:  # type: ignore[no-untyped-def]
    outcome = services.notification_deliver(notification_id=notification_id)
    if outcome == services.Outcome.RETRY:
        from .models import Notification

        attempts = Notification.objects.values_list("attempts", flat=True).get(pk=notification_id)
        raise self.retry(countdown=services.backoff_seconds(attempts))
    return outcome.value


@shared_task(ignore_result=True)
def requeue_pending() -> int:
    return services.requeue_pending()
