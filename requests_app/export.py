"""CSV exports of requests for the Steering Committee and for reports.

An export is streamed: the rows come from one server-side cursor over one SQL query
(``QuerySet.iterator(chunk_size=...)`` over ``values_list``), in which everything a row
shows that lives in other tables — co-requesters, topics, kinds of activities, the Action
code — is aggregated by correlated subqueries. Reference data that is translated (topics,
kinds of activities, regions, institution kinds, countries, stage names) is read once into
dictionaries in the chosen language before the first row. So an export costs the same
small number of queries whatever its size (the reference tables, the rows, the audit row
and its final row count), and holds at most one chunk of rows in memory.

On PostgreSQL outside a transaction Django declares that cursor WITH HOLD: the server
materialises the result once, and this process fetches CHUNK_SIZE rows at a time from it,
holding no transaction open while a slow client downloads.

The CSV is UTF-8 with a byte-order mark (spreadsheet programs then read Cyrillic right),
quoted as RFC 4180 says, and every text cell that a spreadsheet would run as a formula is
neutralised with a leading apostrophe.

requests_app never imports actions_app (the dependency runs the other way): the Action
code is read through the app registry, and is an empty column while that app is absent.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from itertools import islice
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Aggregate,
    CharField,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts_app.models import InstitutionKind

from .models import (
    ActivityType,
    CapacityRequest,
    Channel,
    ExportKind,
    ExportLog,
    ExportSource,
    Region,
    RequestType,
    Status,
    Topic,
)

BOM = "\ufeff"
# Rows fetched from the server-side cursor at a time (and so held in memory at most).
CHUNK_SIZE = 2000
# Rows written to the CSV buffer before it is encoded and handed to the response.
FLUSH_ROWS = 500
# What a spreadsheet would read as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = frozenset("=+-@\t\r")
# Joins the values of a group inside SQL; no name, code or number contains it.
SEPARATOR = "\x1f"
LIST_SEPARATOR = "; "
# An id no request has, replaced by each row's id in the admin link.
_PLACEHOLDER_ID = 987654321


def neutralise(value: str) -> str:
    """The cell as text a spreadsheet shows, never runs: a formula start gets an apostrophe."""
    if value and value[0] in FORMULA_STARTS:
        return "'" + value
    return value


class Joined(Aggregate):
    """The text of a group's values joined by a separator, in no particular order.

    STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite (the development default), so the
    export works on both; callers order the parts themselves.
    """

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s)"
    output_field = TextField()

    def __init__(self, expression: str, separator: str = SEPARATOR) -> None:
        super().__init__(Cast(expression, TextField()), Value(separator))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


def joined_subquery(through: type[Model], owner: str, value: str) -> Subquery:
    """One text per row: the ``value`` of every ``through`` row pointing to it, joined."""
    rows = (
        through._default_manager.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(joined=Joined(value))
        .values("joined")
    )
    return Subquery(rows, output_field=TextField())


def action_code() -> Value | Subquery:
    """The code of the Action grown out of the request, if actions_app is installed."""
    try:
        action = apps.get_model("actions_app", "Action")
        action._meta.get_field("request")
    except (LookupError, FieldDoesNotExist):
        return Value("", output_field=CharField())
    codes = action._default_manager.filter(request=OuterRef("pk")).order_by().values("code")[:1]
    return Subquery(codes, output_field=CharField())


def _split(joined: str | None) -> list[str]:
    return joined.split(SEPARATOR) if joined else []


class ReferenceList(dict[str | None, str]):
    """The labels of a joined list of reference ids ("3\x1f5" → "LM - …; IM - …"), in the
    reference data's own order, whatever order SQL joined them in.

    Memoised per joined value: there are few distinct combinations of topics (or kinds of
    activities) among many requests, so almost every row is one dictionary look-up.
    """

    def __init__(self, labels: dict[int, str]) -> None:
        super().__init__()
        self.labels = labels

    def __missing__(self, joined: str | None) -> str:
        wanted = {int(i) for i in _split(joined)}
        text = neutralise(
            LIST_SEPARATOR.join(label for pk, label in self.labels.items() if pk in wanted)
        )
        self[joined] = text
        return text


def languages_for(language: str) -> list[str]:
    """The chosen language first, then the others of the portal."""
    return [language, *(code for code, _name in settings.LANGUAGES if code != language)]


def admin_change_url(language: str) -> Callable[[int], str]:
    """The absolute address of a request's admin page, per id, without a reverse per row."""
    with translation.override(language):
        path = reverse("admin:requests_app_capacityrequest_change", args=[_PLACEHOLDER_ID])
    before, after = path.split(str(_PLACEHOLDER_ID))
    base = settings.PORTAL_BASE_URL.rstrip("/") + before
    return lambda pk: f"{base}{pk}{after}"


