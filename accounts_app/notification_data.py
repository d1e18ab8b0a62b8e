"""The e-mails sent to a user, in their downloaded data; erasure empties their texts.

A section of accounts' own, registered by accounts_app.personal_data: notifications_app
knows users only through the user model and never imports accounts_app, so this section
lives on the accounts side of that dependency.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from notifications_app.models import Notification, NotificationStatus

from . import personal_data
from .models import User


def export_notifications(user: User) -> list[dict[str, Any]]:
    rows = Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    return [
        {
            "subject": row.subject,
            "event": row.event,
            "created_at": row.created_at.isoformat(),
            "sent_at": row.sent_at.isoformat() if row.sent_at else None,
        }
        for row in rows
    ]


def erase(person: personal_data.Person) -> None:
    """Keep that an e-mail went out (the event, subject and dates), not to whom or its text."""
    rows = Notification.objects.filter(Q(recipient=person.user) | Q(to_email__iexact=person.email))
    rows.filter(status=NotificationStatus.PENDING).update(
        status=NotificationStatus.FAILED, last_error="recipient erased"
    )
    rows.update(to_email=personal_data.erased_email(person.user.pk), body_text="", body_html="")


def register() -> None:
    personal_data.register("notifications", export=export_notifications, erase=erase)
