"""Consultation of outside bodies: sending a request to them, their opinions, the reminders.

Keyword-only, typed, one transaction each, no HTTP request and no UI messages, like
`requests_app.services` (whose `request_transition` still moves the request: the
consultations are opened first, so the transition's `consults` check and its e-mail to the
consultees see them). Reads for other modules (the decision dossier, the desk's board):
:func:`consultations_for`, :func:`opinions_for`, :func:`opinions_considered`.

Opinions are staff- and consultee-side only: their timeline rows are internal, their
e-mails go to the team, and no partner page, e-mail, export or API reads these models.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts_app.models import BodyKind, ConsultedBody, User
from accounts_app.roles import body_of
from notifications_app.services import notify_user

from . import notify, services, workflow
from .consultation_models import Consultation, Opinion, Stance
from .models import CapacityRequest, EventKind, RequestEvent, Visibility
from .services import TransitionNotAllowed, WorkflowError

# The transition that sends a request to consultation (the table's `consults` row).
CONSULTS = next(t for t in workflow.TRANSITIONS if t.consults)
# Stances that need the body's reasons.
COMMENT_REQUIRED = (Stance.CONDITIONS, Stance.OPPOSES)


# --- Dates ------------------------------------------------------------------------


def working_days_after(start: date, days: int) -> date:
    """The date ``days`` working days (Monday to Friday) after ``start``."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def working_days_until(today: date, deadline: date) -> int:
    """Working days from ``today`` (excluded) to ``deadline`` (included); 0 on the day."""
    count, current = 0, today
    while current < deadline:
        current += timedelta(days=1)
        if current.weekday() < 5:
            count += 1
    return count


def default_deadline(today: date | None = None) -> date:
    return working_days_after(today or timezone.localdate(), settings.CONSULTATION_DAYS)


# --- Reads ------------------------------------------------------------------------


def proposed_bodies(request: CapacityRequest) -> QuerySet[ConsultedBody]:
    """The bodies proposed when sending to consultation: the EU Delegation of the request's
    country and the Steering Committee services."""
    return ConsultedBody.objects.filter(active=True).filter(
        Q(kind=BodyKind.STEERING) | Q(kind=BodyKind.DELEGATION, country=request.country)
    )


def consultations_for(request: CapacityRequest) -> list[Consultation]:
    """Every consultation of the request, oldest round first, with its body and opinion."""
    return list(
        Consultation.objects.filter(request_id=request.pk).select_related(
            "body", "opinion", "opinion__given_by", "decision"
        )
    )


def opinions_for(request: CapacityRequest) -> list[Opinion]:
    """The opinions given on the request (every round), by body; staff and consultees only."""
    return list(
        Opinion.objects.filter(consultation__request_id=request.pk)
        .select_related("consultation__body", "given_by")
        .order_by("consultation__requested_at", "consultation__body__kind", "pk")
    )


def opinions_considered(decision: RequestEvent) -> list[Opinion]:
    """The opinions a decision (its timeline row) considered: those of the consultations it
    closed."""
    return list(
        Opinion.objects.filter(consultation__decision=decision).select_related(
            "consultation__body", "given_by"
        )
    )


def queue_for(user: User) -> QuerySet[Consultation]:
    """A consultee's consultations: open ones first, by deadline."""
    return (
        Consultation.objects.of_user(user)
        .select_related("request", "request__institution", "body", "opinion")
        .order_by("closed_at", "deadline", "pk")
    )


# --- Writes -------------------------------------------------------------------------


def _clean(value: str | None) -> str:
    return (value or "").replace("\x00", "").strip()


