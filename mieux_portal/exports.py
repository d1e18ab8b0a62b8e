"""Declarative exports: an export is one list of columns; the writers read that list.

A `Column` says everything about one column of a file, in one line:

    Column("submitted", _("submitted"), "submitted_at", type=DATETIME)

- ``key``: its name in code (where an extension inserts its own column, what a test reads);
- ``header``: a lazy msgid (or a tuple of them, joined by ": "), written in the language of
  the export;
- ``source``: where the value comes from in ONE SQL query: an ORM path (``"institution__name"``),
  an expression (a correlated subquery, a ``Concat`` …), or a function of the export's
  `Context` that returns one (for what depends on the language, such as a translated
  title with its fallback);
- ``format``: a function of the `Context` that returns the per-value function (a label
  from a dictionary read once, a list of names …); None takes the value as SQL gives it;
- ``type``: text, number, date or datetime, so that each writer writes a cell of the right
  kind (the CSV writer ISO 8601 text, a spreadsheet writer typed cells).

`Table` turns a queryset and a list of columns into the header and the rows: one
``values_list`` over a server-side cursor (``iterator(chunk_size=…)``), every related value
aggregated in SQL, every dictionary the formatters need read once before the first row. So
an export costs the same small number of queries whatever its size, and holds one chunk of
rows in memory. Each file format is a writer and the way it wants each type's values:
`csv_bytes` with `csv_cell` writes RFC 4180 CSV with a byte-order mark, every text cell a
spreadsheet would run as a formula neutralised; `xlsx_write` with `xlsx_cell` writes an
Office Open XML workbook with typed cells, through XlsxWriter (`FORMATS` maps a format's name
to its cells).

Nothing here knows an app's models: apps declare their columns (and offer `Columns`
extension points for other apps' columns) and give their own querysets.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from itertools import islice
from typing import Any

import xlsxwriter
from django.conf import settings
from django.db.models import (
    Aggregate,
    CharField,
    Expression,
    F,
    Func,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils import timezone, translation
from django.utils.functional import Promise
from django_countries import countries
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

BOM = "\ufeff"
# Rows written to the CSV buffer before it is encoded and handed on.
FLUSH_ROWS = 500
# What a spreadsheet would read as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = frozenset("=+-@\t\r")
# Joins the values of a group inside SQL; no name, code or number contains it.
SEPARATOR = "\x1f"
LIST_SEPARATOR = "; "
ILLEGAL_SHEET_CHARACTERS = re.compile(r"[\\/*?:\[\]]")


class ColumnType(StrEnum):
    """What a column holds, for writers that type their cells."""

    TEXT = "text"  # str or None
    NUMBER = "number"  # int, Decimal or None
    DATE = "date"  # date or None
    DATETIME = "datetime"  # aware datetime or None (written in the portal's time zone)


TEXT, NUMBER, DATE, DATETIME = ColumnType


@dataclass(frozen=True)
class Context:
    """What formatters and sources may depend on: the language and the moment of export."""

    language: str
    now: datetime

    @property
    def languages(self) -> list[str]:
        """The chosen language first, then the others of the portal."""
        return languages_for(self.language)


Header = Promise | str | tuple[Promise | str, ...]
Source = str | Expression | Subquery | Callable[[Context], Any]
Formatter = Callable[[Context], Callable[[Any], Any]]


@dataclass(frozen=True)
class Column:
    """One column of an export (see the module docstring)."""

    key: str
    header: Header
    source: Source
    format: Formatter | None = None
    type: ColumnType = TEXT

    def header_text(self) -> str:
        """The header in the active language."""
        if isinstance(self.header, tuple):
            return ": ".join(str(part) for part in self.header)
        return str(self.header)


@dataclass
class Columns:
    """An export's list of columns, open to other apps: the extension point.

    An app that knows more about a row than the owner of the export (the Action grown
    out of a request) adds its column without the owner naming it.
    """

    base: list[Column]
    extra: list[tuple[Column, str | None]] = field(default_factory=list)

    def add(self, column: Column, *, before: str | None = None) -> None:
        """Add a column before the one with the key ``before`` (at the end if None).
        Adding a key again replaces the earlier column (a module imported twice)."""
        self.extra = [(c, b) for c, b in self.extra if c.key != column.key]
        self.extra.append((column, before))

    def __iter__(self) -> Iterator[Column]:
        columns = list(self.base)
        for column, before in self.extra:
            keys = [c.key for c in columns]
            columns.insert(keys.index(before) if before in keys else len(columns), column)
        return iter(columns)


# --- Sources: SQL that gathers a row's values ---------------------------------------------


class Joined(Aggregate):
    """The text of a group's values joined by a separator, in no particular order.

    STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite (the development default), so the
    export works on both; formatters order the parts themselves.
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


