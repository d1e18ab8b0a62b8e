"""CSV and XLSX exports of Actions with their activities: one row per activity.

`ACTION_COLUMNS` is the export, one line per column, read by the same machinery as the
requests export (`mieux_portal.exports`): one query, the activities joined, so an Action
without activities still gets one row (activity columns empty) and the file lists every
Action of the selection. The file formats and their writers are the requests export's
(`requests_app.export.export_response`), and so is the audit trail
(`requests_app.export_log`).

This module also adds the "Action" column to the requests export (the code of the Action
grown out of each request): Requests offers the extension point, Actions fills it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Case, CharField, F, OuterRef, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http.response import HttpResponseBase
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mieux_portal.exports import (
    DATE,
    FORMATS,
    NUMBER,
    Column,
    Columns,
    Context,
    Table,
    choices,
    country_list,
    joined,
    lookup,
    reference_list,
    sorted_list,
    translated,
    yes_no,
)
from requests_app.export import REQUEST_COLUMNS, export_response
from requests_app.export_log import export_log_create
from requests_app.models import (
    ActivityType,
    ExportFormat,
    ExportKind,
    ExportSource,
    Region,
    Topic,
)

from .models import Action, ActionStatus, ActivityStatus

CHUNK_SIZE = 2000


def _text(obj: Any, field: str, languages: list[str]) -> str:
    """The field in the first language that has it; another language's text is marked."""
    for position, code in enumerate(languages):
        value = getattr(obj, f"{field}_{code}", "") or ""
        if value:
            return value if position == 0 else f"[{code}] {value}"
    return ""


def _regions(context: Context) -> dict[int, str]:
    return {r.pk: _text(r, "name", context.languages) for r in Region.objects.all()}


def _topics(context: Context) -> dict[int, str]:
    return {
        t.pk: f"{t.code} - {_text(t, 'name', context.languages)}"
        for t in Topic.objects.order_by("position", "code")
    }


def _kinds(context: Context) -> dict[int, str]:
    return {k.pk: _text(k, "name", context.languages) for k in ActivityType.objects.all()}


def _place(_context: Context) -> Any:
    # NULL for an online activity; "" for an Action without activities (no joined row).
    return Case(
        When(activities__online=True, then=Value(None)),
        default=Coalesce(F("activities__place"), Value("")),
        output_field=CharField(),
    )


def _place_or_online(_context: Context) -> Callable[[str | None], str]:
    online = gettext("online")
    return lambda place: online if place is None else place


ACTION_COLUMNS = Columns(
    [
        Column("code", _("Action code"), "code"),
        Column("title", _("Title"), translated("title")),
        Column("status", _("Status"), "status", choices(ActionStatus)),
        Column("region", _("Region"), "region_id", lookup(_regions)),
        Column("countries", _("Countries"), "countries", country_list()),
        Column("institutions", _("Partner institutions"), joined(Action.institutions, "name"),
               sorted_list),
        Column("topics", _("Topics"), joined(Action.topics), reference_list(_topics)),
        Column("member_states", _("Experts' Member States"), "member_states", country_list()),
        Column("start", _("Start"), "start_date", type=DATE),
        Column("end", _("End"), "end_date", type=DATE),
        Column("published", _("Published"), "published", yes_no(_("yes"), _("no"))),
        Column("request", _("Request reference"), "request__reference"),
        Column("activity_number", _("Activity number"), "activities__number", type=NUMBER),
        Column("activity_kind", _("Activity kind"), "activities__kind_id", lookup(_kinds)),
        Column("activity_title", _("Activity title"), translated("activities__title")),
        Column("activity_start", _("Activity start"), "activities__start_date", type=DATE),
        Column("activity_end", _("Activity end"), "activities__end_date", type=DATE),
        Column("place", _("Place"), _place, _place_or_online),
        Column("participants", _("Participants"), "activities__participants", type=NUMBER),
        Column("activity_status", _("Activity status"), "activities__status",
               choices(ActivityStatus)),
    ]
)  # fmt: skip


def _action_code(_context: Context) -> Subquery:
    codes = Action.objects.filter(request=OuterRef("pk")).order_by().values("code")[:1]
    return Subquery(codes, output_field=CharField())


def register_request_columns() -> None:
    """Add the Action's code to the requests export, before the admin link (at start-up)."""
    REQUEST_COLUMNS.add(Column("action", _("Action"), _action_code), before="admin_page")


class ActionExport(Table):
    """The header and rows of an Actions export in one language, in a format's cells."""

    def __init__(
        self, queryset: QuerySet[Action], *, language: str, format: str = ExportFormat.CSV
    ) -> None:
        super().__init__(
            ACTION_COLUMNS,
            queryset.order_by("code", "pk", "activities__number"),
            language=language,
            chunk_size=CHUNK_SIZE,
            cell=FORMATS[format],
        )


def actions_export_response(
    queryset: QuerySet[Action],
    *,
    language: str,
    user: Any,
    source: str = ExportSource.LIST,
    filters: str = "",
    format: str = ExportFormat.CSV,
) -> HttpResponseBase:
    """A download of the Actions of a queryset with their activities (CSV or XLSX), and
    the export recorded."""
    export = ActionExport(queryset, language=language, format=format)
    log = export_log_create(
        user=user,
        kind=ExportKind.ACTIONS,
        source=source,
        language=language,
        filters=filters,
        format=format,
    )
    return export_response(export, log=log)
