"""What Celery beat sends every morning: the staff digest and the partners' reminders.

Both read requests, so they live here (requests_app may use notifications_app, not the
reverse). Each e-mail is an outbox row whose idempotency key names the day (digest) or the
week of waiting (reminder), so a task that runs twice, or a beat that fires twice, sends
nothing more. Decisions and clarification requests are not sent from here: they go out with
the step itself, whatever the recipient's preferences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise

from accounts_app.models import User
from notifications_app.services import absolute_url, notify_user

from . import workflow
from .models import CapacityRequest, CapacityRequestQuerySet, EventKind, RequestEvent, Status
from .notify import STAFF_GROUPS

# Rows listed per digest section; the section's link leads to all of them.
DIGEST_ROWS = 20
CHANGELIST = "admin:requests_app_capacityrequest_changelist"
CHANGE = "admin:requests_app_capacityrequest_change"


@dataclass
class DigestSection:
    """One part of the digest: a heading's data, a few rows, the admin list with them all."""

    kind: str  # "new", "waiting" or "clarification"
    requests: list[CapacityRequest]
    total: int
    query: dict[str, str]
    stage: Promise | str = ""
    days: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    link: str = ""


def _section(
    kind: str, queryset: CapacityRequestQuerySet, query: dict[str, str], **extra: Any
) -> DigestSection | None:
    total = queryset.count()
    if not total:
        return None
    return DigestSection(
        kind=kind, requests=list(queryset[:DIGEST_ROWS]), total=total, query=query, **extra
    )


def digest_sections(*, now: datetime) -> list[DigestSection]:
    """New submissions of the last 24 hours, requests waiting too long in their stage
    (settings.STAGE_ALERT_DAYS) and clarifications not yet answered; empty parts left out."""
    requests = CapacityRequest.objects.with_list_data()
    since = now - timedelta(hours=24)
    sections = [
        _section(
            "new",
            requests.submitted_between(since, now).order_by("submitted_at"),
            {"submitted_at__gte": since.isoformat(), "submitted_at__lt": now.isoformat()},
        )
    ]
    for stage, days in settings.STAGE_ALERT_DAYS.items():
        cutoff = now - timedelta(days=days)
        sections.append(
            _section(
                "waiting",
                requests.filter(status=stage)
                .stale(days=days, now=now)
                .order_by("status_changed_at"),
                {"status": stage, "status_changed_at__lt": cutoff.isoformat()},
                stage=Status(stage).label,
                days=days,
            )
        )
    sections.append(
        _section(
            "clarification",
            requests.filter(status=Status.CLARIFICATION).order_by("status_changed_at"),
            {"status": Status.CLARIFICATION.value},
        )
    )
    return [section for section in sections if section is not None]


def _in_language(sections: list[DigestSection], language: str, now: datetime) -> None:
    """Fill in the links and titles for a reader of ``language``."""
    changelist = absolute_url(CHANGELIST, language=language)
    for section in sections:
        section.link = f"{changelist}?{urlencode(section.query)}"
        section.rows = [
            {
                "reference": request.reference,
                "title": request.narrative("title", language) or request.narrative("title"),
                "institution": request.institution,
                "days": (now - request.status_changed_at).days,
                "link": absolute_url(CHANGE, language=language, args=(request.pk,)),
            }
            for request in section.requests
        ]


def digest_recipients() -> list[User]:
    """Active members of the staff groups who have not switched the digest off."""
    return list(
        User.objects.filter(
            is_active=True, is_staff=True, groups__name__in=STAFF_GROUPS, receive_digest=True
        )
        .distinct()
        .order_by("pk")
    )


@transaction.atomic
def staff_digest_send(*, now: datetime) -> int:
    """Queue the day's digest to every staff member who wants it; returns how many.

    Nothing is sent on a day with nothing to say. One digest per person and day.
    """
    sections = digest_sections(now=now)
    if not sections:
        return 0
    day = timezone.localtime(now).date()
    count = 0
    for user in digest_recipients():
        _in_language(sections, user.preferred_language, now)
        queued = notify_user(
            user=user,
            event="staff_digest",
            context={
                "sections": sections,
                "date": day,
                "profile_link": absolute_url("accounts:profile", language=user.preferred_language),
            },
            key=f"staff_digest:{day.isoformat()}",
        )
        count += queued is not None
    return count


def _reminded_members(request: CapacityRequest) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            membership__institution_id=request.institution_id,
            receive_reminders=True,
        ).order_by("pk")
    )


def _remind(
    request: CapacityRequest, *, kind: str, since: datetime, after_days: int, now: datetime
) -> int:
    """Queue one reminder to each member; at most one per request every seven days.

    The key counts the weeks since the reminder first became due, from the moment the
    waiting started (a new clarification round, or an edit of the draft, starts afresh):
    reminders go out on day ``after_days``, then 7 days later, and so on, and a second
    run within the same week finds its key taken.
    """
    waited = now - since
    week = (waited - timedelta(days=after_days)).days // 7
    key = f"reminder:{kind}:{request.pk}:{int(since.timestamp())}:{week}"
    question = ""
    if kind == "clarification":
        asked = (
            RequestEvent.objects.filter(
                request=request, kind=EventKind.STATUS, to_status=Status.CLARIFICATION
            )
            .order_by("-created_at", "-pk")
            .first()
        )
        question = asked.body if asked else ""
    page = workflow.STAGE[request.status].partner_page
    count = 0
    for user in _reminded_members(request):
        language = user.preferred_language
        queued = notify_user(
            user=user,
            event=f"reminder_{kind}",
            context={
                "request": request,
                "title": request.narrative("title"),
                "days": waited.days,
                "question": question,
                "link": absolute_url(page, language=language, args=(request.pk,)),
                "profile_link": absolute_url("accounts:profile", language=language),
                "for_partner": True,
            },
            key=key,
        )
        count += queued is not None
    return count


@transaction.atomic
def partner_reminders_send(*, now: datetime) -> int:
    """Remind partners of clarifications unanswered for REMINDER_CLARIFICATION_DAYS and of
    drafts left alone for REMINDER_DRAFT_DAYS; members who switched reminders off are
    skipped. Returns how many e-mails were queued."""
    clarification_days = settings.REMINDER_CLARIFICATION_DAYS
    draft_days = settings.REMINDER_DRAFT_DAYS
    requests = CapacityRequest.objects.select_related("institution")
    count = 0
    for request in requests.filter(status=Status.CLARIFICATION).stale(
        days=clarification_days, now=now
    ):
        count += _remind(
            request,
            kind="clarification",
            since=request.status_changed_at,
            after_days=clarification_days,
            now=now,
        )
    for request in requests.idle_drafts(days=draft_days, now=now):
        count += _remind(
            request, kind="draft", since=request.updated_at, after_days=draft_days, now=now
        )
    return count
