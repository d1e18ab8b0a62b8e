"""The decision dossier in the admin (`requests_app.dossier`, `requests_app.dossier_jobs`).

For MIEUX+ managers only (`dossier.may_read_dossier`); other staff get 403, partners never
reach the admin:

* ``<id>/dossier.pdf``: one request's dossier, rendered at once;
* ``dossiers/``: the manager's recent dossiers, and a button building the dossier of every
  request in consultation (a bulk action builds one of the selected requests);
* ``dossiers/<job>/``: the job's progress, updated every few seconds in a live region while
  the worker builds the file (static/js/dossier_job.js; without JavaScript a meta refresh in
  <noscript> reloads the page), then a link to it;
* ``dossiers/<job>/file/``: the PDF, while it is kept (``DOSSIER_KEEP_HOURS``); after that
  the page says it was deleted (410).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from .. import dossier_jobs
from ..dossier import dossier_filename, dossier_pdf, may_read_dossier
from ..models import CapacityRequest, DossierJob, Status
from ..services import WorkflowError
from ..views.record import pdf_response
from .common import current_language, staff_actor

# Seconds between two reloads of a job's page while the dossier is being built.
REFRESH_SECONDS = 3
RECENT_JOBS = 20


def job_url(job: DossierJob) -> str:
    return reverse("admin:requests_app_capacityrequest_dossier_job", args=[job.pk])


class DossierMixin(SimpleHistoryAdmin):
    """The dossier's views, links and bulk action on the request desk."""

    def has_dossier_permission(self, request: HttpRequest) -> bool:
        return may_read_dossier(request.user)

    def get_urls(self) -> list[URLPattern | URLResolver]:
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/dossier.pdf",
                wrap(self.dossier_view),
                name="{}_{}_dossier".format(*info),
            ),
            path("dossiers/", wrap(self.dossiers_view), name="{}_{}_dossiers".format(*info)),
            path(
                "dossiers/consultation/",
                wrap(require_POST(self.dossier_consultation_view)),
                name="{}_{}_dossier_consultation".format(*info),
            ),
            path(
                "dossiers/<int:job_id>/",
                wrap(self.dossier_job_view),
                name="{}_{}_dossier_job".format(*info),
            ),
            path(
                "dossiers/<int:job_id>/file/",
                wrap(self.dossier_file_view),
                name="{}_{}_dossier_file".format(*info),
            ),
            *super().get_urls(),
        ]

    def _refuse_unless_manager(self, request: HttpRequest) -> None:
        if not self.has_dossier_permission(request):
            raise PermissionDenied

    def dossier_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """One request's dossier as a PDF (a draft is not the team's: 404)."""
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is None:
            raise Http404
        self._refuse_unless_manager(request)
        data = dossier_pdf(obj, language=current_language())
        return pdf_response(data, dossier_filename(obj))

    def _context(self, request: HttpRequest, title: str, **extra: Any) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "dossiers_url": reverse("admin:requests_app_capacityrequest_dossiers"),
            "keep_hours": settings.DOSSIER_KEEP_HOURS,
            **extra,
        }

    def dossiers_view(self, request: HttpRequest) -> HttpResponse:
        """The manager's recent dossiers and the button for the consultation's."""
        self._refuse_unless_manager(request)
        jobs = DossierJob.objects.filter(created_by=staff_actor(request))[:RECENT_JOBS]
        in_consultation = self.get_queryset(request).filter(status=Status.CONSULTATION).count()
        context = self._context(
            request,
            gettext("Decision dossiers"),
            jobs=list(jobs),
            in_consultation=in_consultation,
            start_url=reverse("admin:requests_app_capacityrequest_dossier_consultation"),
        )
        return TemplateResponse(
            request, "admin/requests_app/capacityrequest/dossiers.html", context
        )

    def dossier_consultation_view(self, request: HttpRequest) -> HttpResponse:
        """Start the dossier of every request in consultation (POST)."""
        self._refuse_unless_manager(request)
        return self._start(request, None)

    @admin.action(
        description=_("Build the decision dossier of the selected"), permissions=["dossier"]
    )
    def dossier_selected(
        self, request: HttpRequest, queryset: QuerySet[CapacityRequest]
    ) -> HttpResponse:
        return self._start(request, list(queryset.values_list("pk", flat=True)))

    def _start(self, request: HttpRequest, ids: list[int] | None) -> HttpResponse:
        try:
            job = dossier_jobs.dossier_job_start(
                actor=staff_actor(request), request_ids=ids, language=current_language()
            )
        except WorkflowError as error:
            self.message_user(request, error.message, messages.WARNING)
            return HttpResponseRedirect(reverse("admin:requests_app_capacityrequest_dossiers"))
        return HttpResponseRedirect(job_url(job))

    def _job(self, request: HttpRequest, job_id: int) -> DossierJob:
        self._refuse_unless_manager(request)
        return get_object_or_404(DossierJob, pk=job_id)

    def dossier_job_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        """The job's progress, reloading itself until the file is ready."""
        job = self._job(request, job_id)
        return self._job_page(request, job)

    def _job_page(self, request: HttpRequest, job: DossierJob, status: int = 200) -> HttpResponse:
        context = self._context(
            request,
            str(job),
            job=job,
            expired=job.is_expired(),
            refresh=REFRESH_SECONDS if job.in_progress else None,
            file_url=reverse("admin:requests_app_capacityrequest_dossier_file", args=[job.pk]),
        )
        return TemplateResponse(
            request, "admin/requests_app/capacityrequest/dossier_job.html", context, status=status
        )

    def dossier_file_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        """The built PDF; a job not ready or past its time shows its page instead."""
        job = self._job(request, job_id)
        try:
            data = dossier_jobs.dossier_job_file(job=job, actor=request.user)
        except WorkflowError as error:
            messages.warning(request, str(error.message))
            return self._job_page(request, job, status=410 if job.is_expired() else 409)
        response = pdf_response(data, f"dossier-{job.pk}.pdf")
        response["Content-Disposition"] = f'attachment; filename="dossier-{job.pk}.pdf"'
        return response

    # -- links on the list and the request page

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = dict(extra_context or {})
        if self.has_dossier_permission(request):
            context["dossiers_url"] = reverse("admin:requests_app_capacityrequest_dossiers")
        return super().changelist_view(request, extra_context=context)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: CapacityRequest | None = None,
    ) -> HttpResponse:
        if obj is not None and self.has_dossier_permission(request):
            context["dossier_url"] = reverse(
                "admin:requests_app_capacityrequest_dossier", args=[obj.pk]
            )
        return super().render_change_form(request, context, add, change, form_url, obj)
