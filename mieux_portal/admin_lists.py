"""Admin lists that answer any querystring without a server error.

Django's admin filters a list by any lookup of the model's own fields that a querystring
names (`?created_at__year=2026`, `?title__regex=…`) and answers those it cannot build with
"incorrect parameters": back to the list with `?e=1` and a message. Some values pass that
check and fail only when the query runs, in the database or its driver: a year past 9999, a
number too large, an invalid regular expression, a NUL character, text where an address is
stored. `BoundedChangeList` answers those the same way, and refuses values too long to be
a filter (`MAX_VALUE_LENGTH`) before any query.

`PortalAdminSite` gives every registered admin this list (`BoundedListMixin`), so a new
admin, the project's or a library's, cannot bring the server error back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import cache
from typing import Any

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db import DataError, connections, transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from mieux_portal.search import RANK, index_scans

# Longer than any search term or filter value a person types or a link of the portal makes.
MAX_VALUE_LENGTH = 200
# What the database or its driver raises for a value no row can match.
BAD_VALUE_ERRORS = (DataError, ValueError, OverflowError)


def check_parameters(query: QueryDict) -> None:
    """Refuse names or values too long to be filters, and NUL characters (which
    PostgreSQL cannot hold), before any query is built."""
    for name, values in query.lists():
        for text in (name, *values):
            if len(text) > MAX_VALUE_LENGTH or "\x00" in text:
                raise IncorrectLookupParameters(f"unusable parameter {name[:40]!r}")


@contextmanager
def bad_values_refused() -> Iterator[None]:
    """Run queries of a list; a value they cannot use makes them "incorrect parameters".

    Inside a transaction, in a savepoint, so that a refused query leaves it usable. Outside
    one (autocommit, the portal's requests) a refused query spoils nothing, and a BEGIN and
    a COMMIT would be two more round trips to the database on every page of a list.
    """
    try:
        if transaction.get_connection().in_atomic_block:
            with transaction.atomic():
                yield
        else:
            yield
    except BAD_VALUE_ERRORS as error:
        raise IncorrectLookupParameters(error) from error


class BoundedChangeList(ChangeList):
    """Django's list, answering every unusable querystring as "incorrect parameters"."""

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        check_parameters(request.GET)
        super().__init__(request, *args, **kwargs)

    def get_queryset(self, request: HttpRequest, exclude_parameters: Any = None) -> Any:
        # A list filter (or the date hierarchy) may fail on a value it was not written for.
        try:
            return super().get_queryset(request, exclude_parameters)
        except BAD_VALUE_ERRORS as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request: HttpRequest) -> None:
        # The count of the page runs the filters: a value the database refuses shows here,
        # before the page is drawn.
        with bad_values_refused():
            super().get_results(request)


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows (and one more, to know there are more).

    A list of 100,000 rows filtered to 30,000 costs a count of 30,000 rows on every page,
    the larger part of the page's database time, for a figure nobody pages through: past
    the cap the list says "more than N" and offers the pages up to it (filters and search
    narrow it). `capped` tells the templates.

    With `keep_ids` (a search, which reads the rows anyway), on PostgreSQL, the count brings
    back from the same scan the ids of the rows when they all fit on one page (`ids`): the
    list can read that page by its keys rather than search again (`QueueChangeList`). A
    plain list's count reads an index alone, which the ids would send to the table. A list
    ranked by the search (`RANK` first in its order) gets the ids of every row counted, up
    to the cap, in the list's order (`ordered`): ranking the matches is what the page would
    search again for, and the count has them in hand (a page of 50 is then read by its
    keys, whichever page it is). `counted`, when given, is the list's rows read from a
    narrower table (the same ids, filters and order): the count and the ids read it.
    `index_first`: the search's matches are counted through its index (`index_scans`).

    Past the cap a ranked list is shown in its order without the rank (the queue's): given
    `first` (the offset of the page the list shows), the ranking statement also brings the
    ids of that page in this order, when there are more rows than the cap (`queue_ids`),
    rather than the list asking for them in a statement of its own."""

    cap = 2000
    keep_ids = False
    ids: list[Any] | None = None
    ordered = False
    counted: QuerySet[Any] | None = None
    index_first = False
    first: int | None = None
    queue_ids: list[Any] | None = None

    @property
    def count(self) -> int:  # type: ignore[override]
        if not hasattr(self, "_capped_count"):
            # A queryset's slice counts in the database: SELECT COUNT(*) of a LIMITed subquery.
            # Without the order and the annotations: ordered (by a search's rank), the LIMIT
            # would wait for every match to be ranked and sorted, where any cap + 1 will do.
            listed = self.object_list if self.counted is None else self.counted
            rows = listed.order_by().values("pk")[: self.cap + 1]  # type: ignore[attr-defined]
            if not self.keep_ids or connections[rows.db].vendor != "postgresql":
                self._capped_count = rows.count()
            else:
                order = listed.query.order_by  # type: ignore[attr-defined]
                ranked = bool(order) and order[0] == f"-{RANK}"
                with index_scans(rows.db) if self.index_first else nullcontext():
                    count, ids = self.count_with_ids(listed, order if ranked else None)
                self._capped_count = count
                if ranked and count <= self.cap:
                    self.ids, self.ordered = ids or [], True
                elif count <= min(self.per_page, self.cap):
                    self.ids = ids or []
        return min(self._capped_count, self.cap)

    def count_with_ids(self, listed: Any, order: list[Any] | None) -> tuple[int, list[Any] | None]:
        """The rows of `listed` counted up to the cap + 1, and their ids: all of them in
        `order` (a ranked list's), else the first `per_page` + 1 in no order (PostgreSQL).

        One statement around the ORM's query of the rows counted, `SELECT COUNT(*),
        ARRAY_AGG(…) FROM (rows) s`, where the order is of the rows' own columns and
        annotations: the ORM's aggregate of a sliced query rewrites each of its expressions
        for the subquery, which cost the worker more than compiling the query itself."""
        keys = None if order is None else sort_keys(listed, order)
        if order is not None and keys is None:
            # An order through a relation or an expression: the ORM's own aggregate.
            rows = listed.order_by().values("pk", RANK)[: self.cap + 1]
            found = rows.aggregate(count=Count("*"), ids=ArrayAgg("pk", order_by=order))
            return found["count"], found["ids"]
        names = dict.fromkeys(["pk", *(name for name, _descending in keys or ())])
        rows = listed.order_by().values(*names)[: self.cap + 1]
        connection = connections[rows.db]
        sql, params = rows.query.get_compiler(using=rows.db).as_sql()
        # The query's columns are named as its values are ("pk", "search_rank", …).
        quote = connection.ops.quote_name
        queue, queue_params = "", ()
        if keys is None:
            ids = f'(ARRAY_AGG(s."pk"))[1:{int(self.per_page) + 1}]'
        else:
            by = ", ".join(f"s.{quote(name)} {'DESC' if desc else 'ASC'}" for name, desc in keys)
            ids = f'ARRAY_AGG(s."pk" ORDER BY {by})'
            queue, queue_params = self.queue_page(listed, order or [])
        statement = f"SELECT COUNT(*), {ids}{queue} FROM ({sql}) s"  # noqa: S608 - the ORM's query and the model's columns
        with connection.cursor() as cursor:
            cursor.execute(statement, (*queue_params, *params))
            count, found, *page = cursor.fetchone()
        if page and count > self.cap:
            self.queue_ids = page[0] or []
        return count, found

    def queue_page(self, listed: Any, order: list[Any]) -> tuple[str, tuple[Any, ...]]:
        """The SQL of a column of the ranking statement holding the ids of the page at
        `first` in `order` without the rank (the list's order past the cap), only when more
        rows than the cap were counted (PostgreSQL runs the subquery only then), and its
        parameters; ("", ()) without a page or an order past the rank."""
        if self.first is None or self.first < 0 or len(order) < 2:
            return "", ()
        rows = listed.order_by(*order[1:]).values_list("pk", flat=True)
        page = rows[self.first : self.first + int(self.per_page)]
        sql, params = page.query.get_compiler(using=page.db).as_sql()
        return f", CASE WHEN COUNT(*) > {int(self.cap)} THEN ARRAY({sql}) END", tuple(params)

    @property
    def capped(self) -> bool:
        return self.count >= self.cap and self._capped_count > self.cap


def sort_keys(listed: Any, order: list[Any]) -> list[tuple[str, bool]] | None:
    """Each name of `order` and whether it sorts descending, once (a name again never
    changes the order); None when one is not a name of the model's own fields or
    annotations (a relation, which sorts by the related model's order, or an expression)."""
    keys: dict[str, bool] = {}
    for entry in order:
        if not isinstance(entry, str) or entry.lstrip("-") in ("", "?"):
            return None
        name = entry.lstrip("-")
        if name != "pk" and name not in listed.query.annotations:
            try:
                field = listed.model._meta.get_field(name)
            except FieldDoesNotExist:
                return None
            if field.is_relation:
                return None
        keys.setdefault(name, entry.startswith("-"))
    return list(keys.items())


@cache
def bounded(changelist: type[ChangeList]) -> type[BoundedChangeList]:
    """The list class of an admin, answering unusable querystrings as BoundedChangeList."""
    if issubclass(changelist, BoundedChangeList):
        return changelist
    if changelist is ChangeList:
        return BoundedChangeList
    return type(f"Bounded{changelist.__name__}", (BoundedChangeList, changelist), {})


class BoundedListMixin:
    """For a ModelAdmin: its list (whichever class it uses) is a BoundedChangeList."""

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        changelist = super().get_changelist(request, **kwargs)  # type: ignore[misc]
        return bounded(changelist)


# -- the bulk actions' form

# Widget markup already rendered, by everything it depends on (see `RememberedWidget`).
RENDERED_WIDGETS: dict[tuple[Any, ...], SafeString] = {}
MAX_RENDERED_WIDGETS = 512


class RememberedWidget(forms.Widget):
    """A widget whose markup is rendered by Django's template once per process for each
    name, value, attributes, choices and language: the action box of a list is the same on
    every page, and its select's template (an include per option) cost a twentieth of the
    page."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        choices = tuple((str(key), str(label)) for key, label in getattr(self, "choices", ()))
        try:
            key = (
                type(self),
                name,
                value,
                tuple(sorted(self.attrs.items())),
                tuple(sorted((attrs or {}).items())),
                choices,
                type(renderer),
                get_language(),
            )
            markup = RENDERED_WIDGETS.get(key)
        except TypeError:  # something that cannot be a key: rendered every time
            return SafeString(super().render(name, value, attrs, renderer))
        if markup is None:
            markup = SafeString(super().render(name, value, attrs, renderer))
            if len(RENDERED_WIDGETS) >= MAX_RENDERED_WIDGETS:
                RENDERED_WIDGETS.clear()
            RENDERED_WIDGETS[key] = markup
        return markup


class RememberedSelect(RememberedWidget, forms.Select):
    pass


class RememberedHiddenInput(RememberedWidget, forms.HiddenInput):
    pass


class ListActionForm(helpers.ActionForm):
    """Django's action form (`ModelAdmin.action_form`), its widgets rendered once
    (`RememberedWidget`), with everything Django's fields gave them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            kind = REMEMBERED.get(type(field.widget))
            if kind is not None:
                widget = kind(attrs=field.widget.attrs)
                widget.is_required = field.widget.is_required
                if isinstance(widget, forms.Select):  # the admin sets its choices later
                    widget.choices = field.widget.choices  # type: ignore[attr-defined]
                field.widget = widget


REMEMBERED: dict[type[forms.Widget], type[RememberedWidget]] = {
    forms.Select: RememberedSelect,
    forms.HiddenInput: RememberedHiddenInput,
}
