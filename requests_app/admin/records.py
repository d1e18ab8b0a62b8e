"""The timeline, files, reference counters and export log: read-only in the admin."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .. import workflow
from ..joint_models import CoRequestStatus
from ..models import Attachment, CapacityRequest, ExportLog, ReferenceCounter, RequestEvent
from .common import attachment_download


class ReadOnlyAdminMixin:
    """Visible to whoever has the view permission; nobody adds, changes or deletes here."""

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class OfStaffVisibleRequestMixin:
    """Rows of requests the team may read only: a draft's timeline and files are the
    partner's until it is submitted, in the list, on a page and in its history."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset = super().get_queryset(request)  # type: ignore[misc]
        return queryset.filter(request__in=CapacityRequest.objects.staff_visible())


@admin.register(RequestEvent)
class RequestEventAdmin(OfStaffVisibleRequestMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "created_at",
        "request",
        "kind",
        "transition_label",
        "to_status",
        "actor",
        "visibility",
    )
    list_filter = ("kind", "visibility", "to_status")
    search_fields = ("request__reference", "body")
    list_select_related = ("request", "actor")
    ordering = ("-created_at", "-pk")
    raw_id_fields = ("request",)

    @admin.display(description=_("transition"), ordering="transition")
    def transition_label(self, obj: RequestEvent) -> str:
        """The step's name, not its key: a workflow transition or a co-requester's answer
        (`joint` records the answer's status as the row's transition)."""
        transition = workflow.BY_KEY.get(obj.transition)
        if transition is not None:
            return str(transition.label)
        if obj.transition in CoRequestStatus.values:
            return str(CoRequestStatus(obj.transition).label)
        return obj.transition or "—"


@admin.register(Attachment)
class AttachmentAdmin(OfStaffVisibleRequestMixin, ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "original_name",
        "request",
        "kind",
        "content_type",
        "file_size",
        "uploaded_by",
        "uploaded_at",
        "download",
    )
    list_filter = ("kind", "content_type")
    search_fields = ("request__reference", "original_name")
    list_select_related = ("request", "uploaded_by")
    ordering = ("-uploaded_at", "-pk")
    # The stored path is an internal detail; the download link is the way to the file.
    exclude = ("file",)

    @admin.display(description=_("size"))
    def file_size(self, obj: Attachment) -> str:
        return filesizeformat(obj.size)

    @admin.display(description=_("file"))
    def download(self, obj: Attachment) -> str:
        return attachment_download(obj)


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("year", "last")
    ordering = ("-year",)


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The audit trail of exports: who exported which filter, when, how many rows."""

    list_display = ("created_at", "user", "kind", "source", "language", "filters", "row_count")
    list_filter = ("kind", "source", "language", "created_at")
    search_fields = ("user__email", "user__last_name", "filters")
    list_select_related = ("user",)
    ordering = ("-created_at", "-pk")
    date_hierarchy = "created_at"
