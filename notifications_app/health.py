"""The outbox's part of /readyz (mieux_portal.ops.readiness): e-mails must not wait long."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from mieux_portal.ops.readiness import Part, error

from .models import Notification, NotificationStatus


def outbox() -> Part:
    """Fails when the oldest pending e-mail waited longer than READINESS_OUTBOX_MAX_AGE."""
    try:
        oldest = (
            Notification.objects.filter(status=NotificationStatus.PENDING)
            .order_by("created_at")
            .values_list("created_at", flat=True)
            .first()
        )
    except Exception as exc:
        return error(exc)
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    limit = settings.READINESS_OUTBOX_MAX_AGE
    return Part(ok=age <= limit, detail={"oldest_pending_seconds": round(age), "limit": limit})