@transaction.atomic
def consultation_start(
    *,
    request: CapacityRequest,
    actor: User,
    bodies: Iterable[ConsultedBody],
    deadline: date,
    comment: str = "",
) -> CapacityRequest:
    """Open one consultation per body, with the deadline, then send the request to
    consultation (the table's `consults` row: its checks, timeline row and e-mails, the
    consulted bodies' members asked in their language). Nothing is kept if it is refused."""
    locked = CapacityRequest.objects.select_for_update().get(pk=request.pk)
    if not CONSULTS.roles & workflow.roles_of(actor, locked):
        raise TransitionNotAllowed(_("You are not allowed to do this."))
    if locked.status not in CONSULTS.sources:
        raise TransitionNotAllowed(
            _("This request is now “%(status)s”: the action is no longer possible.")
            % {"status": workflow.partner_label(locked.status)}
        )
    chosen = list({body.pk: body for body in bodies}.values())
    if not chosen:
        raise WorkflowError(_("Choose at least one body to consult."))
    if any(not body.active for body in chosen):
        raise WorkflowError(_("A body chosen is no longer consulted; reload the page."))
    if deadline <= timezone.localdate():
        raise WorkflowError(_("The deadline must be after today."))
    now = timezone.now()
    # A body already asked and not yet closed keeps its consultation (and its deadline):
    # one open consultation per body (a second would be refused by the database).
    asked = set(Consultation.objects.open().filter(request=locked).values_list("body", flat=True))
    for body in chosen:
        if body.pk not in asked:
            Consultation.objects.create(
                request=locked, body=body, deadline=deadline, requested_by=actor, requested_at=now
            )
    RequestEvent.objects.create(
        request=locked,
        kind=EventKind.CONSULTATION,
        actor=actor,
        body=_("Consulted: %(bodies)s; opinions due by %(deadline)s.")
        % {"bodies": "; ".join(str(b) for b in chosen), "deadline": deadline.isoformat()},
        visibility=Visibility.STAFF,
        created_at=now,
    )
    return services.request_transition(
        request=locked, key=CONSULTS.key, actor=actor, comment=comment
    )


@transaction.atomic
def opinion_give(
    *, consultation: Consultation, actor: User, stance: str, comment: str = ""
) -> Opinion:
    """A consulted body's opinion, given or revised by one of its members until the
    decision; the team is told (the e-mail names the body and the stance)."""
    locked = CapacityRequest.objects.select_for_update().get(pk=consultation.request_id)
    current = Consultation.objects.select_related("body").get(pk=consultation.pk)
    body = body_of(actor)
    if body is None or body.pk != current.body_id:
        raise TransitionNotAllowed(_("You are not allowed to do this."))
    if current.closed_at is not None or not workflow.STAGE[locked.status].consulting:
        raise TransitionNotAllowed(
            _("The decision has been taken: the opinion can no longer be changed.")
        )
    if stance not in Stance.values:
        raise WorkflowError(_("Choose one of the opinions."))
    comment = _clean(comment)
    if stance in COMMENT_REQUIRED and not comment:
        raise WorkflowError(_("Please give your reasons or conditions in the comment."))
    now = timezone.now()
    opinion = Opinion.objects.filter(consultation=current).first()
    revised = opinion is not None
    if opinion is None:
        opinion = Opinion(consultation=current, given_at=now)
    opinion.stance = stance
    opinion.comment = comment
    opinion.given_by = actor
    opinion.updated_at = now
    opinion._history_user = actor  # type: ignore[attr-defined]
    opinion.save()
    template = (
        _("%(body)s revised its opinion: %(stance)s.")
        if revised
        else _("%(body)s gave its opinion: %(stance)s.")
    )
    row = RequestEvent.objects.create(
        request=locked,
        kind=EventKind.CONSULTATION,
        actor=actor,
        body=template % {"body": current.body, "stance": opinion.get_stance_display()},
        visibility=Visibility.STAFF,
        created_at=now,
    )
    notify.announce(notice=workflow.OPINION_GIVEN, request=locked, actor=actor, row=row)
    return opinion


# --- Reminders (Celery beat) ---------------------------------------------------------


def reminder_due(consultation: Consultation, today: date) -> int | None:
    """The reminder due today (its number of working days before the deadline), or None:
    the most urgent of `CONSULTATION_REMINDER_DAYS` reached and the deadline not passed."""
    left = working_days_until(today, consultation.deadline)
    if consultation.deadline < today:
        return None
    reached = [days for days in settings.CONSULTATION_REMINDER_DAYS if left <= days]
    return min(reached) if reached else None


def consultation_reminders_send(*, now: datetime) -> int:
    """Remind each consulted body without an opinion before the deadline; each reminder is
    one outbox key per consultation, member and reminder, so a re-run sends nothing more."""
    today = timezone.localdate(now)
    consulting = [s.status for s in workflow.STAGES if s.consulting]
    pending = Consultation.objects.awaiting_opinion().filter(request__status__in=consulting)
    sent = 0
    for consultation in pending.select_related("request", "body"):
        days = reminder_due(consultation, today)
        if days is None:
            continue
        request = consultation.request
        for told in workflow.CONSULTATION_REMINDER.tell:
            for user in notify.audience_members(told.audience, request, consultation=consultation):
                with transaction.atomic():
                    queued = notify_user(
                        user=user,
                        event=told.template,
                        context={
                            "request": request,
                            "title": request.narrative("title"),
                            "consultation": consultation,
                            "days": days,
                            "link": notify.link_for(told.audience, user, request),
                        },
                        key=f"consultation_reminder:{consultation.pk}:{days}",
                    )
                sent += queued is not None
    return sent
