"""The operations app: registers the production checks when Django starts."""

from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "mieux_portal.ops"
    label = "ops"
    verbose_name = "Operations"

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the checks
