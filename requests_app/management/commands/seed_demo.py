"""Demo data for `make run`: partner institutions, logins and requests in every stage.

The data is in `requests_app/demo/data.py` and is built by `requests_app/demo/seed.py`
(idempotent: running it again changes nothing). Output is for the developer at the terminal
and, like Django's own commands, is not translated.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from notifications_app.models import Notification
from requests_app.demo import seed
from requests_app.demo.data import DEMO_PASSWORD, INSTITUTIONS, USERS
from requests_app.models import CapacityRequest

ROLE_LABELS = {
    "partner": "partner",
    "staff": "MIEUX+ staff",
    "manager": "MIEUX+ manager",
    "admin": "superuser",
    "consultee": "consultee (two factors)",
}
# A line per task and e-mail would bury the summary: the e-mails are counted instead.
QUIET_LOGGERS = ("celery", "kombu", "mieux_portal.mail")


@contextmanager
def quiet() -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Create demo institutions, logins and requests (idempotent; used by `make run`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            # Published passwords must never reach a real portal.
            raise CommandError("seed_demo refuses to run with DJANGO_ENV=production.")
        emails_before = Notification.objects.count()
        try:
            with quiet():
                created = seed.seed()
        except seed.DemoError as error:
            raise CommandError(str(error)) from error
        if not options["quiet"]:
            self.print_box(created, Notification.objects.count() - emails_before)

    def print_box(self, created: int, emails: int) -> None:
        url = settings.PORTAL_BASE_URL.rstrip("/") + "/"
        mail = settings.EMAIL_FILE_PATH
        rows = [
            "MIEUX+ Partner Portal: demo data ready"
            + (f" ({created} requests created)" if created else " (nothing to add)"),
            f"{CapacityRequest.objects.count()} requests of "
            f"{len(INSTITUTIONS)} partner institutions, in every stage",
            f"{emails} e-mails "
            + (
                f"written to {mail}"
                if settings.CELERY_TASK_ALWAYS_EAGER
                else f"queued: the worker writes them to {mail}"
            )
            + " (the admin's Notifications list them)",
            "",
            f"Open {url}",
            f"Admin {url}en/admin/",
            "",
            f"Every demo login uses the password: {DEMO_PASSWORD}",
            "",
        ]
        countries = {spec.key: spec.country for spec in INSTITUTIONS}
        for spec in USERS:
            detail = ROLE_LABELS[spec.role]
            if spec.institution:
                detail = f"partner ({countries[spec.institution]})"
            rows.append(f"  {spec.email:<32} {detail}")
        width = max(len(row) for row in rows) + 2
        lines = ["+" + "-" * width + "+"]
        lines += [f"| {row:<{width - 2}} |" for row in rows]
        lines.append("+" + "-" * width + "+")
        self.stdout.write(self.style.SUCCESS("\n".join(lines)))
