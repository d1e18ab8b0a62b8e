"""The review page: everything entered, what is still missing, then submit (or answer
the team's question and resubmit).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from accounts_app.decorators import institution_required
from mieux_portal import ratelimit

from .. import services
from ..forms import CommentForm, SubmitForm
from ..models import Status
from .access import (
    get_own,
    not_possible,
    own_requests,
    partner_transitions,
    posted,
    refuse_if_locked,
    with_detail_data,
)
from .edit import edit_context
from .summary import summary

# The transitions the review page performs; the posted button names one of them.
REVIEW_KEYS = ("submit", "resubmit")
TRANSITION = "transition"


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
    if request.method == "POST":
        obj = get_own(request, pk)
    else:
        # Read once with everything the summary prints (a post reads it again once acted on).
        obj = get_object_or_404(with_detail_data(own_requests(request)), pk=pk)
    allowed = {t.key: t for t in partner_transitions(obj, request.user)}
    if request.method == "POST":
        # Pages from before the buttons carried their key post none: infer it from the stage.
        default = "resubmit" if obj.status == Status.CLARIFICATION else "submit"
        key = request.POST.get(TRANSITION) or default
        if key not in REVIEW_KEYS:
            # A tampered post: name no transition, this page performs none but its own.
            return not_possible(request, obj, "")
        if key not in allowed:
            return not_possible(request, obj, key)
    else:
        refused = refuse_if_locked(request, obj)
        if refused:
            return refused
    action = next((allowed[key] for key in REVIEW_KEYS if key in allowed), None)
    answering = action is not None and action.key == "resubmit"
    problems: list[services.Problem] | None = None
    form: SubmitForm | CommentForm
    if answering:
        form = CommentForm(
            posted(request),
            required=True,
            label=_("Your answer to the question"),
            required_message=_("Please write your answer to the question."),
        )
    else:
        form = SubmitForm(posted(request), initial={"consent": obj.consent})
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
    if request.method == "POST":
        obj = with_detail_data(own_requests(request)).get(pk=obj.pk)
    context = edit_context(obj, "review", problems)
    context.update(
        {
            "form": form,
            "sections": summary(obj),
            "attachments": obj.attachments.all(),
            "action": action,
            "clarification": answering,
        }
    )
    response = render(request, "requests/review.html", context)
    return ratelimit.with_retry_after(response, refusal) if refusal else response
