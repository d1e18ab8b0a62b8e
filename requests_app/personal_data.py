"""A user's requests and messages in their downloaded data, and what erasure changes here.

Found by accounts_app.personal_data (like admin.py): the requests stay with the institution,
only the contact details that were the erased person's are replaced.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet

from accounts_app import personal_data
from accounts_app.models import User

from .models import CapacityRequest, CoRequest, EventKind, RequestEvent, Visibility

# What replaces a contact detail that was the erased person's (an address is emptied
# instead: "—" is no address, and an empty one is asked for again at submission).
ERASED = "—"
CONTACT_FIELDS = ("contact_name", "contact_position", "contact_email", "contact_phone")


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_requests(user: User) -> list[dict[str, Any]]:
    """The requests the user created, whatever became of them."""
    return [
        {
            "reference": obj.reference,
            "title": obj.narrative("title"),
            "status": obj.status,
            "created_at": _iso(obj.created_at),
            "submitted_at": _iso(obj.submitted_at),
            "status_changed_at": _iso(obj.status_changed_at),
            "decided_at": _iso(obj.decided_at),
        }
        for obj in CapacityRequest.objects.filter(created_by=user).order_by("created_at", "pk")
    ]


def export_messages(user: User) -> list[dict[str, Any]]:
    """The messages the user wrote to the team (never internal notes, never staff-only rows)."""
    events = (
        RequestEvent.objects.filter(
            actor=user, kind=EventKind.MESSAGE, visibility=Visibility.PARTNER
        )
        .select_related("request")
        .order_by("created_at", "pk")
    )
    return [
        {
            "request": event.request.reference,
            "request_title": event.request.narrative("title"),
            "created_at": _iso(event.created_at),
            "body": event.body,
        }
        for event in events
    ]


def export_co_request_answers(user: User) -> list[dict[str, Any]]:
    """The answers the user gave for their institution to joint requests, with reasons."""
    answers = (
        CoRequest.objects.filter(answered_by=user)
        .select_related("request", "institution")
        .order_by("answered_at", "pk")
    )
    return [
        {
            "request": answer.request.reference,
            "request_title": answer.request.narrative("title"),
            "institution": answer.institution.name,
            "answer": answer.status,
            "reason": answer.reason,
            "answered_at": _iso(answer.answered_at),
        }
        for answer in answers
    ]


def _is_contact(person: personal_data.Person) -> Q:
    """Rows whose contact is the person: their address anywhere, or their name on a
    request of their own (names are not unique across institutions)."""
    match = Q(contact_email__iexact=person.email)
    if person.full_name.strip():
        own = Q(created_by_id=person.user.pk)
        if person.institution_id is not None:
            own |= Q(institution_id=person.institution_id)
        match |= own & Q(contact_name=person.full_name)
    return match


def erase(person: personal_data.Person) -> None:
    """Replace the erased person's contact details on requests and in their history."""
    history = CapacityRequest.history.model  # type: ignore[attr-defined]
    models: tuple[type[Model], ...] = (CapacityRequest, history)
    for model in models:
        rows: QuerySet[Any] = model._default_manager.filter(_is_contact(person))
        # Position and phone only identify someone next to the name or address they go with.
        for field, value in (
            ("contact_phone", person.phone),
            ("contact_position", person.position),
        ):
            if value:
                rows.filter(**{field: value}).update(**{field: ERASED})
        if person.full_name.strip():
            rows.filter(contact_name=person.full_name).update(contact_name=ERASED)
        rows.filter(contact_email__iexact=person.email).update(contact_email="")


personal_data.register("requests", export=export_requests, erase=erase)
personal_data.register("messages", export=export_messages)
personal_data.register("co_request_answers", export=export_co_request_answers)
