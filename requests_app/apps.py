from django.apps import AppConfig
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Capacity-development requests")

    def ready(self) -> None:
        from accounts_app.models import BodyKind
        from mieux_portal import search
        from mieux_portal.ops.metrics import Gauge, add_gauge
        from mieux_portal.pagecache import register_public_models

        from . import overdue
        from . import search as request_search
        from .models import ActivityType, CapacityRequest, Consultation, Region, Status, Topic

        # The reference data the public pages name and filter by.
        register_public_models(Region, Topic, ActivityType)
        search.register(self, request_search.SPEC)
        overdue.connect()
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
        # Consulted bodies' opinions past their deadline, by kind of body.
        add_gauge(
            Gauge(
                name="mieux_consultations_overdue",
                documentation="Consultations without an opinion past their deadline.",
                label="body_kind",
                queryset=lambda: Consultation.objects.overdue().annotate(body_kind=F("body__kind")),
                key="body_kind",
                keys=lambda: BodyKind.values,
            )
        )
