from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionsConfig(AppConfig):
    name = "actions_app"
    verbose_name = _("Actions and public content")

    def ready(self) -> None:
        from mieux_portal.pagecache import connect_public_content

        from .export import register_request_columns

        connect_public_content()
        register_request_columns()
