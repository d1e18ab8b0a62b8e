"""The operations app: registers the production checks and the portal's metrics collector."""

from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "mieux_portal.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the checks
        from .errors import init_sentry
        from .metrics import register_collector

        register_collector()
        init_sentry()
