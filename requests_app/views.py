"""The partner's pages of a request: the list, the step form, files, review, detail.

Views read through QuerySet methods and write only through `services`; they turn the
services' exceptions into messages. Two lookups guard every page:

* reading (detail, download) uses `visible_to(user)`: staff with the permission see all
  but drafts;
* changing (steps, files, review, withdraw, delete, messages) is only for members of the
  requesting institution.

Every partner POST that moves the workflow is checked against the table first
(`workflow.available`), so a button that is shown, a button that is posted from a stale page
and the service all agree on what is possible.

Anyone else gets a 404, so the pages do not even confirm that a request exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.cache import patch_cache_control
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from accounts_app.decorators import institution_required
from mieux_portal import ratelimit
from mieux_portal.pagecache import cached_page

from . import services, workflow
from .forms import (
    STEP_FORMS,
    AttachmentForm,
    CommentForm,
    MessageForm,
    RemoveAttachmentForm,
    StepForm,
    SubmitForm,
)
from .models import (
    NARRATIVE_FIELDS,
    Attachment,
    AttachmentKind,
    CapacityRequest,
    CapacityRequestQuerySet,
    EventKind,
    RequestEvent,
    Status,
)
from .steps import BY_KEY as STEPS_BY_KEY
from .steps import STEP_KEYS, STEPS

# A partner may change a request only while it is a draft or awaits clarification.
EDITABLE = (Status.DRAFT, Status.CLARIFICATION)
PAGE_SIZE = 20
# Names of the step forms' buttons: they say where to go, they are not input to keep.
ACTION = "action"
NOT_INPUT = {"csrfmiddlewaretoken", ACTION}

# The page that performs each partner transition of the table, and where on it the form is.
# A partner transition added to the table without a page here gets no button (and the view
# matrix test fails until it has one).
PARTNER_PAGES: dict[str, tuple[str, str]] = {
    "submit": ("requests:review", "#submit-heading"),
    "resubmit": ("requests:review", "#answer"),
    "withdraw": ("requests:withdraw", ""),
}
# The transitions the review page performs; the posted button names one of them.
REVIEW_KEYS = ("submit", "resubmit")
TRANSITION = "transition"
# Kinds of timeline rows that are never the partner's business, whatever their visibility
# flag says (a row written by hand in the admin keeps the model's default, "partner").
STAFF_KINDS = (EventKind.NOTE, EventKind.ASSIGNMENT)
# What introduces the text of a status change on the partner's timeline, by transition.
COMMENT_LABELS: dict[str, Promise] = {
    "ask_clarification": gettext_lazy("Question:"),
    "resubmit": gettext_lazy("Answer:"),
    "reject": gettext_lazy("Reason:"),
    "withdraw": gettext_lazy("Reason:"),
}


def _posted(http: HttpRequest) -> QueryDict | None:
    # Not `request.POST or None`: an empty POST (no comment, box unticked) is still a POST.
    return http.POST if http.method == "POST" else None


# --- Lookups ----------------------------------------------------------------------


def _visible(http: HttpRequest) -> QuerySet[CapacityRequest]:
    """Requests this user may read (partners: their institution's; staff: all submitted)."""
    queryset = CapacityRequest.objects.visible_to(http.user)
    if http.user.is_staff:
        # A draft is the institution's own until it is submitted; the admin hides it too.
        queryset = queryset.exclude(status=Status.DRAFT)
    return queryset


def _own(http: HttpRequest) -> CapacityRequestQuerySet:
    """Requests of the user's own institution: the only ones a user may change."""
    user_id = http.user.pk
    assert user_id is not None, "institution_required lets only logged-in users in"
    return CapacityRequest.objects.filter(institution__memberships__user_id=user_id)


def _get_own(http: HttpRequest, pk: int) -> CapacityRequest:
    return get_object_or_404(_own(http).select_related("institution", "institution__kind"), pk=pk)


def _partner_transitions(obj: CapacityRequest, user: Any) -> list[workflow.Transition]:
    """The table's partner transitions this user may take on this request now."""
    return [t for t in workflow.available(obj, user) if workflow.Role.PARTNER in t.roles]


def _not_possible(http: HttpRequest, obj: CapacityRequest, key: str) -> HttpResponse:
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


def _partner_timeline(obj: CapacityRequest) -> QuerySet[RequestEvent]:
    """The timeline rows a partner may read, oldest first, with their authors."""
    return obj.events.for_partner().exclude(kind__in=STAFF_KINDS).select_related("actor")


def _open_question(obj: CapacityRequest) -> RequestEvent | None:
    """The team's question being answered: the latest partner-visible clarification request."""
    if obj.status != Status.CLARIFICATION:
        return None
    return (
        _partner_timeline(obj)
        .filter(transition="ask_clarification")
        .order_by("-created_at", "-pk")
        .first()
    )


def _refuse_if_locked(http: HttpRequest, obj: CapacityRequest) -> HttpResponse | None:
    """A redirect to the detail page when the request can no longer be edited."""
    if obj.status in EDITABLE:
        return None
    messages.info(
        http,
        _("This request is “%(status)s”: it can no longer be changed.")
        % {"status": workflow.partner_label(obj.status)},
    )
    return redirect("requests:detail", pk=obj.pk)


# --- Steps, problems and the summary ------------------------------------------------


def step_url(obj: CapacityRequest, key: str) -> str:
    """The page where a step of this request is edited."""
    if key in ("files", "review"):
        return reverse(f"requests:{key}", args=[obj.pk])
    return reverse("requests:step", args=[obj.pk, key])


def _next_step(key: str) -> str:
    return STEP_KEYS[min(STEP_KEYS.index(key) + 1, len(STEP_KEYS) - 1)]


def _step_nav(
    obj: CapacityRequest, current: str, problems: list[services.Problem]
) -> list[dict[str, Any]]:
    with_problems = {p.step for p in problems}
    return [
        {
            "number": number,
            "key": step.key,
            "title": step.title,
            "url": step_url(obj, step.key),
            "current": step.key == current,
            "has_problem": step.key in with_problems,
        }
        for number, step in enumerate(STEPS, start=1)
    ]


def _anchor(step: str, field: str) -> str:
    """The id a problem links to: the field itself, or the first box of a choice list."""
    if not field:
        return ""
    form_class = STEP_FORMS.get(step)
    widget = (
        form_class.base_fields[field].widget
        if form_class and field in form_class.base_fields
        else None
    )
    # A list of boxes has no element of its own to jump to; its first box is focusable.
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return f"#id_{field}_0"
    return f"#id_{field}"


def _problem_links(obj: CapacityRequest, problems: list[services.Problem]) -> list[dict[str, Any]]:
    """Each problem with a link to the field (or the step) where it is fixed."""
    return [
        {
            "message": p.message,
            "url": step_url(obj, p.step) + _anchor(p.step, p.field),
            "step": p.step,
        }
        for p in problems
    ]


def _edit_context(
    obj: CapacityRequest, current: str, problems: list[services.Problem] | None = None
) -> dict[str, Any]:
    if problems is None:
        problems = services.request_problems(obj)
    return {
        "obj": obj,
        "title": obj.narrative("title"),
        "current_step": current,
        "steps": _step_nav(obj, current, problems),
        "problems": _problem_links(obj, problems),
        # While editing in clarification, the partner keeps the team's question in sight.
        "question": _open_question(obj),
    }


@dataclass(frozen=True)
class Row:
    """One line of the read-only summary of a request."""

    field: str
    label: Any
    value: str | list[str]
    text: bool = False  # a narrative text: keep its line breaks, mark its language

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    url: str
    rows: list[Row]


def _display(obj: CapacityRequest, name: str) -> str | list[str]:
    """A stored value as the partner reads it, in the language of the page."""
    if name in NARRATIVE_FIELDS:
        return obj.narrative(name)
    if name in ("co_institutions", "topics", "activity_types"):
        return [str(item) for item in getattr(obj, name).all()]
    if name == "country":
        return str(obj.country.name) if obj.country else ""  # type: ignore[attr-defined]
    if name == "other_countries":
        return [str(c.name) for c in obj.other_countries]  # type: ignore[attr-defined]
    if name in ("channel", "request_type", "submission_language"):
        return str(getattr(obj, f"get_{name}_display")()) if getattr(obj, name) else ""
    value = getattr(obj, name)
    if value is None:
        return ""
    if name.startswith("timeframe_"):
        return formats.date_format(value)
    return str(value)


def _summary(obj: CapacityRequest) -> list[Section]:
    """Everything the partner entered, by step, with the labels of the form."""
    sections = []
    for step in STEPS:
        form_class = STEP_FORMS.get(step.key)
        if form_class is None:
            continue
        rows = [
            Row(name, field.label, _display(obj, name), text=name in NARRATIVE_FIELDS)
            for name, field in form_class.base_fields.items()
        ]
        if step.key == "institution":
            rows.insert(0, Row("institution", _("Requesting institution"), str(obj.institution)))
        sections.append(Section(step.key, step.title, step_url(obj, step.key), rows))
    return sections


def _with_detail_data(queryset: QuerySet[CapacityRequest]) -> QuerySet[CapacityRequest]:
    return queryset.select_related("institution", "institution__kind", "region").prefetch_related(
        "co_institutions", "topics", "activity_types", "attachments"
    )


# --- My requests ----------------------------------------------------------------------


LIST_FIELDS = (
    "reference",
    "status",
    "created_at",
    "submitted_at",
    "updated_at",
    "submission_language",
    *(f"title_{code}" for code, _name in settings.LANGUAGES),
)


def _my_requests_version(request: HttpRequest) -> str | None:
    """Who sees this list, and the state of the rows behind it (one index-only query)."""
    institution = request.user.institution  # type: ignore[union-attr]
    if institution is None:
        return None
    count, last = CapacityRequest.objects.institution_version(institution.pk)
    return f"mine:{request.user.pk}:{request.user.is_staff}:{institution.pk}:{count}:{last}"


@institution_required
@require_safe
@cached_page(_my_requests_version)
def my_requests(request: HttpRequest) -> HttpResponse:
    """The requests of the user's institution, newest first, filterable by status."""
    # Only what a row shows: no related rows, none of the long narrative texts.
    queryset = _own(request).only(*LIST_FIELDS).order_by("-created_at", "-pk")
    status_key = request.GET.get("status", "")
    if status_key in workflow.PARTNER_FILTERS:
        queryset = queryset.filter(status__in=workflow.PARTNER_FILTERS[status_key][1])
    else:
        status_key = ""  # an unknown filter is ignored rather than refused
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "obj": obj,
            "title": obj.narrative("title"),
            "status": workflow.partner_label(obj.status),
        }
        for obj in page
    ]
    filters = [(key, label) for key, (label, _statuses) in workflow.PARTNER_FILTERS.items()]
    return render(
        request,
        "requests/my_requests.html",
        {"page": page, "rows": rows, "filters": filters, "status_key": status_key},
    )


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """GET explains and offers a button; POST starts a draft in the page's language."""
    institution = request.user.institution  # type: ignore[union-attr]
    if institution is None:
        messages.info(request, _("Only members of a partner institution can start a request."))
        return redirect("requests:my_requests")
    if request.method == "POST":
        obj = services.request_create(
            institution=institution,
            actor=request.user,  # type: ignore[arg-type]
            language=translation.get_language(),
        )
        messages.success(request, _("Your draft request has been started."))
        return redirect("requests:step", pk=obj.pk, step=STEP_KEYS[0])
    return render(request, "requests/new.html", {"institution": institution})


