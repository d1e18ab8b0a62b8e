from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Capacity-development requests")

    def ready(self) -> None:
        from mieux_portal import search
        from mieux_portal.ops.metrics import Gauge, add_gauge
        from mieux_portal.pagecache import register_public_models

        from . import search as request_search
        from .models import ActivityType, CapacityRequest, Region, Status, Topic

        # The reference data the public pages name and filter by.
        register_public_models(Region, Topic, ActivityType)
        search.register(self, request_search.SPEC)
        add_gauge(
            Gauge(
                name="mieux_requests",
                documentation="Capacity-development requests, by stage.",
                label="stage",
                queryset=CapacityRequest.objects.all,
                key="status",
                keys=lambda: Status.values,
            )
        )
