"""CSV export of Actions with their activities: one row per activity.

An Action without activities still gets one row (activity columns empty), so the file lists
every Action of the selection. The writer, the formula guard and the audit trail are the
requests export's (requests_app.export); this module only says what the rows hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries as all_countries

from requests_app.export import (
    LIST_SEPARATOR,
    csv_response,
    export_log_create,
    languages_for,
    neutralise,
)
from requests_app.models import ExportKind, ExportSource

from .models import Action, Activity

CHUNK_SIZE = 500


def _text(obj: Any, field: str, languages: list[str]) -> str:
    """The field in the first language that has it; another language's text is marked."""
    for position, code in enumerate(languages):
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value:
            return value if position == 0 else f"[{code}] {value}"
    return ""


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


class ActionExport:
    """The header and rows of an Actions export in one language."""

    def __init__(self, queryset: QuerySet[Action], *, language: str) -> None:
        self.language = language
        self.languages = languages_for(language)
        # Prefetches run once per chunk of CHUNK_SIZE Actions: a fixed number of queries
        # per chunk, never one per row.
        self.queryset = (
            queryset.select_related("region", "request")
            .prefetch_related(
                "institutions",
                "topics",
                Prefetch(
                    "activities",
                    queryset=Activity.objects.select_related("kind").order_by("number"),
                ),
            )
            .order_by("code", "pk")
        )
        with translation.override(language):
            self.header = [
                _("Action code"),
                _("Title"),
                _("Status"),
                _("Region"),
                _("Countries"),
                _("Partner institutions"),
                _("Topics"),
                _("Experts' Member States"),
                _("Start"),
                _("End"),
                _("Published"),
                _("Request reference"),
                _("Activity number"),
                _("Activity kind"),
                _("Activity title"),
                _("Activity start"),
                _("Activity end"),
                _("Place"),
                _("Participants"),
                _("Activity status"),
            ]

    @staticmethod
    def country_names(countries: Any, names: dict[str, str]) -> str:
        # django-countries gives Country objects for a multiple field.
        return LIST_SEPARATOR.join(str(names.get(c.code, c.code)) for c in countries)

    def rows(self) -> Iterator[list[Any]]:
        with translation.override(self.language):
            names = dict(all_countries)
            yes, no = _("yes"), _("no")
            online = _("online")
            for action in self.queryset.iterator(chunk_size=CHUNK_SIZE):
                head = [
                    action.code,
                    _text(action, "title", self.languages),
                    action.get_status_display(),
                    _text(action.region, "name", self.languages) if action.region else "",
                    self.country_names(action.countries, names),
                    LIST_SEPARATOR.join(i.name for i in action.institutions.all()),
                    LIST_SEPARATOR.join(
                        f"{t.code} - {_text(t, 'name', self.languages)}"
                        for t in action.topics.all()
                    ),
                    self.country_names(action.member_states, names),
                    _date(action.start_date),
                    _date(action.end_date),
                    yes if action.published else no,
                    action.request.reference if action.request else "",
                ]
                activities: list[Activity | None] = [*action.activities.all()] or [None]
                for activity in activities:
                    if activity is None:
                        tail: list[Any] = [""] * 8
                    else:
                        tail = [
                            activity.number,
                            _text(activity.kind, "name", self.languages) if activity.kind else "",
                            _text(activity, "title", self.languages),
                            _date(activity.start_date),
                            _date(activity.end_date),
                            online if activity.online else activity.place,
                            "" if activity.participants is None else activity.participants,
                            activity.get_status_display(),
                        ]
                    yield [neutralise(v) if isinstance(v, str) else v for v in head + tail]


def actions_csv_response(
    queryset: QuerySet[Action],
    *,
    language: str,
    user: Any,
    source: str = ExportSource.LIST,
    filters: str = "",
) -> StreamingHttpResponse:
    """Stream the Actions of a queryset, with their activities, and record the export."""
    export = ActionExport(queryset, language=language)
    log = export_log_create(
        user=user, kind=ExportKind.ACTIONS, source=source, language=language, filters=filters
    )
    return csv_response(export.header, export.rows(), log=log)
