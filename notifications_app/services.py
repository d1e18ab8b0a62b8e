"""Queue and deliver notifications.

`notification_queue` renders an e-mail in the recipient's language and writes the outbox
row inside the caller's transaction, so the row exists exactly when the change does; the
delivery task is queued only after commit. `notification_deliver` sends a pending row
once: the row is locked while it is sent and marked sent in the same transaction, so a
task that runs twice finds nothing left to do.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
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


@dataclass(frozen=True)
class Email:
    """One e-mail to queue: the event's templates, the address, the recipient's language,
    what the templates read, and the key that keeps the same cause from writing it twice."""

    event: str
    to_email: str
    language: str
    context: Mapping[str, Any]
    key: str
    recipient: Any = None


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
    queued = notifications_queue(emails=[Email(event, to_email, language, context, key, recipient)])
    return queued[0] if queued else None


def notifications_queue(*, emails: Sequence[Email]) -> list[Notification]:
    """Write the outbox rows of several e-mails in one insert (each rendered in its own
    language; those without an address, or whose key was already used, are left out) and
    hand them to the worker after commit in one message. Returns the rows written."""
    rows: dict[str, Notification] = {}
    for email in emails:
        key = email.key[:200]
        if not email.to_email or key in rows:
            continue
        # A recipient whose preferred language was switched off is written to in the default.
        language = languages.or_default(email.language)
        subject, text, html = render_email(
            event=email.event, language=language, context=email.context
        )
        rows[key] = Notification(
            recipient=email.recipient,
            to_email=email.to_email,
            event=email.event,
            language=language,
            subject=subject,
            body_text=text,
            body_html=html,
            idempotency_key=key,
        )
    if not rows:
        return []
    used = set(
        Notification.objects.filter(idempotency_key__in=list(rows)).values_list(
            "idempotency_key", flat=True
        )
    )
    new = [row for key, row in rows.items() if key not in used]
    if not new:
        return []
    try:
        with transaction.atomic():
            created = Notification.objects.bulk_create(new)
    except IntegrityError:
        # Another transaction wrote one of the keys meanwhile: row by row, as it allows.
        created = [row for row in new if _create_unless_used(row)]
    ids = [row.pk for row in created]
    if ids:
        transaction.on_commit(lambda: enqueue_many(ids))
    return created


def _create_unless_used(row: Notification) -> bool:
    fields = {f.attname: getattr(row, f.attname) for f in Notification._meta.concrete_fields}
    fields.pop("id")
    key = fields.pop("idempotency_key")
    saved, created = Notification.objects.get_or_create(idempotency_key=key, defaults=fields)
    row.pk = saved.pk
    return created


def notify_user(
    *, user: Any, event: str, context: Mapping[str, Any], key: str
) -> Notification | None:
    """Queue an e-mail to a user, in that user's preferred language."""
    email = user_email(user=user, event=event, context=context, key=key)
    if email is None:
        return None
    queued = notifications_queue(emails=[email])
    return queued[0] if queued else None


def user_email(*, user: Any, event: str, context: Mapping[str, Any], key: str) -> Email | None:
    """The e-mail `notify_user` would queue to a user (None for an inactive user or one
    without an address), to queue with others through `notifications_queue`."""
    if user is None or not user.is_active or not user.email:
        return None
    return Email(
        event=event,
        to_email=user.email,
        language=user.preferred_language,
        context={"recipient": user, **context},
        key=f"{key}:{user.pk}",
        recipient=user,
    )


def enqueue(notification_id: int) -> None:
    """Hand a row to the worker; with the broker down it stays pending for the beat task."""
    enqueue_many([notification_id])


def enqueue_many(notification_ids: Sequence[int]) -> None:
    """Hand rows to the worker in one message (one row: the single task, as always)."""
    from .tasks import deliver, deliver_many

    try:
        if len(notification_ids) == 1:
            deliver.apply_async(args=[notification_ids[0]], retry=False)
        else:
            deliver_many.apply_async(args=[list(notification_ids)], retry=False)
    except Exception:  # the broker's errors vary by transport; any of them means "later"
        logger.warning("Broker unreachable: notifications %s stay pending", notification_ids)


def backoff_seconds(attempts: int) -> int:
    """Exponential backoff: 30 s, 60 s, 120 s, … capped at an hour."""
    return int(min(3600, settings.NOTIFICATION_RETRY_BASE_SECONDS * 2 ** max(0, attempts - 1)))


def retry_countdown(notification_id: int) -> int:
    """Seconds before the next attempt at a row, by how many it has had."""
    attempts = Notification.objects.values_list("attempts", flat=True).get(pk=notification_id)
    return backoff_seconds(attempts)


def retry_later(notification_id: int) -> None:
    """Queue the next attempt at a row that failed (its backoff); with the broker down it
    stays pending for the beat task."""
    from .tasks import deliver

    try:
        deliver.apply_async(args=[notification_id], countdown=retry_countdown(notification_id))
    except Exception:  # as in enqueue_many: any broker error means "later"
        logger.warning("Broker unreachable: notification %s stays pending", notification_id)


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
