"""Scheduled CSV or XLSX exports of requests, with the admin list's own filters.

The options become the query string of the admin request list (``--status screening`` is
``?status=screening``, ``--search`` is ``?q=``…) and the rows come from the same
`CapacityRequestAdmin.export_queryset`, so a scheduled export and the "Export CSV" (or
"Export XLSX") button of a list with the same filters write the same rows. ``--format xlsx``
writes a spreadsheet (the default is CSV, or the format an --output name ends with). Each
run is recorded in the export log, under --user if given.

    manage.py export_requests --status screening --region central-asia --language ru \\
        --output screening.csv
    manage.py export_requests --status screening --format xlsx --output screening.xlsx
    manage.py export_requests --list-columns --language ru

The columns are `requests_app.export.REQUEST_COLUMNS` (with those other apps add).
"""

from __future__ import annotations

import sys
from datetime import date, datetime, time, timedelta
from typing import IO, Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test import RequestFactory
from django.utils import timezone

from accounts_app.models import User
from requests_app import export
from requests_app.admin import CapacityRequestAdmin
from requests_app.models import (
    CapacityRequest,
    ExportFormat,
    Region,
    RequestType,
    Status,
    Topic,
)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from error


def _midnight(day: date) -> str:
    # An aware datetime, as the admin's date filter writes it: no naive-datetime warning.
    return timezone.make_aware(datetime.combine(day, time.min)).isoformat()


class ProgressBar:
    """A one-line text bar on a terminal: [#####-----] 1,200/5,000."""

    WIDTH = 30

    def __init__(self, stream: IO[str], total: int) -> None:
        self.stream, self.total, self.done = stream, total, -1

    def __call__(self, done: int) -> None:
        if done == self.done:
            return
        self.done = done
        filled = self.WIDTH * done // self.total if self.total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done:,}/{self.total:,}")
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Export requests as CSV or XLSX with the admin list's filters (scheduled exports)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--status", choices=[s.value for s in Status if s != Status.DRAFT])
        parser.add_argument("--region", help="region code, e.g. central-asia")
        parser.add_argument("--country", help="ISO code of the requesting country, e.g. TJ")
        parser.add_argument("--topic", help="topic code, e.g. LM")
        parser.add_argument("--request-type", choices=[t.value for t in RequestType])
        parser.add_argument("--assignee", help='a staff e-mail address, "me" or "none"')
        parser.add_argument("--submitted-from", help="first day of submission, YYYY-MM-DD")
        parser.add_argument("--submitted-to", help="last day of submission, YYYY-MM-DD")
        parser.add_argument("--search", help="the list's search (reference, title, …)")
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], default="en"
        )
        parser.add_argument("--output", help="file to write (default: standard output)")
        parser.add_argument(
            "--format",
            choices=ExportFormat.values,
            help="csv or xlsx (default: the --output name's extension, else csv)",
        )
        parser.add_argument("--user", help="e-mail of the staff member the export is for")
        parser.add_argument(
            "--list-columns",
            action="store_true",
            help="print the export's columns (key, type, header) instead of exporting",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list_columns"]:
            for key, kind, header in export.column_table(options["language"]):
                self.stdout.write(f"{key:24} {kind:9} {header}")
            return
        user = self._user(options["user"])
        query = self._query(options, user)
        model_admin = admin.site._registry[CapacityRequest]
        assert isinstance(model_admin, CapacityRequestAdmin)
        request = RequestFactory().get("/", query)
        request.user = user or AnonymousUser()
        try:
            queryset = model_admin.export_queryset(request)
        except IncorrectLookupParameters as error:
            raise CommandError(f"These filters are not valid: {error}") from error
        progress = ProgressBar(sys.stderr, queryset.count()) if sys.stderr.isatty() else None

        format = options["format"] or export.chosen_format(
            (options["output"] or "").rpartition(".")[2].lower()
        )

        def write(out: IO[bytes]) -> int:
            return export.requests_export_write(
                queryset,
                out,
                language=options["language"],
                user=user,
                filters=request.GET.urlencode(),
                format=format,
                progress=progress,
            )

        if options["output"]:
            with open(options["output"], "wb") as out:
                count = write(out)
            self.stderr.write(f"{count} requests written to {options['output']}")
        else:
            write(sys.stdout.buffer)
            sys.stdout.buffer.flush()

    def _user(self, email: str | None) -> User | None:
        if not email:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with the e-mail address {email}.")
        if not (user.is_active and user.has_perm("requests_app.export_capacityrequest")):
            raise CommandError(f"{email} may not export requests.")
        return user

    def _query(self, options: dict[str, Any], user: User | None) -> dict[str, str]:
        """The admin list's query string for these options."""
        query: dict[str, str] = {}
        if options["status"]:
            query["status"] = options["status"]
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(f"No region with the code {options['region']}.")
            query["region__id__exact"] = str(region.pk)
        if options["country"]:
            query["country"] = options["country"].upper()
        if options["topic"]:
            topic = Topic.objects.filter(code__iexact=options["topic"]).first()
            if topic is None:
                raise CommandError(f"No topic with the code {options['topic']}.")
            query["topics__id__exact"] = str(topic.pk)
        if options["request_type"]:
            query["request_type__exact"] = options["request_type"]
        if options["assignee"]:
            query["assignee"] = self._assignee(options["assignee"], user)
        if options["submitted_from"]:
            query["submitted_at__gte"] = _midnight(_day(options["submitted_from"]))
        if options["submitted_to"]:
            # The last day is included: up to the next midnight.
            query["submitted_at__lt"] = _midnight(_day(options["submitted_to"]) + timedelta(1))
        if options["search"]:
            query["q"] = options["search"]
        return query

    def _assignee(self, value: str, user: User | None) -> str:
        if value.lower() == "none":
            return "none"
        if value.lower() == "me":
            if user is None:
                raise CommandError("--assignee me needs --user.")
            return str(user.pk)
        assignee = User.objects.filter(email__iexact=value).first()
        if assignee is None:
            raise CommandError(f"No user with the e-mail address {value}.")
        return str(assignee.pk)