def joined(relation: Any, value: str = "id") -> Callable[[Context], Subquery]:
    """The source of a many-to-many relation's values, joined: ``joined(Action.topics)``
    gives the topics' ids, ``joined(Action.institutions, "name")`` their names."""

    def source(_context: Context) -> Subquery:
        owner, target = relation.field.m2m_field_name(), relation.field.m2m_reverse_field_name()
        path = f"{target}_id" if value == "id" else f"{target}__{value}"
        return joined_subquery(relation.through, owner, path)

    return source


class Prefixed(Func):
    """``prefix || text``: NULL when the text is NULL (CONCAT would give the bare prefix)."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = TextField()


def translated(path: str) -> Callable[[Context], Expression]:
    """The field in the export's language; if empty there, in the first other language
    that has it, marked "[ru] …"; else an empty text."""

    def source(context: Context) -> Expression:
        first, *others = context.languages
        return Coalesce(
            NullIf(F(f"{path}_{first}"), Value("")),
            *(
                Prefixed(Value(f"[{code}] "), NullIf(F(f"{path}_{code}"), Value("")))
                for code in others
            ),
            Value(""),
            output_field=TextField(),
        )

    return source


def full_name(prefix: str) -> Expression:
    """A user's "first last", or their e-mail address if they have no name, or ""."""
    name = Func(
        Prefixed(F(f"{prefix}first_name"), Value(" "), F(f"{prefix}last_name")),
        function="TRIM",
        output_field=CharField(),
    )
    return Coalesce(
        NullIf(name, Value("")), F(f"{prefix}email"), Value(""), output_field=CharField()
    )


# --- Formatters: the label of a value, read once per export --------------------------------


class _Labels(dict[Any, Any]):
    """A dictionary that gives back an unknown key itself (a value no longer in the choices)."""

    def __missing__(self, key: Any) -> Any:
        return key


def choices(choice_class: Any) -> Formatter:
    """A TextChoices value as its label."""
    return lambda _context: _Labels((c.value, str(c.label)) for c in choice_class).__getitem__


def lookup(load: Callable[[Context], dict[Any, str]], default: str = "") -> Formatter:
    """An id as the name ``load(context)`` gives for it (read once, in the export's language)."""

    def prepare(context: Context) -> Callable[[Any], str]:
        names = load(context)
        return lambda value: names.get(value, default)

    return prepare


def yes_no(yes: Promise, no: Promise) -> Formatter:
    """A boolean as a word."""

    def prepare(_context: Context) -> Callable[[Any], str]:
        words = {True: str(yes), False: str(no)}
        return lambda value: words[bool(value)]

    return prepare


def country_names() -> dict[str, str]:
    return {str(c.code): str(c.name) for c in countries}


def country() -> Formatter:
    """A country code as the country's name."""
    return lambda _context: _Labels(country_names()).__getitem__


def country_list() -> Formatter:
    """The codes of a multiple CountryField ("KG,UZ") as names: "Kyrgyzstan; Uzbekistan"."""

    def prepare(_context: Context) -> Callable[[Any], str]:
        names = _Labels(country_names())
        return lambda codes: LIST_SEPARATOR.join(names[c] for c in (codes or "").split(",") if c)

    return prepare


