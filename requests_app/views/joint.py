"""The answer of a co-requesting institution: confirm taking part in a joint request, or
decline it (with a reason).

Members of an institution named on the request reach it from "My requests", from the
request page and from the invitation e-mail; it works for them whatever they answered
before (a declined institution may change its mind while the request is under way).
Anyone else gets a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts_app.decorators import institution_required

from .. import joint, services, workflow
from ..forms import CoRequestAnswerForm
from ..models import CoRequest, CoRequestStatus
from .access import posted


@institution_required
@require_http_methods(["GET", "HEAD", "POST"])
def corequest(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows the request's title, its requesting institution and the answer form;
    POST records the answer."""
    answer = get_object_or_404(
        CoRequest.objects.of_user(request.user).select_related(
            "request__institution", "institution", "answered_by"
        ),
        request_id=pk,
    )
    obj = answer.request
    open_to_answers = obj.status in joint.ANSWERABLE
    initial = {}
    if answer.status != CoRequestStatus.PENDING:
        initial = {
            "answer": CoRequestAnswerForm.CONFIRM
            if answer.status == CoRequestStatus.CONFIRMED
            else CoRequestAnswerForm.DECLINE,
            "reason": answer.reason,
        }
    form = CoRequestAnswerForm(posted(request), initial=initial)
    if request.method == "POST" and open_to_answers and form.is_valid():
        confirm = form.cleaned_data["answer"] == CoRequestAnswerForm.CONFIRM
        try:
            joint.corequest_answer(
                corequest=answer,
                actor=request.user,  # type: ignore[arg-type]
                confirm=confirm,
                reason=form.cleaned_data["reason"],
            )
        except services.WorkflowError as error:
            messages.info(request, str(error.message))
            return redirect("requests:corequest", pk=obj.pk)
        if confirm:
            messages.success(request, _("Thank you: your institution now co-requests this."))
            return redirect("requests:detail", pk=obj.pk)
        messages.success(request, _("Your answer has been sent: your institution declines."))
        return redirect("requests:my_requests")
    return render(
        request,
        "requests/corequest.html",
        {
            "obj": obj,
            "corequest": answer,
            "title": obj.narrative("title"),
            "status_label": workflow.partner_label(obj.status),
            "form": form if open_to_answers else None,
            "can_read": answer.status != CoRequestStatus.DECLINED,
        },
    )
