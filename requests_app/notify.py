"""Who hears of what: the people behind each audience of `workflow.NOTICES`, and their e-mails.

The workflow rows say which audiences hear of an event and with which template; this module
only turns an audience into people, and gives each the link of a page it may open. Called
inside the transaction of the change, so each outbox row exists exactly when the change does
(delivery waits for the commit).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from accounts_app.models import User
from notifications_app.services import absolute_url, notifications_queue, user_email

from . import workflow
from .models import CapacityRequest, Consultation, CoRequest, RequestEvent, Status
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


def institution_members(institution_id: int) -> list[User]:
    return list(User.objects.filter(is_active=True, membership__institution_id=institution_id))


def co_requester_members(request: CapacityRequest) -> list[User]:
    """The members of the co-requesting institutions that have confirmed."""
    confirmed = request.corequests.confirmed().values("institution_id")
    return list(User.objects.filter(is_active=True, membership__institution_id__in=confirmed))


def consultee_members(request: CapacityRequest, consultation: Consultation | None) -> list[User]:
    """The members of the bodies consulted on the request (or of one consultation's body)."""
    if consultation is not None:
        bodies = [consultation.body_id]
    else:
        bodies = list(request.consultations.open().values_list("body_id", flat=True))
    return list(User.objects.filter(is_active=True, consultee__body_id__in=bodies))


def audience_members(
    audience: Audience,
    request: CapacityRequest,
    corequest: CoRequest | None = None,
    consultation: Consultation | None = None,
) -> list[User]:
    """The people an audience of the workflow rows stands for on this request (and, for
    `NAMED`, the co-request whose institution is asked; for `CONSULTEES`, the one
    consultation a reminder concerns)."""
    if request.status == Status.DRAFT and audience in workflow.STAFF_AUDIENCES:
        return []  # the team cannot open a draft: neither the desk nor the partner pages show it
    if audience == Audience.PARTNER:
        return partner_members(request)
    if audience == Audience.CO_REQUESTERS:
        return co_requester_members(request)
    if audience == Audience.NAMED:
        return institution_members(corequest.institution_id) if corequest else []
    if audience == Audience.CONSULTEES:
        return consultee_members(request, consultation)
    if audience == Audience.TRIAGE:
        return triage_recipients()
    assignee = request.assignee if request.assignee_id else None
    if audience == Audience.TEAM:
        return [assignee] if assignee else triage_recipients()
    if audience == Audience.ASSIGNEE:
        return [assignee] if assignee else []
    raise ValueError(f"Unknown audience: {audience}")


def recipients(
    notice: workflow.Notice,
    request: CapacityRequest,
    actor: Any,
    corequest: CoRequest | None = None,
    comment: str = "",
) -> list[tuple[User, workflow.Tell]]:
    """Each person to e-mail once, with the first audience that holds them (its template);
    audiences told only of a comment are skipped when there is none."""
    people: dict[int, tuple[User, workflow.Tell]] = {}
    skip = None if notice.acknowledged else getattr(actor, "pk", None)
    for told in notice.tell:
        if told.only_with_comment and not comment:
            continue
        for user in audience_members(told.audience, request, corequest):
            if user.pk != skip:
                people.setdefault(user.pk, (user, told))
    return list(people.values())


def link_for(audience: Audience, user: User, request: CapacityRequest) -> str:
    """The page an audience opens: the one it may see (partner pages, the answer page of
    a named institution, or the desk), so nobody is sent a link that answers 404."""
    if audience == Audience.NAMED:
        name = "requests:corequest"
    elif audience == Audience.PARTNER:
        name = workflow.STAGE[request.status].partner_page
    elif audience == Audience.CO_REQUESTERS:
        name = "requests:detail"  # they never edit: the stage's page may be an edit page
    elif audience == Audience.CONSULTEES:
        name = "consultations:detail"
    else:
        name = "admin:requests_app_capacityrequest_change"
    return absolute_url(name, language=user.preferred_language, args=(request.pk,))


def announce(
    *,
    notice: workflow.Notice,
    request: CapacityRequest,
    actor: Any,
    row: RequestEvent | None,
    corequest: CoRequest | None = None,
) -> int:
    """Queue the e-mails of one timeline row (or of naming a co-requester: `corequest`, no
    row) to everyone concerned, in one insert and one message to the worker; returns how
    many."""
    once = f"{row.pk}" if row is not None else f"co{getattr(corequest, 'pk', '')}"
    comment = row.body if row is not None else ""
    # What the comment is ("Reason:", "Question:"…): the transition's label, as on the timeline.
    transition = workflow.BY_KEY.get(row.transition) if row is not None else None
    comment_label = transition.comment_label if transition is not None else None
    emails = []
    for user, told in recipients(notice, request, actor, corequest, comment):
        email = user_email(
            user=user,
            event=told.template,
            context={
                "request": request,
                "title": request.narrative("title"),
                "actor": actor,
                "comment": comment,
                "comment_label": comment_label,
                "link": link_for(told.audience, user, request),
                "for_partner": told.audience in workflow.PARTNER_AUDIENCES,
                "corequest": corequest,
            },
            key=f"{notice.event}:{request.pk}:{once}",
        )
        if email is not None:
            emails.append(email)
    return len(notifications_queue(emails=emails))


def message_notice(request: CapacityRequest, user: Any) -> workflow.Notice:
    """The notice of a message, by who wrote it: a member of the requesting institution or
    of a co-requester that has confirmed writes from the partners' side."""
    member = getattr(getattr(user, "membership", None), "institution_id", None)
    if member is not None and (
        member == request.institution_id
        or request.corequests.confirmed().filter(institution_id=member).exists()
    ):
        return workflow.MESSAGE_FROM_PARTNER
    return workflow.MESSAGE_FROM_STAFF
