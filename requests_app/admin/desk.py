"""The request page of the triage desk: read, translate, move along the workflow, write.

The only form field on the page is the working translation (the narrative in the languages
other than the submission language); everything else is read-only. Workflow steps, messages
and notes post to the small views of `DeskMixin.get_urls`, which call the services and turn
their refusals into messages on the page. History is kept and shown, never reverted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from accounts_app.models import ConsultedBody
from mieux_portal import languages, ratelimit

from .. import consultation, joint, services, workflow
from ..models import NARRATIVE_FIELDS, CapacityRequest
from .common import download_url, staff_actor


class DeskMixin(SimpleHistoryAdmin):
    """The request page, its history and its POST-only workflow, message and note views."""

    # -- the request page

    def get_readonly_fields(
        self, request: HttpRequest, obj: CapacityRequest | None = None
    ) -> list[str]:
        """Everything the fieldsets show; the translation is laid out by the template."""
        return flatten_fieldsets(self.get_fieldsets(request, obj))

    def get_form(
        self,
        request: HttpRequest,
        obj: CapacityRequest | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> Any:
        """A form of the other languages' narrative fields only: staff never edit the
        partner's original nor any other field here."""
        kwargs["fields"] = translation_fields(obj) if obj is not None else []
        return super().get_form(request, obj, change, **kwargs)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: CapacityRequest | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context.update(self._desk_context(request, obj, context["adminform"].form))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _desk_context(
        self, request: HttpRequest, obj: CapacityRequest, form: forms.ModelForm
    ) -> dict[str, Any]:
        user = request.user
        institution = obj.institution
        typed = take_typed(request, obj)
        rows = []
        for field in NARRATIVE_FIELDS:
            cells = []
            for code in obj.narrative_languages():
                name = f"{field}_{code}"
                cells.append(
                    {
                        "language": code,
                        "direction": languages.direction(code),
                        "field": form[name] if name in form.fields else None,
                        "text": getattr(obj, name) or "",
                    }
                )
            label = getattr(CapacityRequest._meta.get_field(field), "verbose_name", field)
            rows.append({"label": label, "cells": cells})
        return {
            "narrative_languages": [
                (code, languages.label(code), code == obj.submission_language)
                for code in obj.narrative_languages()
            ],
            "narrative_rows": rows,
            "institution": institution,
            # Each co-requester with its answer, and why the requester is not eligible yet.
            "corequests": obj.corequests.select_related(
                "institution__kind", "institution__verified_by", "answered_by"
            ),
            "joint_problem": joint.eligibility_problem(obj),
            "institution_url": (
                reverse("admin:accounts_app_partnerinstitution_change", args=[institution.pk])
                if user.has_perm("accounts_app.view_partnerinstitution")
                else ""
            ),
            # Managers verify through the "Mark as verified" action of the institution list.
            "verify_url": (
                f"{reverse('admin:accounts_app_partnerinstitution_changelist')}"
                f"?id__exact={institution.pk}"
                if user.has_perm("accounts_app.change_partnerinstitution")
                and not institution.verified
                else ""
            ),
            "attachments": [
                (attachment, download_url(attachment))
                for attachment in obj.attachments.select_related("uploaded_by")
            ],
            "events": obj.events.select_related("actor"),
            "steps": [
                {
                    "transition": step,
                    "url": self._url("transition", obj, step.key),
                    "comment": typed.get("comment", "") if typed.get("key") == step.key else "",
                }
                for step in workflow.available(obj, user)
            ],
            # Sending to consultation names the bodies (those proposed ticked, or those ticked
            # on a refused try) and a deadline.
            "consult_bodies": consultation_bodies(obj, typed.get("bodies")),
            "consult_deadline": parse_date(typed.get("deadline") or "")
            or consultation.default_deadline(),
            # The opinions board: every consultation of the request, and its opinion.
            "consultations": consultation.consultations_for(obj),
            "today": timezone.localdate(),
            "days_in_stage": self.days_in_stage(obj),
            "can_message": obj.status in workflow.OPEN,
            "message_url": self._url("message", obj),
            "note_url": self._url("note", obj),
        }

    def save_model(
        self, request: HttpRequest, obj: CapacityRequest, form: Any, change: bool
    ) -> None:
        # Only what this user changed is written, so a colleague's translation of another
        # field saved meanwhile is kept.
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.request_save_translation(
                request=obj, actor=staff_actor(request), values=values
            )
        except services.WorkflowError as error:
            obj._translation_refused = error.message  # type: ignore[attr-defined]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The form holds no relations; the service wrote everything there is to write.
        return None

    def log_change(self, request: HttpRequest, obj: Model, message: Any) -> Any:
        if getattr(obj, "_translation_refused", None) is not None:
            return None
        return super().log_change(request, obj, message)

    def response_change(self, request: HttpRequest, obj: CapacityRequest) -> HttpResponse:
        refused = getattr(obj, "_translation_refused", None)
        if refused is not None:
            self.message_user(request, refused, messages.ERROR)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

    # -- history: kept, shown, never reverted

    def revert_disabled(self, request: HttpRequest, obj: Any = None) -> bool:
        # Reverting would rewrite status, assignee and dates around the workflow table.
        return True

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The versions of a request the team may read (simple-history looks the object
        up without `get_queryset`, and would even show a deleted one's last version)."""
        self._get_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """A past version, to read: simple-history would save a POST even without the
        Revert button."""
        if request.method == "POST":
            raise PermissionDenied
        self._get_or_404(request, object_id)
        if not version_id.isdigit():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _get_or_404(self, request: HttpRequest, object_id: str) -> CapacityRequest:
        # A draft is the partner's until submitted: not even its history is the team's.
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404
        return obj

    # -- workflow, message and note: POST-only views behind the admin login

    def get_urls(self) -> list[URLPattern | URLResolver]:
        """The desk's own URLs, before the admin's catch-all `<object_id>/` pattern."""
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/transition/<slug:key>/",
                wrap(self.transition_view),
                name="{}_{}_transition".format(*info),
            ),
            path(
                "<int:object_id>/message/",
                wrap(self.message_view),
                name="{}_{}_message".format(*info),
            ),
            path(
                "<int:object_id>/note/",
                wrap(self.note_view),
                name="{}_{}_note".format(*info),
            ),
            *super().get_urls(),
        ]

    def _url(self, view: str, obj: CapacityRequest, *args: str) -> str:
        info = self.opts.app_label, self.opts.model_name
        return reverse(f"admin:{info[0]}_{info[1]}_{view}", args=[obj.pk, *args])

    def transition_view(self, request: HttpRequest, object_id: int, key: str) -> HttpResponse:
        """Take one workflow step; the service checks the stage, the role and the comment."""

        def act(obj: CapacityRequest) -> str:
            try:
                return take(obj)
            except services.WorkflowError:
                keep_typed(request, obj, key)
                raise

        def take(obj: CapacityRequest) -> str:
            transition = workflow.BY_KEY.get(key)
            # The bodies named on the form open their consultations first; without any, the
            # service says what is missing (the screening, then the bodies).
            if transition is not None and transition.consults and request.POST.getlist("bodies"):
                moved = consultation.consultation_start(
                    request=obj,
                    actor=staff_actor(request),
                    bodies=ConsultedBody.objects.filter(
                        active=True, pk__in=_ids(request.POST.getlist("bodies"))
                    ),
                    deadline=_date(request.POST.get("deadline", "")),
                    comment=request.POST.get("comment", ""),
                )
            else:
                moved = services.request_transition(
                    request=obj,
                    key=key,
                    actor=staff_actor(request),
                    comment=request.POST.get("comment", ""),
                )
            return gettext("%(action)s: done. The request is now “%(status)s”.") % {
                "action": workflow.BY_KEY[key].label,
                "status": moved.get_status_display(),
            }

        return self._desk_post(request, object_id, act)

    def message_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Send a message the partner reads on the request page (and is told of by e-mail)."""

        def act(obj: CapacityRequest) -> str:
            services.request_post_message(
                request=obj, actor=staff_actor(request), body=request.POST.get("body", "")
            )
            return gettext("The message was sent to the partner.")

        return self._desk_post(request, object_id, act, limit="staff_message")

    def note_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Add an internal note of the team: never shown to the partner."""

        def act(obj: CapacityRequest) -> str:
            services.request_add_note(
                request=obj, actor=staff_actor(request), body=request.POST.get("body", "")
            )
            return gettext("The internal note was added.")

        return self._desk_post(request, object_id, act, limit="staff_message")

    def _desk_post(
        self,
        request: HttpRequest,
        object_id: int,
        act: Callable[[CapacityRequest], str],
        limit: str = "",
    ) -> HttpResponse:
        # Changes only by POST (CSRF-checked by admin_view); every refusal of the service
        # becomes a message on the page, never an error page.
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, str(object_id))
        if obj is None:
            self.message_user(
                request,
                gettext("No submitted request with ID “%(id)s” exists.") % {"id": object_id},
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:requests_app_capacityrequest_changelist"))
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        refusal = ratelimit.consume(request, limit) if limit else None
        if refusal is not None:
            return self._rate_limited(request, obj, refusal)
        try:
            done = act(obj)
        except services.WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return HttpResponseRedirect(self._url("change", obj))

    def _rate_limited(
        self, request: HttpRequest, obj: CapacityRequest, refusal: ratelimit.Refusal
    ) -> HttpResponse:
        """Too many posts: a page with the typed text in a form to send again (HTTP 429)."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": obj,
            "title": gettext("Not sent yet"),
            "refusal": refusal,
            "body": request.POST.get("body", ""),
            "change_url": self._url("change", obj),
        }
        response = TemplateResponse(
            request, "admin/requests_app/capacityrequest/rate_limited.html", context
        )
        return ratelimit.with_retry_after(response, refusal)


def translation_fields(obj: CapacityRequest) -> list[str]:
    """The per-language narrative fields staff may write: those of the active languages
    other than the submission language."""
    return [f"{field}_{code}" for field in NARRATIVE_FIELDS for code in obj.translation_languages()]


def consultation_bodies(
    obj: CapacityRequest, ticked: list[int] | None = None
) -> list[tuple[ConsultedBody, bool]]:
    """Every active consulted body, and whether it is ticked: those proposed for this request,
    or those ticked on a refused try."""
    if ticked is None:
        ticked = list(consultation.proposed_bodies(obj).values_list("pk", flat=True))
    return [(body, body.pk in ticked) for body in ConsultedBody.objects.filter(active=True)]


def _typed_key(obj: CapacityRequest) -> str:
    return f"mx-desk-typed-{obj.pk}"


def keep_typed(request: HttpRequest, obj: CapacityRequest, key: str) -> None:
    """Keep what was typed on a refused step for the page the refusal redirects to, so the
    comment (and the bodies and deadline of a consultation) need not be typed again."""
    request.session[_typed_key(obj)] = {
        "key": key,
        "comment": request.POST.get("comment", ""),
        "bodies": _ids(request.POST.getlist("bodies")) if "bodies" in request.POST else None,
        "deadline": deadline.isoformat()
        if (deadline := _date(request.POST.get("deadline", ""))) != date.min
        else "",
    }


def take_typed(request: HttpRequest, obj: CapacityRequest) -> dict[str, Any]:
    """What `keep_typed` kept for this request, once (empty when nothing was refused)."""
    return request.session.pop(_typed_key(obj), None) or {}


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _date(value: str) -> date:
    """The posted deadline; a missing or malformed one is refused by the service."""
    try:
        parsed = parse_date(value.strip())
    except ValueError:
        parsed = None
    return parsed or date.min
