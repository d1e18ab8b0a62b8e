"""CSV and XLSX exports of requests for the Steering Committee and for reports.

`REQUEST_COLUMNS` is the export: one line per column (header, where its value comes from,
how it is written, its type). The admin list's export, the selected-rows action, the
`export_requests` command and the benchmark all read it, through `RequestExport`. To add a
column, add a line here; another app adds its own with ``REQUEST_COLUMNS.add(…)`` (the
Action grown out of a request is added by actions_app: requests_app never imports it).

An export is streamed (see `mieux_portal.exports`): one query over a server-side cursor,
in which everything a row shows that lives in other tables — co-requesters, topics, kinds
of activities, the Action code — is aggregated by correlated subqueries, and the translated
reference data (topics, kinds of activities, regions, institution kinds, countries, stage
names) is read once into dictionaries in the chosen language. So an export costs the same
small number of queries whatever its size (the reference tables, the rows, the log row and
its final row count), and holds at most one chunk of rows in memory.

A CSV is streamed to the client as it is written. An XLSX file is a zip archive whose
directory comes last, so it cannot leave before its last row: XlsxWriter's constant-memory
mode writes the rows to a temporary file on disk, the workbook is zipped into a
SpooledTemporaryFile (in memory up to SPOOL_BYTES, on disk beyond) and that file is then
streamed by a FileResponse. Memory stays bounded either way; an XLSX download starts once
the file is written.

On PostgreSQL outside a transaction Django declares that cursor WITH HOLD: the server
materialises the result once, and this process fetches CHUNK_SIZE rows at a time from it,
holding no transaction open while a slow client downloads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from tempfile import SpooledTemporaryFile
from typing import IO, Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts_app.models import InstitutionKind
from mieux_portal.exports import (
    DATETIME,
    FLUSH_ROWS,
    FORMATS,
    NUMBER,
    XLSX_CONTENT_TYPE,
    Column,
    Columns,
    Context,
    Table,
    choices,
    country,
    country_list,
    csv_bytes,
    full_name,
    joined,
    lookup,
    reference_list,
    sorted_list,
    translated,
    xlsx_write,
    yes_no,
)

from .export_log import export_log_complete, export_log_create
from .models import (
    ActivityType,
    CapacityRequest,
    Channel,
    ExportFormat,
    ExportKind,
    ExportLog,
    ExportSource,
    Region,
    RequestType,
    Status,
    Topic,
)

# Rows fetched from the server-side cursor at a time (and so held in memory at most).
CHUNK_SIZE = 2000
# An XLSX file is built in memory up to this size, in a temporary file beyond.
SPOOL_BYTES = 8 * 1024 * 1024
# An id no request has, replaced by each row's id in the admin link.
_PLACEHOLDER_ID = 987654321


def days_since(context: Context) -> Callable[[Any], int]:
    return lambda moment: (context.now - moment).days


def admin_link(context: Context) -> Callable[[int], str]:
    """The absolute address of a request's admin page, per id, without a reverse per row."""
    path = reverse("admin:requests_app_capacityrequest_change", args=[_PLACEHOLDER_ID])
    before, after = path.split(str(_PLACEHOLDER_ID))
    base = settings.PORTAL_BASE_URL.rstrip("/") + before
    return lambda pk: f"{base}{pk}{after}"


def _topics(_context: Context) -> dict[int, str]:
    # modeltranslation gives each name in the active language (or its fallback).
    return {t.pk: str(t) for t in Topic.objects.order_by("position", "code")}


def _activity_types(_context: Context) -> dict[int, str]:
    return {a.pk: a.name for a in ActivityType.objects.order_by("position", "code")}


INSTITUTION = _("requesting institution")

REQUEST_COLUMNS = Columns(
    [
        Column("reference", _("reference"), "reference"),
        Column("status", _("status"), "status", choices(Status)),
        Column("status_since", _("in status since"), "status_changed_at", type=DATETIME),
        Column("days_in_stage", _("days in stage"), "status_changed_at", days_since, NUMBER),
        Column("submitted", _("submitted"), "submitted_at", type=DATETIME),
        Column("decided", _("decided"), "decided_at", type=DATETIME),
        Column("request_type", _("request type"), "request_type", choices(RequestType)),
        Column("institution", INSTITUTION, "institution__name"),
        Column("institution_english", (INSTITUTION, _("name in English")),
               "institution__english_name"),
        Column("institution_kind", (INSTITUTION, _("kind")), "institution__kind_id",
               lookup(lambda _c: {k.pk: k.name for k in InstitutionKind.objects.all()})),
        Column("institution_verified", (INSTITUTION, _("verified")), "institution__verified",
               yes_no(_("Yes"), _("No"))),
        Column("co_institutions", _("co-requesting institutions"),
               joined(CapacityRequest.co_institutions, "name"), sorted_list),
        Column("country", _("country"), "country", country()),
        Column("other_countries", _("other countries covered"), "other_countries",
               country_list()),
        Column("region", _("region"), "region_id",
               lookup(lambda _c: {r.pk: r.name for r in Region.objects.all()})),
        Column("topics", _("topics"), joined(CapacityRequest.topics),
               reference_list(_topics)),
        Column("activity_types", _("kinds of activities wished"),
               joined(CapacityRequest.activity_types), reference_list(_activity_types)),
        Column("title", _("title"), translated("title")),
        Column("contact_name", _("contact person"), "contact_name"),
        Column("contact_email", _("contact e-mail"), "contact_email"),
        Column("channel", _("channel"), "channel", choices(Channel)),
        Column("assignee", _("assignee"), lambda _context: full_name("assignee__")),
        Column("admin_page", _("admin page"), "pk", admin_link),
    ]
)  # fmt: skip


