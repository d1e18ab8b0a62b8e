"""Delete withdrawn and rejected requests (with their files) after the retention period.

    manage.py purge_requests              # RETENTION_YEARS (default 7) after the last change
    manage.py purge_requests --years 5 --dry-run

Meant to run on a schedule (cron, once a day); --dry-run lists what would be deleted.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from requests_app import services
from requests_app.models import CapacityRequest


def _line(obj: CapacityRequest) -> str:
    return (
        f"{obj.reference or f'draft #{obj.pk}'}  {obj.status}  "
        f"since {obj.status_changed_at:%Y-%m-%d}  {obj.narrative('title')}"
    )


class Command(BaseCommand):
    help = "Delete withdrawn and rejected requests whose status changed more than N years ago."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Retention in years (default: settings.RETENTION_YEARS).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list the requests that would go."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["years"] if options["years"] is not None else settings.RETENTION_YEARS
        if years < 1:
            raise CommandError("--years must be at least 1.")
        if options["dry_run"]:
            found = list(services.requests_to_purge(years=years).order_by("status_changed_at"))
            for obj in found:
                self.stdout.write(f"would delete {_line(obj)}")
            self.stdout.write(f"{len(found)} request(s) would be deleted (dry run).")
            return
        deleted = services.requests_purge(years=years)
        for obj in deleted:
            self.stdout.write(f"deleted {_line(obj)}")
        self.stdout.write(
            self.style.SUCCESS(f"{len(deleted)} request(s) older than {years} years deleted.")
        )
