"""The queue's rows and filters in one pass, with the admin's own markup.

Django draws each cell of a list on its own (`items_for_result`): it looks the column up
again (a field or an admin method, its empty value, its link, its CSS class), reverses the
row's URL and formats the value through the generic display; the filters render a template
per filter and a template loop per choice. On the queue's page of 50 rows that was most of
the page's time. Here each column is looked up once per page into a formatter, a row is one
join of its cells, and the filters are one loop over their choices. The markup is Django's
(tests/requests_admin/test_queue_markup.py compares both with Django's own rendering,
escaping included), so the admin's style sheet, scripts and accessible names stay as they
are.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from typing import Any, cast

from django.contrib.admin.templatetags.admin_list import result_headers
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value, lookup_field
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db.models import DateField, ForeignKey, ManyToOneRel, Model, TimeField
from django.template.loader import get_template
from django.urls import NoReverseMatch
from django.utils.encoding import iri_to_uri
from django.utils.safestring import SafeString
from django.utils.translation import gettext

# The filter template whose markup `filters_html` writes; a filter with a template of its
# own is rendered by that template.
FILTER_TEMPLATE = "admin/filter.html"

Cell = Callable[[Model], tuple[str, bool]]  # a row -> its cell's escaped text, and "nowrap"


def html(value: Any) -> str:
    """`conditional_escape` without its lazy-object wrapper: safe strings pass as they are,
    the rest is escaped as Django escapes it (`html.escape`)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return escape(str(value))


def remembered(function: Callable[[Any], str]) -> Callable[[Any], str]:
    """`function` keeping its answers for one page, which repeats its days and numbers."""
    answers: dict[tuple[type, Any], str] = {}

    def answer(value: Any) -> str:
        key = (type(value), value)  # True is not 1
        try:
            return answers[key]
        except KeyError:
            answers[key] = text = function(value)
            return text
        except TypeError:  # an unhashable value
            return function(value)

    return answer


def blank(value: Any) -> Any:
    """Django shows a text of spaces as an empty value."""
    return "" if isinstance(value, str) and value.strip() == "" else value


@dataclass
class Column:
    """One column of the list, looked up once for the page."""

    classes: str  # of each cell (`field-<name>`, or `action-checkbox`)
    link: bool  # the cell links to the row's page
    cell: Cell


def css_name(name: Any, index: int) -> str:
    """The column's name in its cells' CSS class, as Django writes it."""
    if callable(name):
        return f"lambda{index}" if name.__name__ == "<lambda>" else name.__name__
    return str(name)


def linked(cl: ChangeList) -> set[int]:
    """The indexes of the columns that link to the row's page (Django's `link_in_col`)."""
    links = cl.list_display_links
    if links is None:
        return set()
    if not links:
        return {0}
    return {index for index, name in enumerate(cl.list_display) if name in links}


def model_field(cl: ChangeList, name: Any) -> Any:
    """The model field a column shows, or None for a method or attribute (the fields
    `lookup_field` finds, without its per-cell exceptions)."""
    if not isinstance(name, str):
        return None
    try:
        field = cl.lookup_opts.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.is_relation and ((field.many_to_one and not field.related_model) or field.one_to_many):
        return None  # a generic foreign key or a reverse relation
    if field.is_relation and not field.many_to_many and getattr(field, "attname", "") == name:
        return None  # `<fk>_id`: the column's value, not the related row
    return field


def field_cell(field: Any, empty: str, link: bool) -> Cell:
    """A model field's cell: Django's display of the field, its choices read once."""
    name = field.name
    nowrap = isinstance(field, DateField | TimeField | ForeignKey)
    if isinstance(field.remote_field, ManyToOneRel):

        def related(obj: Model) -> tuple[str, bool]:
            value = getattr(obj, name)
            return html(empty if value is None else value), nowrap

        return related
    if getattr(field, "flatchoices", None):
        try:
            labels = {key: html(label) for key, label in dict(field.flatchoices).items()}
        except TypeError:
            pass  # list-like choices: the generic display below
        else:
            shown_empty = html(empty)

            def chosen(obj: Model) -> tuple[str, bool]:
                return labels.get(blank(getattr(obj, name)), shown_empty), nowrap

            return chosen
    shown = remembered(lambda value: html(display_for_field(value, field, empty, link)))

    def plain(obj: Model) -> tuple[str, bool]:
        return shown(blank(getattr(obj, name))), nowrap

    return plain


