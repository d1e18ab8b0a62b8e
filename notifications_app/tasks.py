"""Celery tasks: thin wrappers that load ids and call the services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(bind=True, max_retries=None, ignore_result=True)
def deliver(self, notification_id: int) -> str:  # type: ignore[no-untyped-def]
    outcome = services.notification_deliver(notification_id=notification_id)
    if outcome == services.Outcome.RETRY:
        raise self.retry(countdown=services.retry_countdown(notification_id))
    return outcome.value


@shared_task(ignore_result=True)
def deliver_many(notification_ids: list[int]) -> list[str]:
    """The rows of one change (several recipients) in one message: each is sent as `deliver`
    sends it, and one that must be tried again is handed to `deliver` with its backoff."""
    outcomes = []
    for notification_id in notification_ids:
        outcome = services.notification_deliver(notification_id=notification_id)
        if outcome == services.Outcome.RETRY:
            services.retry_later(notification_id)
        outcomes.append(outcome.value)
    return outcomes


@shared_task(ignore_result=True)
def requeue_pending() -> int:
    return services.requeue_pending()
