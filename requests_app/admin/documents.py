"""The team's printable record of a request (`requests_app.record` with ``staff=True``):
the partner's record plus what only the team reads (assignee, internal notes), linked
from the request's admin page."""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path
from simple_history.admin import SimpleHistoryAdmin

from ..record import record_filename, record_pdf
from ..views.record import pdf_response
from .common import current_language


class RecordMixin(SimpleHistoryAdmin):
    """``<id>/record.pdf``: the staff record, for whoever may view the request here."""

    def get_urls(self) -> list[URLPattern | URLResolver]:
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/record.pdf",
                self.admin_site.admin_view(self.record_view),
                name="{}_{}_record".format(*info),
            ),
            *super().get_urls(),
        ]

    def record_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The staff PDF of a submitted request (a draft is not the team's: 404)."""
        obj = self.get_object(request, unquote(str(object_id)))
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        data = record_pdf(obj, language=current_language(), staff=True)
        return pdf_response(data, record_filename(obj))
