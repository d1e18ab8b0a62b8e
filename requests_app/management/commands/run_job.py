"""`manage.py run_job <name>`: run one of beat's scheduled jobs now.

The jobs are the entries of `CELERY_BEAT_SCHEDULE` in settings, their one home; `--list`
names them. By default the job runs in this process and its result is printed (the e-mails
it queues still go through the broker's worker when there is one); `--queue` hands it to the
worker instead, as beat would. Output is for the developer and, like Django's own commands,
is not translated.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mieux_portal.celery import app


class Command(BaseCommand):
    help = "Run a scheduled job (an entry of the beat schedule) now; --list names them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", nargs="?", help="The job's name in the beat schedule.")
        parser.add_argument("--list", action="store_true", help="List the jobs and exit.")
        parser.add_argument(
            "--queue", action="store_true", help="Send it to the worker, as beat does."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        schedule: dict[str, dict[str, Any]] = settings.CELERY_BEAT_SCHEDULE
        if options["list"]:
            for name, entry in schedule.items():
                self.stdout.write(f"{name:<32} {entry['task']}  ({entry['schedule']})")
            return
        name = options["name"]
        if name not in schedule:
            raise CommandError(
                f"No scheduled job {name!r}; the jobs are: {', '.join(schedule)}."
                if name
                else f"Name a job: {', '.join(schedule)}."
            )
        app.loader.import_default_modules()  # the tasks of every installed app
        task = app.tasks[schedule[name]["task"]]
        if options["queue"]:
            result = task.apply_async()
            self.stdout.write(f"{name}: sent to the worker (task {result.id}).")
        else:
            self.stdout.write(f"{name}: {task.apply().get()}")
