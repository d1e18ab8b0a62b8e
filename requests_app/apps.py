from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    name = "requests_app"
    verbose_name = _("Capacity-development requests")

    def ready(self) -> None:
        from mieux_portal.pagecache import register_public_models

        from .models import ActivityType, Region, Topic

        # The reference data the public pages name and filter by.
        register_public_models(Region, Topic, ActivityType)