class RequestExport(Table):
    """The header and the rows of a request export in one language, with the cells the
    format's writer wants.

    Building it reads the reference data (a few small queries); iterating ``rows()`` runs
    the one query of the rows.
    """

    def __init__(
        self,
        queryset: QuerySet[CapacityRequest],
        *,
        language: str,
        format: str = ExportFormat.CSV,
    ) -> None:
        super().__init__(
            REQUEST_COLUMNS,
            queryset,
            language=language,
            chunk_size=CHUNK_SIZE,
            cell=FORMATS[format],
        )


# --- The ways out: a response, a file; each recorded in the export log ----------------------


def _counted(rows: Iterable[list[Any]], log: ExportLog) -> Iterator[list[Any]]:
    count = 0
    for row in rows:
        count += 1
        yield row
    # Only an export that reached its last row gets a row count.
    export_log_complete(log=log, row_count=count)


def chosen_format(value: str | None) -> str:
    """The format a list's export form or action asked for; CSV if none or unknown."""
    return value if value in ExportFormat.values else ExportFormat.CSV


def export_filename(kind: str, language: str, format: str = ExportFormat.CSV) -> str:
    return f"mieux-{kind}-{timezone.localdate():%Y-%m-%d}-{language}.{format}"


def export_write(
    table: Table, rows: Iterable[list[Any]], out: IO[bytes], *, log: ExportLog
) -> None:
    """Write an export's header and rows to a binary file in the log row's format; the
    rows are counted into the log row."""
    counted = _counted(rows, log)
    if log.format == ExportFormat.XLSX:
        with translation.override(log.language):
            title = str(ExportKind(log.kind).label)
        xlsx_write(table.header, table.types, counted, out, title=title)
    else:
        for piece in csv_bytes(table.header, counted):
            out.write(piece)


def export_response(table: Table, *, log: ExportLog) -> HttpResponseBase:
    """A download of an export in the log row's format, its rows counted into the log row.

    Any export (the Actions one too) is a `Table` and a log row. A CSV is streamed as it
    is written; an XLSX file is written first, then streamed (see the module docstring)."""
    filename = export_filename(log.kind, log.language, log.format)
    response: HttpResponseBase
    if log.format == ExportFormat.XLSX:
        # The response closes the file once it has been sent.
        spool = SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        export_write(table, table.rows(), spool, log=log)  # type: ignore[arg-type]
        spool.seek(0)
        response = FileResponse(
            spool, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE
        )
    else:
        response = StreamingHttpResponse(
            csv_bytes(table.header, _counted(table.rows(), log)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def requests_export_response(
    queryset: QuerySet[CapacityRequest],
    *,
    language: str,
    user: Any,
    source: str = ExportSource.LIST,
    filters: str = "",
    format: str = ExportFormat.CSV,
) -> HttpResponseBase:
    """A download of the requests of a queryset (CSV or XLSX), and the export recorded."""
    export = RequestExport(queryset, language=language, format=format)
    log = export_log_create(
        user=user, source=source, language=language, filters=filters, format=format
    )
    return export_response(export, log=log)


def requests_export_write(
    queryset: QuerySet[CapacityRequest],
    out: IO[bytes],
    *,
    language: str,
    user: Any,
    filters: str = "",
    format: str = ExportFormat.CSV,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the requests of a queryset as CSV or XLSX to a binary file (the scheduled
    export); record the export and return the number of rows written."""
    export = RequestExport(queryset, language=language, format=format)
    log = export_log_create(
        user=user, source=ExportSource.COMMAND, language=language, filters=filters, format=format
    )
    written = 0

    def counting() -> Iterator[list[Any]]:
        nonlocal written
        for row in export.rows():
            written += 1
            if progress is not None and written % FLUSH_ROWS == 0:
                progress(written)
            yield row

    export_write(export, counting(), out, log=log)
    if progress is not None:
        progress(written)
    return written


def column_table(language: str) -> list[tuple[str, str, str]]:
    """(key, type, header in ``language``) of every column, in order (for `--list-columns`)."""
    with translation.override(language):
        return [(c.key, str(c.type), c.header_text()) for c in REQUEST_COLUMNS]
