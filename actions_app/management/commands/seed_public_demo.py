"""Demo content of the public site for `make run`: three Actions, news and the info sheet.

The data is in `actions_app/demo/data.py` and is built by `actions_app/demo/seed.py`
(idempotent: running it again changes nothing). Output is for the developer at the terminal
and, like Django's own commands, is not translated.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from actions_app.demo import seed
from actions_app.models import Action, NewsItem, Resource


class Command(BaseCommand):
    help = "Create the public site's demo Actions, news and info sheet (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="Print nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("seed_public_demo refuses to run with DJANGO_ENV=production.")
        seed.seed()
        if not options["quiet"]:
            self.stdout.write(
                f"Public demo: {Action.objects.filter(published=True).count()} published "
                f"Actions, {NewsItem.objects.filter(published=True).count()} news items, "
                f"{Resource.objects.filter(published=True).count()} resources."
            )