# --- The step form ---------------------------------------------------------------------


def _kept_input(form: StepForm, post: QueryDict) -> dict[str, list[str]]:
    # Only this step's fields are kept, so a tampered post cannot stuff the draft with
    # arbitrary keys; NUL characters are dropped because PostgreSQL refuses them in JSON.
    return {
        key: [value.replace("\x00", "") for value in post.getlist(key)]
        for key in post
        if key in form.fields and key not in NOT_INPUT
    }


def _as_querydict(data: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, [str(v) for v in values] if isinstance(values, list) else [str(values)])
    return query


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the request form: save as draft, or save and go to the next step."""
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        raise Http404
    obj = _get_own(request, pk)
    refused = _refuse_if_locked(request, obj)
    if refused:
        return refused
    if request.method == "POST":
        form = form_class(request.POST, capacity_request=obj)
        if form.is_valid():
            try:
                services.request_update_draft(
                    request=obj,
                    actor=request.user,  # type: ignore[arg-type]
                    step=step,
                    values=dict(form.cleaned_data),
                )
            except services.TransitionNotAllowed as error:
                messages.info(request, str(error.message))
                return redirect("requests:detail", pk=obj.pk)
            messages.success(request, _("Your changes have been saved."))
            if request.POST.get(ACTION) == "continue":
                return redirect(step_url(obj, _next_step(step)))
            return redirect(step_url(obj, step))
        services.request_keep_invalid_input(
            request=obj, step=step, data=_kept_input(form, request.POST)
        )
        obj.refresh_from_db()
        messages.error(
            request,
            _(
                "Some fields need correcting (marked below). Everything you typed has been "
                "kept; the rest of this step is not saved until it is corrected."
            ),
        )
    elif step in obj.draft_payload:
        # What was typed last time did not validate: show it again, with its errors.
        form = form_class(_as_querydict(obj.draft_payload[step]), capacity_request=obj)
        form.is_valid()
        messages.warning(
            request,
            _("What you typed last time on this step had errors: please correct them."),
        )
    else:
        form = form_class(initial=form_class.initial_for(obj), capacity_request=obj)
    if form.is_bound and form.errors:
        form.add_error(None, _("Please correct the fields marked below."))
    context = _edit_context(obj, step)
    context.update({"form": form, "step_title": STEPS_BY_KEY[step].title})
    return render(request, "requests/step.html", context)


# --- Files -----------------------------------------------------------------------------


def _limits_text() -> str:
    megabytes = settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)
    count = settings.ATTACHMENT_MAX_COUNT
    return ngettext(
        "Accepted: PDF, Word (DOCX), OpenDocument text (ODT), JPG and PNG; at most "
        "%(mb)d MB per file and %(count)d file per request.",
        "Accepted: PDF, Word (DOCX), OpenDocument text (ODT), JPG and PNG; at most "
        "%(mb)d MB per file and %(count)d files per request.",
        count,
    ) % {"mb": megabytes, "count": count}


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def files(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload, list and remove the request's files."""
    obj = _get_own(request, pk)
    refused = _refuse_if_locked(request, obj)
    if refused:
        return refused
    # Once the letter is there, the next file is most likely a supporting document.
    has_letter = obj.attachments.filter(kind=AttachmentKind.LETTER).exists()
    form = AttachmentForm(
        initial={"kind": AttachmentKind.SUPPORTING if has_letter else AttachmentKind.LETTER}
    )
    if request.method == "POST" and "remove" in request.POST:
        remove_form = RemoveAttachmentForm(request.POST)
        if not remove_form.is_valid():
            raise Http404
        attachment = get_object_or_404(obj.attachments, pk=remove_form.cleaned_data["remove"])
        try:
            services.attachment_remove(attachment=attachment, actor=request.user)  # type: ignore[arg-type]
        except services.AttachmentRejected as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request, _("“%(name)s” has been removed.") % {"name": attachment.original_name}
            )
        return redirect("requests:files", pk=obj.pk)
    if request.method == "POST":
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                attachment = services.attachment_add(
                    request=obj,
                    actor=request.user,  # type: ignore[arg-type]
                    upload=upload,
                    name=upload.name,
                    size=upload.size,
                    kind=form.cleaned_data["kind"],
                )
            except services.AttachmentRejected as error:
                form.add_error("file", str(error.message))
            else:
                messages.success(
                    request,
                    _("“%(name)s” has been added.") % {"name": attachment.original_name},
                )
                return redirect("requests:files", pk=obj.pk)
        messages.error(request, _("The file was not added: see the message below."))
    context = _edit_context(obj, "files")
    context.update(
        {
            "form": form,
            "attachments": obj.attachments.all(),
            "limits": _limits_text(),
            "next_url": step_url(obj, "review"),
        }
    )
    return render(request, "requests/files.html", context)