def sorted_list(_context: Context) -> Callable[[str | None], str]:
    """A joined group of names, sorted: "A; B"."""
    return lambda value: LIST_SEPARATOR.join(sorted(value.split(SEPARATOR))) if value else ""


class ReferenceList(dict[str | None, str]):
    """The labels of a joined list of reference ids ("3\x1f5" → "LM - …; IM - …"), in the
    reference data's own order, whatever order SQL joined them in.

    Memoised per joined value: there are few distinct combinations of topics (or kinds of
    activities) among many rows, so almost every row is one dictionary look-up.
    """

    def __init__(self, labels: dict[int, str]) -> None:
        super().__init__()
        self.labels = labels

    def __missing__(self, value: str | None) -> str:
        wanted = {int(i) for i in value.split(SEPARATOR)} if value else set()
        text = LIST_SEPARATOR.join(label for pk, label in self.labels.items() if pk in wanted)
        self[value] = text
        return text


def reference_list(load: Callable[[Context], dict[int, str]]) -> Formatter:
    """Joined reference ids as their labels, in the order of ``load(context)``'s dictionary."""
    return lambda context: ReferenceList(load(context)).__getitem__


# --- The table and the CSV writer ----------------------------------------------------------


def languages_for(language: str) -> list[str]:
    """The chosen language first, then the others of the portal."""
    return [language, *(code for code, _name in settings.LANGUAGES if code != language)]


def neutralise(value: str | None) -> str | None:
    """The cell as text a spreadsheet shows, never runs: a formula start gets an apostrophe."""
    if value and value[0] in FORMULA_STARTS:
        return "'" + value
    return value


def csv_cell(column_type: ColumnType) -> Callable[[Any], Any] | None:
    """How the CSV writer writes a value of this type (None: as it is; csv writes None as "")."""
    if column_type is TEXT:
        return neutralise
    if column_type is DATETIME:
        zone = timezone.get_default_timezone()
        return lambda value: value.astimezone(zone).isoformat(timespec="seconds") if value else ""
    if column_type is DATE:
        return lambda value: value.isoformat() if value else ""
    return None


def _same(value: Any) -> Any:
    return value


def _compose(
    first: Callable[[Any], Any] | None, then: Callable[[Any], Any] | None
) -> Callable[[Any], Any] | None:
    if first is None or then is None:
        return first or then
    return lambda value: then(first(value))


