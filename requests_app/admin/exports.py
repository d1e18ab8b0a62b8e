"""The queue's CSV and XLSX export and the staff dashboard.

The export streams what the list shows after its filters, search and order, every page,
in the language chosen on the list (`requests_app.export`, recorded in the export log); the
dashboard (`requests_app.reports`) links each figure to the list filtered to it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from mieux_portal.admin_lists import BoundedChangeList, bad_values_refused

from .. import export, overdue, reports
from ..models import CapacityRequest, ExportFormat, ExportSource
from . import filters
from .common import current_language


class ExportChangeList(BoundedChangeList):
    """The list's filters, search and order, without its page.

    An export needs the whole filtered queryset, not the counts and the 50 rows of a page
    that `ChangeList.get_results` would query. One row is asked instead, so that a value
    the database refuses is "incorrect parameters" here rather than an error halfway
    through the file.
    """

    def get_results(self, request: HttpRequest) -> None:
        with bad_values_refused():
            self.queryset.exists()


# Query parameters of the export URL that are not the list's own.
EXPORT_LANGUAGE_VAR = "language"
EXPORT_FORMAT_VAR = "format"


class ExportMixin(SimpleHistoryAdmin):
    """The export of the list (a URL and a bulk action) and the dashboard."""

    def has_export_permission(self, request: HttpRequest) -> bool:
        """Exports are for staff who may see the list and hold the export permission."""
        return self.has_view_or_change_permission(request) and request.user.has_perm(
            "requests_app.export_capacityrequest"
        )

    def get_urls(self) -> list[URLPattern | URLResolver]:
        """The export and the dashboard, before the admin's catch-all `<object_id>/` pattern."""
        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("export/", wrap(self.export_view), name="{}_{}_export".format(*info)),
            path("dashboard/", wrap(self.dashboard_view), name="{}_{}_dashboard".format(*info)),
            *super().get_urls(),
        ]

    @admin.action(description=_("Export selected as CSV"), permissions=["export"])
    def export_selected(
        self, request: HttpRequest, queryset: QuerySet[CapacityRequest]
    ) -> HttpResponseBase:
        """The selected requests as CSV, in the language of the page."""
        return self._export_selected(request, queryset, ExportFormat.CSV)

    @admin.action(description=_("Export selected as XLSX"), permissions=["export"])
    def export_selected_xlsx(
        self, request: HttpRequest, queryset: QuerySet[CapacityRequest]
    ) -> HttpResponseBase:
        """The selected requests as a spreadsheet, in the language of the page."""
        return self._export_selected(request, queryset, ExportFormat.XLSX)

    def _export_selected(
        self, request: HttpRequest, queryset: QuerySet[CapacityRequest], format: str
    ) -> HttpResponseBase:
        selection = request.GET.copy()
        if request.POST.get("select_across") == "1":
            selection["select_across"] = "1"
        else:
            selection.setlist(
                helpers.ACTION_CHECKBOX_NAME, request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
            )
        return export.requests_export_response(
            queryset,
            language=current_language(),
            user=request.user,
            source=ExportSource.SELECTION,
            filters=selection.urlencode(),
            format=format,
        )

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        if getattr(request, "export_changelist", False):
            return ExportChangeList
        return super().get_changelist(request, **kwargs)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # Refuse the export action outright rather than let the list say "no action
        # selected" to someone who posted it without the permission.
        if (
            request.method == "POST"
            and request.POST.get("action") in {"export_selected", "export_selected_xlsx"}
            and not self.has_export_permission(request)
        ):
            raise PermissionDenied
        context = {**(extra_context or {}), **self._list_tools_context(request)}
        return super().changelist_view(request, extra_context=context)

    def _list_tools_context(self, request: HttpRequest) -> dict[str, Any]:
        info = self.opts.app_label, self.opts.model_name
        can_export = self.has_export_permission(request)
        return {
            **overdue_flag(),
            "dashboard_url": reverse("admin:{}_{}_dashboard".format(*info)),
            "export_url": reverse("admin:{}_{}_export".format(*info)) if can_export else "",
            # The list's own parameters travel with the export form as hidden fields.
            "export_params": [
                (key, value)
                for key, values in request.GET.lists()
                if key not in {EXPORT_LANGUAGE_VAR, EXPORT_FORMAT_VAR, "p", "e"}
                for value in values
            ],
            "export_languages": settings.LANGUAGES,
            "export_language": current_language(),
        }

    def export_queryset(self, request: HttpRequest) -> QuerySet[CapacityRequest]:
        """What the list shows for this request's query string: filters, search and order,
        every page. May raise IncorrectLookupParameters."""
        request.export_changelist = True  # type: ignore[attr-defined]
        try:
            return self.get_changelist_instance(request).queryset
        finally:
            del request.export_changelist  # type: ignore[attr-defined]

    def export_view(self, request: HttpRequest) -> HttpResponseBase:
        """What the list shows after its filters and search, all pages, as CSV or XLSX."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        query = request.GET.copy()
        language = query.pop(EXPORT_LANGUAGE_VAR, [""])[-1]
        format = export.chosen_format(query.pop(EXPORT_FORMAT_VAR, [""])[-1])
        if language not in dict(settings.LANGUAGES):
            language = current_language()
        request.GET = query  # type: ignore[assignment]  # the list's own parameters only
        try:
            queryset = self.export_queryset(request)
        except IncorrectLookupParameters:
            changelist = reverse("admin:requests_app_capacityrequest_changelist")
            return HttpResponseRedirect(f"{changelist}?e=1")
        return export.requests_export_response(
            queryset,
            language=language,
            user=request.user,
            source=ExportSource.LIST,
            filters=query.urlencode(),
            format=format,
        )

    def dashboard_view(self, request: HttpRequest) -> HttpResponse:
        """The pipeline at a glance; every figure links to the list filtered to it."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        changelist = reverse("admin:requests_app_capacityrequest_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Requests dashboard"),
            "opts": self.opts,
            "changelist_url": changelist,
            **overdue_flag(),
            **reports.dashboard(
                self.get_queryset(request), changelist_url=changelist, user=request.user
            ),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(
            request, "admin/requests_app/capacityrequest/dashboard.html", context
        )


def overdue_flag() -> dict[str, Any]:
    """How many requests have an opinion past its deadline, and the list of them (the
    desk's and the dashboard's flag)."""
    changelist = reverse("admin:requests_app_capacityrequest_changelist")
    return {
        # Kept in the shared cache until a consultation, an opinion or the date changes.
        "overdue_count": overdue.requests_count(),
        "overdue_url": f"{changelist}?{filters.OpinionsFilter.parameter_name}="
        f"{filters.OpinionsFilter.OVERDUE}",
    }