# --- Review and submit -------------------------------------------------------------------


def _not_sent_message(count: int) -> str:
    return ngettext(
        "The request was not submitted: %(count)d point below needs your attention.",
        "The request was not submitted: %(count)d points below need your attention.",
        count,
    ) % {"count": count}


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything entered and what is still missing; then submit, or answer and resubmit.

    The posted button names the transition (submit or resubmit); it is taken only if the
    table allows it now, so a stale page cannot do what the request's stage no longer allows.
    """
    obj = _get_own(request, pk)
    allowed = {t.key: t for t in _partner_transitions(obj, request.user)}
    if request.method == "POST":
        # Pages from before the buttons carried their key post none: infer it from the stage.
        default = "resubmit" if obj.status == Status.CLARIFICATION else "submit"
        key = request.POST.get(TRANSITION) or default
        if key not in REVIEW_KEYS:
            # A tampered post: name no transition, this page performs none but its own.
            return _not_possible(request, obj, "")
        if key not in allowed:
            return _not_possible(request, obj, key)
    else:
        refused = _refuse_if_locked(request, obj)
        if refused:
            return refused
    action = next((allowed[key] for key in REVIEW_KEYS if key in allowed), None)
    answering = action is not None and action.key == "resubmit"
    problems: list[services.Problem] | None = None
    form: SubmitForm | CommentForm
    if answering:
        form = CommentForm(
            _posted(request),
            required=True,
            label=_("Your answer to the question"),
            required_message=_("Please write your answer to the question."),
        )
    else:
        form = SubmitForm(_posted(request), initial={"consent": obj.consent})
    # Submitting notifies the team: limited per user; a refusal keeps the page as posted.
    refusal = ratelimit.consume(request, "submit") if request.method == "POST" else None
    if refusal is not None:
        form.is_valid()
        messages.error(request, refusal.message)
    elif request.method == "POST" and answering:
        if form.is_valid():
            try:
                services.request_transition(
                    request=obj,
                    key="resubmit",
                    actor=request.user,  # type: ignore[arg-type]
                    comment=form.cleaned_data["comment"],
                )
            except services.IncompleteRequest as error:
                # The answer stays in the form; the list says what to complete first.
                problems = error.problems
                messages.error(request, _not_sent_message(len(problems)))
            except services.TransitionNotAllowed as error:
                messages.info(request, str(error.message))
                return redirect("requests:detail", pk=obj.pk)
            else:
                messages.success(request, _("Thank you: your answer has been sent to MIEUX+."))
                return redirect("requests:detail", pk=obj.pk)
        else:
            messages.error(request, _("Please write your answer before sending the request back."))
    elif request.method == "POST":
        form.is_valid()
        try:
            submitted = services.request_submit(
                request=obj,
                actor=request.user,  # type: ignore[arg-type]
                consent=bool(form.cleaned_data.get("consent")),
            )
        except services.IncompleteRequest as error:
            problems = services.request_problems(obj)
            problems += [p for p in error.problems if p not in problems]
            messages.error(request, _not_sent_message(len(problems)))
        except services.TransitionNotAllowed as error:
            messages.info(request, str(error.message))
            return redirect("requests:detail", pk=obj.pk)
        else:
            messages.success(
                request,
                _("Thank you: your request has been submitted. Its reference is %(reference)s.")
                % {"reference": submitted.reference},
            )
            return redirect("requests:detail", pk=obj.pk)
    obj = _with_detail_data(_own(request)).get(pk=obj.pk)
    context = _edit_context(obj, "review", problems)
    context.update(
        {
            "form": form,
            "sections": _summary(obj),
            "attachments": obj.attachments.all(),
            "action": action,
            "clarification": answering,
        }
    )
    response = render(request, "requests/review.html", context)
    return ratelimit.with_retry_after(response, refusal) if refusal else response


# --- Detail, withdraw, delete, download ---------------------------------------------------


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


def _actor_name(event: RequestEvent) -> str:
    actor = event.actor
    if actor is None:
        return ""
    if _from_team(event):
        return _("MIEUX+ team")
    return actor.get_full_name() or actor.email


def _partner_sees_change(event: RequestEvent) -> bool:
    """False for a silent step between two stages the partner reads the same way
    (screening → consultation are both "Under review")."""
    return not (
        event.kind == EventKind.STATUS
        and event.from_status
        and not event.body
        and workflow.partner_label(event.from_status) == workflow.partner_label(event.to_status)
    )


def _timeline_item(event: RequestEvent) -> TimelineItem:
    is_message = event.kind == EventKind.MESSAGE
    if event.kind == EventKind.STATUS and event.to_status:
        label: str | Promise = workflow.partner_label(event.to_status)
    else:
        label = event.get_kind_display()
    # A message's heading already says what its text is; a status change's text needs a word.
    comment_label: str | Promise = (
        "" if is_message else COMMENT_LABELS.get(event.transition, gettext_lazy("Comment:"))
    )
    return TimelineItem(
        event=event,
        label=label,
        actor=_actor_name(event),
        comment_label=comment_label,
        is_message=is_message,
        from_team=_from_team(event),
    )


def _partner_actions(obj: CapacityRequest, user: Any) -> list[dict[str, Any]]:
    """One button per partner transition the table allows this user now, with its page."""
    actions = []
    for transition in _partner_transitions(obj, user):
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
        _timeline_item(event) for event in _partner_timeline(obj) if _partner_sees_change(event)
    ]
    is_member = workflow.Role.PARTNER in workflow.roles_of(http.user, obj)
    can_message = is_member and obj.status in workflow.OPEN
    if can_message and message_form is None:
        message_form = MessageForm()
    actions = _partner_actions(obj, http.user)
    # In clarification the answer button sits next to the question; the rest in the bar.
    answer_action = next((a for a in actions if a["key"] == "resubmit"), None)
    context = {
        "obj": obj,
        "title": obj.narrative("title"),
        "status_label": workflow.partner_label(obj.status),
        "sections": _summary(obj),
        "attachments": obj.attachments.all(),
        "timeline": timeline,
        "question": _open_question(obj),
        "is_clarification": obj.status == Status.CLARIFICATION,
        "can_edit": is_member and obj.status in EDITABLE,
        "can_delete": is_member and obj.status == Status.DRAFT,
        "actions": [a for a in actions if a is not answer_action],
        "answer_action": answer_action,
        "message_form": message_form if can_message else None,
        "first_step_url": step_url(obj, STEP_KEYS[0]),
    }
    return render(http, "requests/detail.html", context)


@institution_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about a request, its files, its partner-visible timeline and its actions."""
    obj = get_object_or_404(_with_detail_data(_visible(request)), pk=pk)
    return _render_detail(request, obj)


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def message(request: HttpRequest, pk: int) -> HttpResponse:
    """A member of the institution writes to the MIEUX+ team while the request is open."""
    obj = _get_own(request, pk)
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
    obj = get_object_or_404(_with_detail_data(_own(request)), pk=pk)
    response = _render_detail(request, obj, form)
    return ratelimit.with_retry_after(response, refusal) if refusal else response


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for confirmation (and an optional reason), then withdraw the request."""
    obj = _get_own(request, pk)
    if "withdraw" not in {t.key for t in _partner_transitions(obj, request.user)}:
        return _not_possible(request, obj, "withdraw")
    form = CommentForm(_posted(request), label=_("Reason for withdrawing (optional)"))
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
    obj = _get_own(request, pk)
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
    obj = get_object_or_404(_visible(request), pk=pk)
    attachment = get_object_or_404(Attachment, pk=att_pk, request=obj)
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
