"""The consultees' pages, mounted at /<language>/consultations/ (outside the admin).

Who may see what: only a consultee (a member of a consulted body, `accounts_app.roles`),
logged in with two factors, and only the requests their body is consulted on
(`Consultation.objects.of_user`): the queue, a request's page (both language versions
side by side, its files, the screening assessment, the body's opinion form), its files and
its decision dossier (the same facts as a PDF, `requests_app.dossier` with the body).
Never internal notes, messages, other bodies' opinions, or other requests. Anyone else gets
403 (not a consultee) or 404 (a request their body is not consulted on).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts_app.roles import is_consultee
from mieux_portal import languages, two_factor

from .. import consultation, screening, workflow
from ..dossier import dossier_filename, dossier_pdf
from ..models import NARRATIVE_FIELDS, Attachment, CapacityRequest, Consultation, Stance
from .detail import attachment_response
from .record import pdf_response

MFA_MESSAGE = gettext_lazy(
    "Consultations need two-factor authentication. Activate an authenticator app for your "
    "account (after confirming your password), then open your consultations again."
)


def consultee_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in, a consultee (else 403), with an authenticator app (else to its set-up)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_consultee(request.user):
            raise PermissionDenied
        if two_factor.needs_setup(request.user):
            return two_factor.setup_redirect(request, MFA_MESSAGE)
        return view(request, *args, **kwargs)

    return wrapper


class OpinionForm(forms.Form):
    stance = forms.ChoiceField(
        label=gettext_lazy("Your body's opinion"), choices=Stance.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Required with conditions or without support. MIEUX+ staff and managers read it; "
            "the requesting institutions never do."
        ),
    )


def _consultation(request: HttpRequest, pk: int) -> Consultation:
    """The latest consultation of the user's body on request ``pk``, or a 404."""
    found = (
        Consultation.objects.of_user(request.user)
        .filter(request_id=pk)
        .exclude(request__status=workflow.Status.DRAFT)
        .select_related("request", "request__institution", "body")
        .order_by("-requested_at", "-pk")
        .first()
    )
    if found is None:
        raise Http404
    return found


@consultee_required
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    """The requests the user's body is consulted on: open ones first, by deadline."""
    rows = list(consultation.queue_for(request.user))  # type: ignore[arg-type]
    today = timezone.localdate()
    return render(
        request,
        "consultations/queue.html",
        {"rows": [(row, row.is_overdue(today)) for row in rows]},
    )


@consultee_required
@require_http_methods(["GET", "HEAD", "POST"])
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request as the body reads it, and the body's opinion (given or revised until the
    decision)."""
    asked = _consultation(request, pk)
    obj: CapacityRequest = asked.request
    opinion = asked.opinion_or_none
    can_give = asked.closed_at is None and workflow.STAGE[obj.status].consulting
    initial = {"stance": opinion.stance, "comment": opinion.comment} if opinion else None
    form = OpinionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if not can_give:
            messages.info(
                request, _("The decision has been taken: the opinion can no longer be changed.")
            )
            return redirect("consultations:detail", pk=obj.pk)
        if form.is_valid():
            try:
                consultation.opinion_give(
                    consultation=asked,
                    actor=request.user,  # type: ignore[arg-type]
                    **form.cleaned_data,
                )
            except consultation.WorkflowError as error:
                form.add_error("comment", str(error.message))
            else:
                messages.success(request, _("Your body's opinion has been recorded."))
                return redirect("consultations:detail", pk=obj.pk)
    rows = [
        {
            "label": getattr(CapacityRequest._meta.get_field(field), "verbose_name", field),
            "cells": [
                (code, languages.direction(code), obj.narrative(field, code))
                for code in obj.narrative_languages()
            ],
        }
        for field in NARRATIVE_FIELDS
    ]
    assessment = screening.screening_for(obj)
    return render(
        request,
        "consultations/detail.html",
        {
            "asked": asked,
            "obj": obj,
            "opinion": opinion,
            "form": form if can_give else None,
            "overdue": asked.is_overdue(),
            "narrative_languages": [
                (code, languages.label(code)) for code in obj.narrative_languages()
            ],
            "rows": rows,
            "attachments": obj.attachments.all(),
            "assessment": assessment,
            "answers": (
                assessment.answers.select_related("criterion") if assessment is not None else []
            ),
        },
    )


@consultee_required  # type: ignore[arg-type]  # a FileResponse is a streaming response
@require_safe
def download(request: HttpRequest, pk: int, att_pk: int) -> FileResponse:
    """A file of a request the user's body is consulted on, as a download."""
    asked = _consultation(request, pk)
    return attachment_response(
        get_object_or_404(Attachment, pk=att_pk, request_id=asked.request_id)
    )


@consultee_required
@require_safe
def dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision dossier of a request the user's body is consulted on, as that body reads
    it (its own opinion only, no internal row), in the language of the page."""
    asked = _consultation(request, pk)
    language = translation.get_language() or "en"
    data = dossier_pdf(asked.request, language=language, body=asked.body)
    return pdf_response(data, dossier_filename(asked.request))
