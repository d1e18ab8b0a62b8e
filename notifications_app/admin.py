"""The outbox in the admin: what was sent to whom, what failed and why, and "send again"."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Notification, NotificationStatus


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "event", "to_email", "language", "status", "attempts", "sent_at")
    list_filter = ("status", "event", "language", "created_at")
    search_fields = ("to_email", "subject", "idempotency_key")
    date_hierarchy = "created_at"
    list_select_related = ("recipient",)
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_again"]
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False

    @admin.action(description=_("Send again"), permissions=["change"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        rows = list(queryset.exclude(status=NotificationStatus.SENT))
        for notification in rows:
            services.notification_resend(notification=notification)
        skipped = queryset.filter(status=NotificationStatus.SENT).count()
        self.message_user(
            request,
            ngettext(
                "%(count)d notification queued again.",
                "%(count)d notifications queued again.",
                len(rows),
            )
            % {"count": len(rows)},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notification was already sent and was left alone.",
                    "%(count)d notifications were already sent and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
