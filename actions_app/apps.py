from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions_app"
    verbose_name = _("Actions and public content")

    def ready(self) -> None:
        from mieux_portal import search
        from mieux_portal.pagecache import register_public_models

        from . import catalogue, extensions
        from .export import register_request_columns
        from .models import Action, Activity, NewsItem, Resource

        register_public_models(Action, Activity, NewsItem, Resource)
        search.register(self, catalogue.SPEC)
        extensions.register()
        register_request_columns()
