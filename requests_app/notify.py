"""Who hears of what: the notification events of the workflow table, and their audiences.

Called inside the transaction of the change, so each outbox row exists exactly when the
change does (delivery waits for the commit).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings

from accounts_app.models import User
from notifications_app.services import absolute_url, notify_user

from .models import CapacityRequest, RequestEvent

STAFF_GROUPS = ("MIEUX+ staff", "MIEUX+ managers")

# Event → who receives it. "partner": every member of the requesting institution;
# "team": the assignee, or the triage recipients while nobody is assigned.
AUDIENCES: dict[str, tuple[str, ...]] = {
    "request_submitted": ("partner", "triage"),
    "clarification_requested": ("partner",),
    "request_resubmitted": ("team",),
    "consultation_started": ("partner",),
    "request_approved": ("partner", "team"),
    "request_rejected": ("partner", "team"),
    "request_reopened": ("partner", "team"),
    "request_withdrawn": ("team",),
    "message_from_partner": ("team",),
    "message_from_staff": ("partner",),
    "assigned": ("assignee",),
}


# The actor hears of their own step only where it is an acknowledgement.
ACKNOWLEDGED = frozenset({"request_submitted"})


def triage_recipients() -> list[User]:
    """TRIAGE_EMAILS when set, else every active member of the staff groups."""
    users = User.objects.filter(is_active=True)
    if settings.TRIAGE_EMAILS:
        return list(users.filter(email__in=[e.lower() for e in settings.TRIAGE_EMAILS]))
    return list(users.filter(is_staff=True, groups__name__in=STAFF_GROUPS).distinct())


def partner_members(request: CapacityRequest) -> list[User]:
    return list(
        User.objects.filter(is_active=True, membership__institution_id=request.institution_id)
    )


def recipients(event: str, request: CapacityRequest, actor: Any) -> list[User]:
    people: dict[int, User] = {}
    skip = None if event in ACKNOWLEDGED else getattr(actor, "pk", None)

    def add(users: Iterable[User | None]) -> None:
        for user in users:
            if user is not None and user.pk != skip:
                people.setdefault(user.pk, user)

    for audience in AUDIENCES.get(event, ()):
        if audience == "partner":
            add(partner_members(request))
        elif audience == "triage":
            add(triage_recipients())
        elif audience == "team":
            add([request.assignee] if request.assignee_id else triage_recipients())
        elif audience == "assignee":
            add([request.assignee])
    return list(people.values())


def announce(*, event: str, request: CapacityRequest, actor: Any, row: RequestEvent) -> int:
    """Queue the e-mails of one timeline row to everyone concerned; returns how many."""
    if event not in AUDIENCES:
        return 0
    count = 0
    for user in recipients(event, request, actor):
        is_partner = getattr(getattr(user, "membership", None), "institution_id", None) == (
            request.institution_id
        )
        link = (
            absolute_url("requests:detail", language=user.preferred_language, args=(request.pk,))
            if is_partner
            else absolute_url(
                "admin:requests_app_capacityrequest_change",
                language=user.preferred_language,
                args=(request.pk,),
            )
        )
        template = f"{event}_staff" if event == "request_submitted" and not is_partner else event
        queued = notify_user(
            user=user,
            event=template,
            context={
                "request": request,
                "title": request.narrative("title"),
                "actor": actor,
                "comment": row.body,
                "link": link,
                "for_partner": is_partner,
            },
            key=f"{event}:{request.pk}:{row.pk}",
        )
        count += queued is not None
    return count


def staff_or_partner(request: CapacityRequest, user: Any) -> str:
    """The message event name by who wrote it."""
    member = getattr(getattr(user, "membership", None), "institution_id", None)
    return "message_from_partner" if member == request.institution_id else "message_from_staff"
