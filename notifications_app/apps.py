from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications_app"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from mieux_portal.ops.metrics import Gauge, add_gauge
        from mieux_portal.ops.readiness import add_part

        from .health import outbox
        from .models import Notification, NotificationStatus

        add_part("outbox", outbox)
        # The outbox's backlog and its failures (sent e-mails are not counted: they only grow).
        waiting = [NotificationStatus.PENDING, NotificationStatus.FAILED]
        add_gauge(
            Gauge(
                name="mieux_outbox_notifications",
                documentation="E-mails of the outbox waiting to be sent or given up, by status.",
                label="status",
                queryset=lambda: Notification.objects.filter(status__in=waiting),
                key="status",
                since="created_at",
                keys=lambda: [str(status) for status in waiting],
            )
        )
