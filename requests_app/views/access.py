"""Who may read and who may change a request, and the guards every partner page shares.

Reading (detail, download) uses `visible_requests`: staff with the permission see all but
drafts, partners their institution's and the joint requests it co-requests. Changing
(steps, files, review, withdraw, delete) uses `own_requests`: only members of the
requesting institution. Messages use `participating_requests`: those members and members
of a co-requesting institution that has confirmed. Anyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from .. import workflow
from ..models import (
    CapacityRequest,
    CapacityRequestQuerySet,
    CoRequest,
    EventKind,
    RequestEvent,
    Status,
)

# Kinds of timeline rows that are never the partner's business, whatever their visibility
# flag says (a row written by hand in the admin keeps the model's default, "partner").
STAFF_KINDS = (EventKind.NOTE, EventKind.ASSIGNMENT, EventKind.SCREENING, EventKind.CONSULTATION)


def posted(http: HttpRequest) -> QueryDict | None:
    # Not `request.POST or None`: an empty POST (no comment, box unticked) is still a POST.
    return http.POST if http.method == "POST" else None


def visible_requests(http: HttpRequest) -> CapacityRequestQuerySet:
    """Requests this user may read (partners: their institution's; staff: all submitted)."""
    queryset = CapacityRequest.objects.visible_to(http.user)
    if http.user.is_staff:
        # A draft is the institution's own until it is submitted; the admin hides it too.
        queryset = queryset.staff_visible()
    return queryset


def own_requests(http: HttpRequest) -> CapacityRequestQuerySet:
    """Requests of the user's own institution: the only ones a user may change."""
    user_id = http.user.pk
    assert user_id is not None, "institution_required lets only logged-in users in"
    return CapacityRequest.objects.filter(institution__memberships__user_id=user_id)


def participating_requests(http: HttpRequest) -> CapacityRequestQuerySet:
    """Requests the user writes messages on: their institution's, and the joint requests
    their institution has confirmed co-requesting."""
    user_id = http.user.pk
    assert user_id is not None, "institution_required lets only logged-in users in"
    confirmed = (
        CoRequest.objects.confirmed()
        .filter(institution__memberships__user_id=user_id)
        .values("request_id")
    )
    return CapacityRequest.objects.filter(
        Q(institution__memberships__user_id=user_id) | Q(pk__in=confirmed)
    )


def get_own(http: HttpRequest, pk: int) -> CapacityRequest:
    """One request of the user's own institution, or a 404."""
    return get_object_or_404(
        own_requests(http).select_related("institution", "institution__kind"), pk=pk
    )


def partner_transitions(obj: CapacityRequest, user: Any) -> list[workflow.Transition]:
    """The table's partner transitions this user may take on this request now."""
    return [t for t in workflow.available(obj, user) if workflow.Role.PARTNER in t.roles]


def not_possible(http: HttpRequest, obj: CapacityRequest, key: str) -> HttpResponse:
    """Back to the detail page, saying why the posted action cannot be taken now."""
    transition = workflow.BY_KEY.get(key)
    if key == "submit" and obj.status == Status.SUBMITTED:
        # Typically the second click of a double click: the first one submitted it.
        message = _("This request has already been submitted; its reference is %(reference)s.") % {
            "reference": obj.reference or "—"
        }
    elif transition is None:
        message = _("This action is not possible.")
    else:
        message = _("This request is “%(status)s”: “%(action)s” is not possible now.") % {
            "status": workflow.partner_label(obj.status),
            "action": transition.label,
        }
    messages.info(http, message)
    return redirect("requests:detail", pk=obj.pk)


def partner_timeline(obj: CapacityRequest) -> QuerySet[RequestEvent]:
    """The timeline rows a partner may read, oldest first, with their authors (and the
    institution they act for: a co-requester's is named)."""
    return (
        obj.events.for_partner()
        .exclude(kind__in=STAFF_KINDS)
        .select_related("actor", "actor__membership__institution")
    )


def open_question(obj: CapacityRequest) -> RequestEvent | None:
    """The team's question being answered: the latest partner-visible clarification request."""
    if obj.status != Status.CLARIFICATION:
        return None
    return (
        partner_timeline(obj)
        .filter(transition="ask_clarification")
        .order_by("-created_at", "-pk")
        .first()
    )


def refuse_if_locked(http: HttpRequest, obj: CapacityRequest) -> HttpResponse | None:
    """A redirect to the detail page when the request can no longer be edited."""
    if workflow.partner_editable(obj.status):
        return None
    messages.info(
        http,
        _("This request is “%(status)s”: it can no longer be changed.")
        % {"status": workflow.partner_label(obj.status)},
    )
    return redirect("requests:detail", pk=obj.pk)


def with_detail_data(queryset: QuerySet[CapacityRequest]) -> QuerySet[CapacityRequest]:
    """The requests with everything the summary and the detail page print."""
    return queryset.select_related("institution", "institution__kind", "region").prefetch_related(
        "corequests__institution", "topics", "activity_types", "attachments"
    )
