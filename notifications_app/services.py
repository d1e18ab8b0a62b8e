"""Queue and deliver notifications.

`notification_queue` renders an e-mail in the recipient's language and writes the outbox
row inside the caller's transaction, so the row exists exactly when the change does; the
delivery task is queued only after commit. `notification_deliver` sends a pending row
once: the row is locked while it is sent and marked sent in the same transaction, so a
task that runs twice finds nothing left to do.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from mieux_portal import languages

from .models import Notification, NotificationStatus

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"


def absolute_url(viewname: str, *, language: str, args: tuple[Any, ...] = ()) -> str:
    """A full link to a portal page in the given language (for e-mails)."""
    with translation.override(language):
        path = reverse(viewname, args=args)
    return settings.PORTAL_BASE_URL.rstrip("/") + path


def render_email(*, event: str, language: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """Subject, text and HTML of an event's e-mail, rendered in `language`."""
    ctx = {
        "language": language,
        "direction": languages.direction(language),
        "portal_url": settings.PORTAL_BASE_URL,
        **context,
    }
    with translation.override(language):
        subject = render_to_string(f"emails/{event}_subject.txt", ctx, using="text")
        text = render_to_string(f"emails/{event}_body.txt", ctx, using="text")
        html = render_to_string(f"emails/{event}_body.html", ctx)
    # A header must be one line, whatever the template or the data held.
    return " ".join(subject.split())[:300], text, html


def notification_queue(
    *,
    event: str,
    to_email: str,
    language: str,
    context: Mapping[str, Any],
    key: str,
    recipient: Any = None,
) -> Notification | None:
    """Write one outbox row (unless `key` was already used) and deliver it after commit."""
    if not to_email:
        return None
    # A recipient whose preferred language was switched off is written to in the default.
    language = languages.or_default(language)
    subject, text, html = render_email(event=event, language=language, context=context)
    notification, created = Notification.objects.get_or_create(
        idempotency_key=key[:200],
        defaults={
            "recipient": recipient,
            "to_email": to_email,
            "event": event,
            "language": language,
            "subject": subject,
            "body_text": text,
            "body_html": html,
        },
    )
    if created:
        transaction.on_commit(lambda: enqueue(notification.pk))
    return notification if created else None


def notify_user(
    *, user: Any, event: str, context: Mapping[str, Any], key: str
) -> Notification | None:
    """Queue an e-mail to a user, in that user's preferred language."""
    if user is None or not user.is_active or not user.email:
        return None
    return notification_queue(
        event=event,
        to_email=user.email,
        language=user.preferred_language,
        context={"recipient": user, **context},
        key=f"{key}:{user.pk}",
        recipient=user,
    )


def enqueue(notification_id: int) -> None:
    """Hand a row to the worker; with the broker down it stays pending for the beat task."""
    from .tasks import deliver

    try:
        deliver.apply_async(args=[notification_id], retry=False)
    except Exception:  # the broker's errors vary by transport; any of them means "later"
        logger.warning("Broker unreachable: notification %s stays pending", notification_id)


def backoff_seconds(attempts: int) -> int:
    """Exponential backoff: 30 s, 60 s, 120 s, … capped at an hour."""
    return int(min(3600, settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)))


def notification_deliver(*, notification_id: int) -> Outcome:
    """Send a pending notification once; record the error of a failed attempt."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=NotificationStatus.PENDING)
            .first()
        )
        if notification is None:
            return Outcome.SKIPPED  # sent, failed, or being sent by another worker
        notification.attempts += 1
        notification.last_attempt_at = timezone.now()
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.to_email],
            headers={"Auto-Submitted": "auto-generated"},
        )
        message.attach_alternative(notification.body_html, "text/html")
        message.encoding = "utf-8"
        try:
            message.send()
        except Exception as exc:  # SMTP, DNS and socket errors alike: record and retry
            notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
                notification.status = NotificationStatus.FAILED
                outcome = Outcome.FAILED
            else:
                outcome = Outcome.RETRY
        else:
            notification.status = NotificationStatus.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            outcome = Outcome.SENT
        notification.save()
    return outcome


def notification_resend(*, notification: Notification) -> None:
    """Give a failed (or stuck) notification a fresh set of attempts."""
    with transaction.atomic():
        updated = Notification.objects.filter(
            pk=notification.pk, status__in=[NotificationStatus.FAILED, NotificationStatus.PENDING]
        ).update(status=NotificationStatus.PENDING, attempts=0, last_error="")
        if updated:
            transaction.on_commit(lambda: enqueue(notification.pk))


def requeue_pending(*, older_than_seconds: int = 120) -> int:
    """Queue again every pending row nobody has tried lately (the broker was down)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(status=NotificationStatus.PENDING, created_at__lt=cutoff)
        .exclude(last_attempt_at__gte=cutoff)
        .values_list("pk", flat=True)[:1000]
    )
    for pk in ids:
        enqueue(pk)
    return len(ids)
