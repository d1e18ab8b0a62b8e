"""Who hears of what: the people behind each audience of `workflow.NOTICES`, and their e-mails.

The workflow rows say which audiences hear of an event and with which template; this module
only turns an audience into people. Called inside the transaction of the change, so each
outbox row exists exactly when the change does (delivery waits for the commit).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from accounts_app.models import User
from notifications_app.services import absolute_url, notify_user

from . import workflow
from .models import CapacityRequest, RequestEvent
from .workflow import Audience

STAFF_GROUPS = ("MIEUX+ staff", "MIEUX+ managers")


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


def audience_members(audience: Audience, request: CapacityRequest) -> list[User]:
    """The people an audience of the workflow rows stands for on this request."""
    if audience == Audience.PARTNER:
        return partner_members(request)
    if audience == Audience.TRIAGE:
        return triage_recipients()
    assignee = request.assignee if request.assignee_id else None
    if audience == Audience.TEAM:
        return [assignee] if assignee else triage_recipients()
    if audience == Audience.ASSIGNEE:
        return [assignee] if assignee else []
    raise ValueError(f"Unknown audience: {audience}")


def recipients(
    notice: workflow.Notice, request: CapacityRequest, actor: Any
) -> list[tuple[User, str]]:
    """Each person to e-mail once, with the template of the first audience that holds them."""
    people: dict[int, tuple[User, str]] = {}
    skip = None if notice.acknowledged else getattr(actor, "pk", None)
    for told in notice.tell:
        for user in audience_members(told.audience, request):
            if user.pk != skip:
                people.setdefault(user.pk, (user, told.template))
    return list(people.values())


def announce(
    *, notice: workflow.Notice, request: CapacityRequest, actor: Any, row: RequestEvent
) -> int:
    """Queue the e-mails of one timeline row to everyone concerned; returns how many."""
    count = 0
    for user, template in recipients(notice, request, actor):
        is_partner = getattr(getattr(user, "membership", None), "institution_id", None) == (
            request.institution_id
        )
        link = (
            absolute_url(
                workflow.STAGE[request.status].partner_page,
                language=user.preferred_language,
                args=(request.pk,),
            )
            if is_partner
            else absolute_url(
                "admin:requests_app_capacityrequest_change",
                language=user.preferred_language,
                args=(request.pk,),
            )
        )
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
            key=f"{notice.event}:{request.pk}:{row.pk}",
        )
        count += queued is not None
    return count


def message_notice(request: CapacityRequest, user: Any) -> workflow.Notice:
    """The notice of a message, by who wrote it."""
    member = getattr(getattr(user, "membership", None), "institution_id", None)
    if member == request.institution_id:
        return workflow.MESSAGE_FROM_PARTNER
    return workflow.MESSAGE_FROM_STAFF