class Table:
    """The header and the rows of an export in one language.

    Building it reads what the formatters need (a few small queries); iterating ``rows()``
    runs the one query of the rows. ``cell`` says how a writer wants each type's values
    (`csv_cell` for CSV); the default gives the typed values.
    """

    def __init__(
        self,
        columns: Iterable[Column],
        queryset: QuerySet[Any],
        *,
        language: str,
        chunk_size: int = 2000,
        cell: Callable[[ColumnType], Callable[[Any], Any] | None] = lambda _type: None,
    ) -> None:
        self.columns = list(columns)
        self.types = [column.type for column in self.columns]
        self.language = language
        self.chunk_size = chunk_size
        self.context = Context(language=language, now=timezone.now())
        with translation.override(language):
            self.header = [column.header_text() for column in self.columns]
            self.cells = [
                _compose(column.format(self.context) if column.format else None, cell(column.type))
                for column in self.columns
            ]
        self.queryset = self.prepare(queryset)

    def prepare(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """One row of values per object, in the columns' order and the queryset's."""
        model = queryset.model
        if queryset.query.distinct:
            # A list filtered through a many-to-many relation is DISTINCT; select the ids
            # instead of comparing every exported column for duplicates.
            ordering = queryset.query.order_by
            queryset = model._default_manager.filter(
                pk__in=queryset.order_by().values("pk")
            ).order_by(*ordering)
        # A plain QuerySet over the same query: modeltranslation's own rebuilds every
        # values_list row through dictionaries to apply its language fallback, which the
        # sources do themselves in SQL (`translated`).
        queryset = QuerySet(model=model, query=queryset.query.chain())
        names, annotations = [], {}
        for column in self.columns:
            source = column.source
            if callable(source) and not hasattr(source, "resolve_expression"):
                source = source(self.context)
            if isinstance(source, str):
                names.append(source)
            else:
                annotations[f"x_{column.key}"] = source
                names.append(f"x_{column.key}")
        return queryset.annotate(**annotations).values_list(*names)

    def rows(self) -> Iterator[list[Any]]:
        """One list of cells per row, read through a server-side cursor."""
        cells = self.cells
        if all(cell is None for cell in cells):
            for row in self.queryset.iterator(chunk_size=self.chunk_size):
                yield list(row)
            return
        functions = [cell or _same for cell in cells]
        for row in self.queryset.iterator(chunk_size=self.chunk_size):
            yield [f(value) for f, value in zip(functions, row, strict=True)]


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


# --- The XLSX writer -----------------------------------------------------------------------

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column widths in characters: dates and numbers at their printed width, text wider.
XLSX_WIDTHS = {TEXT: 24, NUMBER: 10, DATE: 12, DATETIME: 20}


def xlsx_text(value: str | None) -> str | None:
    """A text cell: characters XML cannot hold dropped. Every text is written as a string
    cell (`xlsx_write`), so text a spreadsheet would read as a formula or an error value
    is shown, never run (unlike the CSV it needs no apostrophe)."""
    if not value:
        return None
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def xlsx_cell(column_type: ColumnType) -> Callable[[Any], Any] | None:
    """How the XLSX writer wants a value of this type (None: as it is).

    Dates and numbers stay typed. A spreadsheet has no time zones, so a moment is written
    as the wall-clock time of the portal's zone."""
    if column_type is TEXT:
        return xlsx_text
    if column_type is DATETIME:
        zone = timezone.get_default_timezone()
        return lambda value: value.astimezone(zone).replace(tzinfo=None) if value else None
    return None


# How each type's cell is written, and its number format (None: the default).
XLSX_NUMBER_FORMATS = {TEXT: None, NUMBER: None, DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd h:mm:ss"}


def xlsx_write(
    header: Sequence[str],
    types: Sequence[ColumnType],
    rows: Iterable[Sequence[Any]],
    out: Any,
    *,
    title: str,
) -> None:
    """Write a one-sheet workbook to ``out`` (a path or a seekable binary file).

    XlsxWriter's constant-memory mode writes each row to a temporary file on disk as soon as
    the next one starts, so memory stays bounded whatever the number of rows; the workbook
    is zipped from it on close. Each column's cells are written by the typed method of its
    type (a text is always a string cell, never a formula, a number or a link). The header
    row is bold and frozen (it stays in view while scrolling)."""
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
    # A sheet's name has at most 31 characters and none of []:*?/\ .
    sheet = workbook.add_worksheet(ILLEGAL_SHEET_CHARACTERS.sub(" ", title)[:31] or "Sheet")
    sheet.freeze_panes(1, 0)
    bold = workbook.add_format({"bold": True})
    formats = {
        column_type: workbook.add_format({"num_format": number_format}) if number_format else None
        for column_type, number_format in XLSX_NUMBER_FORMATS.items()
    }
    methods = {
        TEXT: sheet.write_string,
        NUMBER: sheet.write_number,
        DATE: sheet.write_datetime,
        DATETIME: sheet.write_datetime,
    }
    for index, column_type in enumerate(types):
        sheet.set_column(index, index, XLSX_WIDTHS[column_type])
    sheet.write_row(0, 0, [str(text) for text in header], bold)
    writers = [(index, methods[t], formats[t]) for index, t in enumerate(types)]
    for number, row in enumerate(rows, start=1):
        for (index, write, cell_format), value in zip(writers, row, strict=True):
            if value is not None and value != "":
                write(number, index, value, cell_format)
    workbook.close()


FORMATS: dict[str, Callable[[ColumnType], Callable[[Any], Any] | None]] = {
    "csv": csv_cell,
    "xlsx": xlsx_cell,
}