def value_cell(cl: ChangeList, name: Any, empty: str, link: bool) -> Cell:
    """A method's or an attribute's cell (of the admin or the model), displayed as Django
    displays any value."""

    def displayed(value: Any, attr: Any) -> tuple[str, bool]:
        boolean = getattr(attr, "boolean", False)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            boolean = getattr(attr.fget, "boolean", False)
        shown_empty = getattr(attr, "empty_value_display", empty)
        value = blank(value)
        nowrap = isinstance(value, datetime.date | datetime.time)
        return html(display_for_value(value, shown_empty, boolean)), nowrap

    method = getattr(cl.model_admin, name, None) if isinstance(name, str) else None
    if callable(name) or (callable(method) and name != "__str__"):
        function = cast(Callable[[Model], Any], name if callable(name) else method)
        if getattr(function, "boolean", False):
            return lambda obj: displayed(function(obj), function)
        no_value = html(getattr(function, "empty_value_display", empty))
        # Dates and numbers repeat down a page: each is formatted once.
        formatted = remembered(lambda value: displayed(value, function)[0])

        def computed(obj: Model) -> tuple[str, bool]:
            try:
                value = function(obj)
            except ObjectDoesNotExist:
                return html(empty), False
            if isinstance(value, str):  # Django's display of a text: itself, or "empty"
                return (html(value) if value.strip() else no_value), False
            if isinstance(value, datetime.date | datetime.time | int):
                return formatted(value), isinstance(value, datetime.date | datetime.time)
            return displayed(value, function)

        return computed

    def looked_up(obj: Model) -> tuple[str, bool]:
        try:
            field, attr, value = lookup_field(name, obj, cl.model_admin)
        except ObjectDoesNotExist:
            return html(empty), False
        if field is not None and not field.auto_created:
            return field_cell(field, empty, link)(obj)
        return displayed(value, attr)

    return looked_up


def columns(cl: ChangeList) -> list[Column]:
    """The list's columns, each looked up once."""
    empty = cl.model_admin.get_empty_value_display()
    links = linked(cl)
    found = []
    for index, name in enumerate(cl.list_display):
        field = model_field(cl, name)
        if field is not None and not field.auto_created:
            cell = field_cell(field, empty, index in links)
        else:
            cell = value_cell(cl, name, empty, index in links)
        classes = f"field-{css_name(name, index)}"
        if name == "action_checkbox":
            classes = "action-checkbox"
        found.append(Column(classes=classes, link=index in links, cell=cell))
    return found


def row_url(cl: ChangeList, obj: Model) -> str | None:
    """The row's link, carrying the list's filters (None: the page has no URL)."""
    try:
        url = cl.url_for_result(obj)
    except NoReverseMatch:
        return None
    if cl.preserved_filters:
        url = add_preserved_filters(
            {"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url
        )
    return url


def rows(cl: ChangeList) -> list[SafeString]:
    """Each row's cells, as `items_for_result` writes them (without the `<tr>`): by the
    admin's own writer if it has one for this page (`list_rows(cl)`, None otherwise),
    else column by column (`any_rows`)."""
    writer = getattr(cl.model_admin, "list_rows", None)
    drawn = writer(cl) if writer is not None else None
    return any_rows(cl) if drawn is None else drawn


def any_rows(cl: ChangeList) -> list[SafeString]:
    """Each row's cells for any list, each column looked up once for the page."""
    page_columns = columns(cl)
    drawn = []
    for obj in cl.result_list:
        cells = []
        first = True
        link = None
        for column in page_columns:
            text, nowrap = column.cell(obj)
            classes = f"{column.classes} nowrap" if nowrap else column.classes
            if not column.link:
                cells.append(f'<td class="{classes}">{text}</td>')
                continue
            tag = "th" if first else "td"
            first = False
            if link is None:
                url = row_url(cl, obj)
                opener = ""
                if cl.is_popup:
                    value = obj.serializable_value(str(cl.to_field or cl.pk_attname))
                    opener = f' data-popup-opener="{html(value)}"'
                link = "" if url is None else f'<a href="{html(url)}"{opener}>'
            text = f"{link}{text}</a>" if link else text
            cells.append(f'<{tag} class="{classes}">{text}</{tag}>')
        drawn.append(SafeString("".join(cells)))
    return drawn


def result_list(cl: ChangeList) -> dict[str, Any]:
    """The context of Django's `result_list` tag, each row one string (`rows`; the queue
    has no editable columns)."""
    headers = list(result_headers(cl))
    drawn = rows(cl)
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": drawn,
        # Django's loop over the rows, joined here (`<tr>{{ result }}</tr>` on its lines).
        "body": SafeString("".join(f"\n<tr>{row}</tr>\n" for row in drawn)),
    }


# The characters `iri_to_uri` keeps as they are (RFC 3986's reserved and unreserved ones,
# and "%"): the query strings the list encodes for its filters' links hold no others.
URI_TEXT = re.compile(r"[A-Za-z0-9_.~/#%\[\]=:;$&()+,!?*@'-]*")


def uri(value: Any) -> str:
    """`iri_to_uri`, without quoting again a text that needs no quoting (~150 links)."""
    if isinstance(value, str) and URI_TEXT.fullmatch(value):
        return value
    return iri_to_uri(value)


def filters_html(cl: ChangeList, specs: Iterable[Any]) -> SafeString:
    """The filters as `admin/filter.html` writes them, each one's choices in one loop."""
    by = gettext(" By %(filter_title)s ")
    parts = []
    for spec in specs:
        choices = list(spec.choices(cl))
        if spec.template != FILTER_TEMPLATE:
            context = {"title": spec.title, "choices": choices, "spec": spec}
            parts.append(get_template(spec.template).render(context))
            continue
        items = "".join(
            ('<li class="selected">' if choice["selected"] else "<li>")
            + f'<a href="{html(uri(choice["query_string"]))}">'
            f"{html(choice['display'])}</a></li>"
            for choice in choices
        )
        title = html(spec.title)
        summary = by % {"filter_title": title}
        parts.append(
            f'<details data-filter-title="{title}" open>\n<summary>\n{summary}\n</summary>\n'
            f"<ul>{items}</ul>\n</details>"
        )
    return SafeString("\n".join(parts))
