"""The partner's edit pages: one page per step of the form, and the files.

Each page saves the step as a draft (or keeps invalid input to show again with its
errors), shows the steps with their problems, and links each problem to its field.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts_app.decorators import institution_required

from .. import services
from ..forms import STEP_FORMS, AttachmentForm, RemoveAttachmentForm, StepForm
from ..models import AttachmentKind, CapacityRequest
from ..steps import BY_KEY as STEPS_BY_KEY
from ..steps import STEP_KEYS, STEPS
from .access import get_own, open_question, refuse_if_locked
from .summary import step_url

# static/js/drafts.js sends what is typed in the background with this header: the step is
# saved (or its invalid input kept) without a message or a redirect, and 204 answers.
AUTOSAVE_HEADER = "X-Mieux-Autosave"

# Names of the step forms' buttons: they say where to go, they are not input to keep.
ACTION = "action"
NOT_INPUT = {"csrfmiddlewaretoken", ACTION}


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


def edit_context(
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
        "question": open_question(obj),
    }


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


def _autosave(
    request: HttpRequest, obj: CapacityRequest, step: str, form: StepForm
) -> HttpResponse:
    """A background save of the step (drafts.js): valid values are saved as with "Save
    draft", invalid input is kept to show again with its errors; no message is queued."""
    if form.is_valid():
        try:
            services.request_update_draft(
                request=obj,
                actor=request.user,  # type: ignore[arg-type]
                step=step,
                values=form.values(),
            )
        except services.TransitionNotAllowed:
            return HttpResponse(status=409)
    else:
        services.request_keep_invalid_input(
            request=obj, step=step, data=_kept_input(form, request.POST)
        )
    return HttpResponse(status=204)


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the request form: save as draft, or save and go to the next step."""
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        raise Http404
    obj = get_own(request, pk)
    refused = refuse_if_locked(request, obj)
    if refused:
        return refused
    if request.method == "POST" and request.headers.get(AUTOSAVE_HEADER):
        return _autosave(request, obj, step, form_class(request.POST, capacity_request=obj))
    if request.method == "POST":
        form = form_class(request.POST, capacity_request=obj)
        if form.is_valid():
            try:
                services.request_update_draft(
                    request=obj,
                    actor=request.user,  # type: ignore[arg-type]
                    step=step,
                    values=form.values(),
                )
            except services.TransitionNotAllowed as error:
                messages.info(request, str(error.message))
                return redirect("requests:detail", pk=obj.pk)
            messages.success(request, _("Your changes have been saved."))
            if request.POST.get(ACTION) == "continue":
                return redirect(step_url(obj, _next_step(step)))
            return redirect(step_url(obj, step))
        posted = _kept_input(form, request.POST)
        kept = services.request_keep_invalid_input(request=obj, step=step, data=posted)
        obj.refresh_from_db()
        # The page shows what the draft kept, with the errors of what was posted: a value
        # longer than its field is shown cut, and an oversized post is not sent back whole.
        form.data = _as_querydict(kept)
        if kept == posted:
            messages.error(
                request,
                _(
                    "Some fields need correcting (marked below). Everything you typed has been "
                    "kept; the rest of this step is not saved until it is corrected."
                ),
            )
        else:
            messages.error(
                request,
                _(
                    "Some fields need correcting (marked below). What you typed has been kept, "
                    "except that values longer than their field can hold have been cut short; "
                    "the rest of this step is not saved until it is corrected."
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
        # The step's lists of chosen rows, read once for the initial values and the form.
        prefetch_related_objects([obj], *form_class.chosen_rows())
        form = form_class(initial=form_class.initial_for(obj), capacity_request=obj)
    if form.is_bound and form.errors:
        form.add_error(None, _("Please correct the fields marked below."))
    context = edit_context(obj, step)
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
    obj = get_own(request, pk)
    refused = refuse_if_locked(request, obj)
    if refused:
        return refused
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
    attachments = list(obj.attachments.all())
    if request.method != "POST":
        # Once the letter is there, the next file is most likely a supporting document.
        has_letter = any(a.kind == AttachmentKind.LETTER for a in attachments)
        form = AttachmentForm(
            initial={"kind": AttachmentKind.SUPPORTING if has_letter else AttachmentKind.LETTER}
        )
    context = edit_context(obj, "files")
    context.update(
        {
            "form": form,
            "attachments": attachments,
            "limits": _limits_text(),
            "next_url": step_url(obj, "review"),
        }
    )
    return render(request, "requests/files.html", context)