REQUEST_HEADERS: tuple[Any, ...] = (
    _("reference"),
    _("status"),
    _("in status since"),
    _("days in stage"),
    _("submitted"),
    _("decided"),
    _("request type"),
    _("requesting institution"),
    (_("requesting institution"), _("name in English")),
    (_("requesting institution"), _("kind")),
    (_("requesting institution"), _("verified")),
    _("co-requesting institutions"),
    _("country"),
    _("other countries covered"),
    _("region"),
    _("topics"),
    _("kinds of activities wished"),
    _("title"),
    _("contact person"),
    _("contact e-mail"),
    _("channel"),
    _("assignee"),
    _("Action"),
    _("admin page"),
)


def _header(label: Any) -> str:
    if isinstance(label, tuple):
        return ": ".join(str(part) for part in label)
    return str(label)


class RequestExport:
    """The header and the rows of a request export in one language.

    Building it reads the reference data (four small queries); iterating ``rows()`` runs
    the one query of the rows.
    """

    def __init__(self, queryset: QuerySet[CapacityRequest], *, language: str) -> None:
        self.language = language
        self.queryset = self.prepare(queryset)
        with translation.override(language):
            self.header = [_header(label) for label in REQUEST_HEADERS]
            self.statuses = {s.value: str(s.label) for s in Status}
            self.request_types = {t.value: str(t.label) for t in RequestType}
            self.channels = {c.value: str(c.label) for c in Channel}
            self.yes_no = {True: gettext("Yes"), False: gettext("No")}
            self.countries = {str(c.code): str(c.name) for c in countries}
            # modeltranslation gives each name in the active language (or its fallback).
            self.topics = ReferenceList(
                {t.pk: str(t) for t in Topic.objects.order_by("position", "code")}
            )
            self.activity_types = ReferenceList(
                {a.pk: a.name for a in ActivityType.objects.order_by("position", "code")}
            )
            self.regions = {r.pk: r.name for r in Region.objects.all()}
            self.kinds = {k.pk: k.name for k in InstitutionKind.objects.all()}
        self.link = admin_change_url(language)

    def prepare(self, queryset: QuerySet[CapacityRequest]) -> QuerySet[Any]:
        """The rows as tuples, in the list's order, with the related values aggregated."""
        if queryset.query.distinct:
            # A list filtered through a many-to-many relation is DISTINCT; select the ids
            # instead of comparing every exported column for duplicates.
            ordering = queryset.query.order_by
            queryset = CapacityRequest.objects.filter(
                pk__in=queryset.order_by().values("pk")
            ).order_by(*ordering)
        model = CapacityRequest
        self.title_languages = languages_for(self.language)
        # A plain QuerySet over the same query: modeltranslation's own rebuilds every
        # values_list row through dictionaries to apply its language fallback, which the
        # export does itself (it names each language's title column).
        queryset = QuerySet(model=model, query=queryset.query.chain())
        return queryset.annotate(
            x_co=joined_subquery(
                model.co_institutions.through, "capacityrequest", "partnerinstitution__name"
            ),
            x_topics=joined_subquery(model.topics.through, "capacityrequest", "topic_id"),
            x_activities=joined_subquery(
                model.activity_types.through, "capacityrequest", "activitytype_id"
            ),
            x_action=action_code(),
        ).values_list(
            "pk",
            "reference",
            "status",
            "status_changed_at",
            "submitted_at",
            "decided_at",
            "request_type",
            "institution__name",
            "institution__english_name",
            "institution__kind_id",
            "institution__verified",
            "x_co",
            "country",
            "other_countries",
            "region_id",
            "x_topics",
            "x_activities",
            "contact_name",
            "contact_email",
            "channel",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__email",
            "x_action",
            *(f"title_{code}" for code in self.title_languages),
        )

    def rows(self) -> Iterator[list[Any]]:
        """One list of cells per request, read through a server-side cursor."""
        now = timezone.now()
        zone = timezone.get_default_timezone()
        statuses, request_types, channels = self.statuses, self.request_types, self.channels
        names, regions, kinds, yes_no = self.countries, self.regions, self.kinds, self.yes_no
        topics, activity_types, link = self.topics, self.activity_types, self.link
        other_languages = self.title_languages[1:]

        def when(value: datetime | None) -> str:
            return value.astimezone(zone).isoformat(timespec="seconds") if value else ""

        for row in self.queryset.iterator(chunk_size=CHUNK_SIZE):
            (
                pk,
                reference,
                status,
                since,
                submitted,
                decided,
                request_type,
                institution,
                english_name,
                kind_id,
                verified,
                co_institutions,
                country,
                other_countries,
                region_id,
                topic_ids,
                activity_ids,
                contact_name,
                contact_email,
                channel,
                first_name,
                last_name,
                email,
                action,
            ) = row[:24]
            title, *other_titles = row[24:]
            if not title:
                marked = zip(other_languages, other_titles, strict=True)
                title = next((f"[{code}] {text}" for code, text in marked if text), "")
            assignee = f"{first_name} {last_name}".strip() or email or ""
            yield [
                reference or "",
                statuses.get(status, status),
                when(since),
                (now - since).days,
                when(submitted),
                when(decided),
                request_types.get(request_type, request_type),
                neutralise(institution or ""),
                neutralise(english_name or ""),
                kinds.get(kind_id, ""),
                yes_no[bool(verified)],
                neutralise(LIST_SEPARATOR.join(sorted(_split(co_institutions)))),
                names.get(country, country),
                LIST_SEPARATOR.join(names.get(c, c) for c in other_countries.split(",") if c),
                regions.get(region_id, ""),
                topics[topic_ids],
                activity_types[activity_ids],
                neutralise(title),
                neutralise(contact_name),
                neutralise(contact_email),
                channels.get(channel, channel),
                neutralise(assignee),
                neutralise(action or ""),
                link(pk),
            ]


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The CSV file in pieces: BOM and header first, then FLUSH_ROWS rows at a time."""
    buffer = io.StringIO()
    # csv's defaults quote as RFC 4180 asks (fields with a comma, quote or line break,
    # quotes doubled); RFC 4180 also asks for CRLF line ends.
    writer = csv.writer(buffer, lineterminator="\r\n")
    buffer.write(BOM)
    writer.writerow(header)
    rows = iter(rows)
    while True:
        batch = list(islice(rows, FLUSH_ROWS))
        writer.writerows(batch)
        if buffer.tell():
            yield buffer.getvalue().encode("utf-8")
        if len(batch) < FLUSH_ROWS:
            return
        buffer.seek(0)
        buffer.truncate()


# --- The audit trail and the ways out: a response, a file ----------------------------------


def export_log_create(
    *,
    user: Any,
    kind: str = ExportKind.REQUESTS,
    source: str,
    language: str,
    filters: str,
) -> ExportLog:
    """Record an export before its first row leaves, so even an interrupted one is known."""
    return ExportLog.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        kind=kind,
        source=source,
        language=language,
        filters=filters,
    )


def _counted(rows: Iterable[list[Any]], log: ExportLog) -> Iterator[list[Any]]:
    count = 0
    for row in rows:
        count += 1
        yield row
    # Only an export that reached its last row gets a row count.
    ExportLog.objects.filter(pk=log.pk).update(row_count=count)


def export_filename(kind: str, language: str) -> str:
    return f"mieux-{kind}-{timezone.localdate():%Y-%m-%d}-{language}.csv"


def csv_response(
    header: Sequence[str], rows: Iterable[list[Any]], *, log: ExportLog
) -> StreamingHttpResponse:
    """Stream a CSV download whose rows are counted into its export log row.

    Any export (the Actions one too) is a header, an iterator of rows and a log row."""
    response = StreamingHttpResponse(
        csv_bytes(header, _counted(rows, log)), content_type="text/csv; charset=utf-8"
    )
    filename = export_filename(log.kind, log.language)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def requests_csv_response(
    queryset: QuerySet[CapacityRequest],
    *,
    language: str,
    user: Any,
    source: str = ExportSource.LIST,
    filters: str = "",
) -> StreamingHttpResponse:
    """Stream the requests of a queryset as a CSV download, and record the export."""
    export = RequestExport(queryset, language=language)
    log = export_log_create(user=user, source=source, language=language, filters=filters)
    return csv_response(export.header, export.rows(), log=log)


def requests_csv_write(
    queryset: QuerySet[CapacityRequest],
    out: IO[bytes],
    *,
    language: str,
    user: Any,
    filters: str = "",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the requests of a queryset as CSV to a binary file (the scheduled export);
    record the export and return the number of rows written."""
    export = RequestExport(queryset, language=language)
    log = export_log_create(
        user=user, source=ExportSource.COMMAND, language=language, filters=filters
    )
    written = 0

    def counting() -> Iterator[list[Any]]:
        nonlocal written
        for row in export.rows():
            written += 1
            if progress is not None and written % FLUSH_ROWS == 0:
                progress(written)
            yield row

    for piece in csv_bytes(export.header, _counted(counting(), log)):
        out.write(piece)
    if progress is not None:
        progress(written)
    return written
