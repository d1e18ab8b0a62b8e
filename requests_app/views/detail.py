"""The request page of the partner (and of staff reading it), and what is done from it:
messages, withdraw, delete, and the download of files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts_app.decorators import institution_required
from mieux_portal import ratelimit

from .. import services, workflow
from ..forms import CommentForm, MessageForm
from ..models import (
    Attachment,
    CapacityRequest,
    CoRequest,
    CoRequestStatus,
    EventKind,
    RequestEvent,
    Status,
)
from ..steps import STEP_KEYS
from .access import (
    get_own,
    not_possible,
    open_question,
    participating_requests,
    partner_timeline,
    partner_transitions,
    posted,
    visible_requests,
    with_detail_data,
)
from .summary import step_url, summary

# The page that performs each partner transition of the table, and where on it the form is.
# A partner transition added to the table without a page here gets no button (and the view
# matrix test fails until it has one).
PARTNER_PAGES: dict[str, tuple[str, str]] = {
    "submit": ("requests:review", "#submit-heading"),
    "resubmit": ("requests:review", "#answer"),
    "withdraw": ("requests:withdraw", ""),
}
# A co-requester's answer on the partner timeline: what happened, and what its text is.
CO_REQUEST_LABELS: dict[str, tuple[Promise, Promise]] = {
    CoRequestStatus.CONFIRMED: (
        gettext_lazy("Co-requester confirmed"),
        gettext_lazy("Comment:"),
    ),
    CoRequestStatus.DECLINED: (gettext_lazy("Co-requester declined"), gettext_lazy("Reason:")),
}


@dataclass(frozen=True)
class TimelineItem:
    """One row of the partner's timeline, in the partner's words."""

    event: RequestEvent
    label: str | Promise  # what happened: the partner-facing stage, or "Message"
    actor: str  # "MIEUX+ team" for staff, the person's name for the partner's side
    comment_label: str | Promise  # what the text is ("Question:", "Reason:", …)
    is_message: bool
    from_team: bool


def _from_team(event: RequestEvent) -> bool:
    # Partners see "the MIEUX+ team" rather than the names of individual staff members.
    return event.actor is not None and event.actor.is_staff


def _actor_name(event: RequestEvent, lead_id: int) -> str:
    actor = event.actor
    if actor is None:
        return ""
    if _from_team(event):
        return _("MIEUX+ team")
    name = actor.get_full_name() or actor.email
    membership = getattr(actor, "membership", None)
    if membership is not None and membership.institution_id != lead_id:
        # A co-requester's member: which institution speaks matters on a joint request.
        return f"{name} ({membership.institution})"
    return name


def _stage_unchanged(event: RequestEvent) -> bool:
    """A step between two stages the partner reads the same way (screening → consultation
    are both "Under review"): not a new stage to the partner."""
    return event.kind == EventKind.STATUS and not workflow.partner_sees_change(
        event.from_status, event.to_status
    )


def _partner_sees_change(event: RequestEvent) -> bool:
    """False for such a step without a comment: there is nothing for the partner to read."""
    return bool(event.body) or not _stage_unchanged(event)


def _timeline_item(event: RequestEvent, lead_id: int) -> TimelineItem:
    is_message = event.kind == EventKind.MESSAGE
    if _stage_unchanged(event):
        # Its comment is shown as the team's comment within the same period.
        label: str | Promise = gettext_lazy("Comment from the MIEUX+ team")
    elif event.kind == EventKind.STATUS and event.to_status:
        label = workflow.partner_label(event.to_status)
    else:
        label = event.get_kind_display()
    # A message's heading already says what its text is; a status change's text needs a word,
    # the one its transition row gives.
    transition = workflow.BY_KEY.get(event.transition)
    comment_label: str | Promise = ""
    if not is_message:
        comment_label = (transition and transition.comment_label) or gettext_lazy("Comment:")
    if event.kind == EventKind.CO_REQUEST and event.transition in CO_REQUEST_LABELS:
        label, comment_label = CO_REQUEST_LABELS[event.transition]
    return TimelineItem(
        event=event,
        label=label,
        actor=_actor_name(event, lead_id),
        comment_label=comment_label,
        is_message=is_message,
        from_team=_from_team(event),
    )


def _partner_actions(obj: CapacityRequest, user: Any) -> list[dict[str, Any]]:
    """One button per partner transition the table allows this user now, with its page."""
    actions = []
    for transition in partner_transitions(obj, user):
        page = PARTNER_PAGES.get(transition.key)
        if page is None:
            continue
        name, anchor = page
        actions.append(
            {
                "key": transition.key,
                "label": transition.label,
                "url": reverse(name, args=[obj.pk]) + anchor,
                "button_class": transition.button_class,
            }
        )
    return actions


def _render_detail(
    http: HttpRequest, obj: CapacityRequest, message_form: MessageForm | None = None
) -> HttpResponse:
    """The detail page; `message_form` is a bound form to show again with its errors."""
    timeline = [
        _timeline_item(event, obj.institution_id)
        for event in partner_timeline(obj)
        if _partner_sees_change(event)
    ]
    roles = workflow.roles_of(http.user, obj)
    is_member = workflow.Role.PARTNER in roles
    can_message = bool(roles & PARTNER_SIDE) and obj.status in workflow.OPEN
    if can_message and message_form is None:
        message_form = MessageForm()
    actions = _partner_actions(obj, http.user)
    # In clarification the answer button sits next to the question; the rest in the bar.
    answer_action = next((a for a in actions if a["key"] == "resubmit"), None)
    context = {
        "obj": obj,
        "title": obj.narrative("title"),
        "status_label": workflow.partner_label(obj.status),
        "sections": summary(obj),
        "attachments": obj.attachments.all(),
        "timeline": timeline,
        "question": open_question(obj),
        "is_clarification": obj.status == Status.CLARIFICATION,
        "can_edit": is_member and workflow.partner_editable(obj.status),
        "can_delete": is_member and obj.status == Status.DRAFT,
        "actions": [a for a in actions if a is not answer_action],
        "answer_action": answer_action,
        "message_form": message_form if can_message else None,
        "first_step_url": step_url(obj, STEP_KEYS[0]),
        # The reader's own co-request when their institution co-requests (not leads) it.
        "my_corequest": None if is_member else _corequest_of(obj, http.user),
    }
    return render(http, "requests/detail.html", context)


# Who writes messages on a request: its institution's members and confirmed co-requesters.
PARTNER_SIDE = frozenset({workflow.Role.PARTNER, workflow.Role.CO_REQUESTER})


def _corequest_of(obj: CapacityRequest, user: Any) -> CoRequest | None:
    membership = getattr(user, "membership", None)
    if membership is None:
        return None
    # From the prefetched co-requests of the page (`with_detail_data`).
    return next(
        (c for c in obj.corequests.all() if c.institution_id == membership.institution_id), None
    )


@institution_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about a request, its files, its partner-visible timeline and its actions."""
    obj = get_object_or_404(with_detail_data(visible_requests(request)), pk=pk)
    return _render_detail(request, obj)


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def message(request: HttpRequest, pk: int) -> HttpResponse:
    """A member of the institution (or of a confirmed co-requester) writes to the MIEUX+
    team while the request is open."""
    obj = get_object_or_404(participating_requests(request), pk=pk)
    if request.method != "POST":
        # The form lives on the detail page; this address only receives it.
        return redirect("requests:detail", pk=obj.pk)
    if obj.status not in workflow.OPEN:
        messages.info(request, _("Messages can be exchanged only while a request is open."))
        return redirect("requests:detail", pk=obj.pk)
    form = MessageForm(request.POST)
    # Each message notifies the team: limited per user; a refusal shows the text again.
    refusal = ratelimit.consume(request, "message")
    if refusal is None and form.is_valid():
        try:
            services.request_post_message(
                request=obj,
                actor=request.user,  # type: ignore[arg-type]
                body=form.cleaned_data["body"],
            )
        except services.WorkflowError as error:
            # The request closed meanwhile (or the user left the institution).
            messages.info(request, str(error.message))
            return redirect("requests:detail", pk=obj.pk)
        messages.success(request, _("Your message has been sent to the MIEUX+ team."))
        return redirect(reverse("requests:detail", args=[obj.pk]) + "#history")
    messages.error(
        request, refusal.message if refusal else _("Your message was not sent: please see below.")
    )
    obj = get_object_or_404(with_detail_data(participating_requests(request)), pk=pk)
    response = _render_detail(request, obj, form)
    return ratelimit.with_retry_after(response, refusal) if refusal else response


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation (and an optional reason), then withdraw the request."""
    obj = get_own(request, pk)
    if "withdraw" not in {t.key for t in partner_transitions(obj, request.user)}:
        return not_possible(request, obj, "withdraw")
    form = CommentForm(posted(request), label=_("Reason for withdrawing (optional)"))
    if request.method == "POST" and form.is_valid():
        try:
            services.request_transition(
                request=obj,
                key="withdraw",
                actor=request.user,  # type: ignore[arg-type]
                comment=form.cleaned_data["comment"],
            )
        except services.TransitionNotAllowed as error:
            messages.info(request, str(error.message))
        else:
            messages.success(request, _("The request has been withdrawn."))
        return redirect("requests:detail", pk=obj.pk)
    return render(request, "requests/withdraw.html", {"obj": obj, "form": form})


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation, then delete a draft with its files."""
    obj = get_own(request, pk)
    if obj.status != Status.DRAFT:
        messages.info(request, _("Only a draft can be deleted."))
        return redirect("requests:detail", pk=obj.pk)
    if request.method == "POST":
        try:
            services.request_delete_draft(request=obj, actor=request.user)  # type: ignore[arg-type]
        except services.TransitionNotAllowed as error:
            messages.info(request, str(error.message))
            return redirect("requests:detail", pk=obj.pk)
        messages.success(request, _("The draft has been deleted."))
        return redirect("requests:my_requests")
    return render(request, "requests/delete.html", {"obj": obj, "title": obj.narrative("title")})


@institution_required  # type: ignore[arg-type]  # a FileResponse is a streaming response
@require_safe
def download(request: HttpRequest, pk: int, att_pk: int) -> FileResponse:
    """Serve a private file to someone who may see its request, as a download."""
    obj = get_object_or_404(visible_requests(request), pk=pk)
    return attachment_response(get_object_or_404(Attachment, pk=att_pk, request=obj))


def attachment_response(attachment: Attachment) -> FileResponse:
    """A request's file as a download (404 when its file is gone), for whoever the calling
    view let through: a partner of the request, a consultee of a body consulted on it."""
    if not attachment.file.name:
        raise Http404
    try:
        handle = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Official letters hold personal data: no shared cache may keep them.
    patch_cache_control(response, private=True, no_store=True)
    return response
