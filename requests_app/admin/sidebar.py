"""The list's filters, drawn once for each shape of page and kept (per process, bounded).

Each of the filters' ~160 links carries the list's other parameters, the search text among
them, so the sidebar differs from one search to the next although it is the same drawing:
drawing it (each filter's `choices`, a query string and its escaping per link) was a tenth
of a search page's time. A sidebar is kept under a key naming all its drawing depends on:

* the language (titles, "All", the filters' labels), the list's class and model;
* the list's parameters, their values but the search text's, which is drawn as a stand-in
  and replaced on each page by the text as the links write it (`urlencode`, `iri_to_uri`,
  escaped: each works character by character, so a part of a link is written as it would be
  within the whole link);
* each filter's class, title and state: what Django's `choices` reads of it, i.e. its
  attributes (the selection, the choices its lookups read this page, the date filter's
  days) but the request, and the choices of its field.

So a new staff member, region or topic, or the next day, makes another key at once: the
filters' lookups run on every page as before (`get_filters`), only their drawing is kept.
Nothing of the user is drawn: the filters' links are the same for everyone ("Me" is
`assignee=me`), and a filter whose choices depended on the user would key them. A list
counting its choices (facets, read per page), a filter drawn by a template of its own or by
its own `choices`, or a state this cannot key (a query not yet read, an object) is drawn
afresh (`rows.filters_html`), as are lists with a search text in several parts (`?q=a&q=b`).
"""

from __future__ import annotations

import copy
import datetime
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib.admin import filters as admin_filters
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.db.models import Field, ForeignObjectRel
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, pgettext

from .rows import FILTER_TEMPLATE, filters_html, html, uri

# Drawn in place of the search text in a kept sidebar: letters and digits, which encoding,
# quoting and escaping leave as they are.
STAND_IN = f"mxsidebarq{uuid.uuid4().hex}"
STAND_IN_PAIR = f"{SEARCH_VAR}={STAND_IN}"
# How many sidebars a process keeps (each ~20 KB and its key): a few per language and
# selection of filters; when they are all taken, the process starts again with none.
MAX_KEPT = 64
KEPT: dict[tuple[Any, ...], SafeString] = {}

# The filters this keeps the drawing of: those drawn by Django's own `choices`, which reads
# nothing but the filter's attributes, its field, the list's parameters and whether it
# counts (facets), through these methods and properties (each Django's own too).
DJANGO_FILTERS = (
    admin_filters.SimpleListFilter,
    admin_filters.RelatedFieldListFilter,
    admin_filters.ChoicesFieldListFilter,
    admin_filters.DateFieldListFilter,
    admin_filters.BooleanFieldListFilter,
    admin_filters.EmptyFieldListFilter,
    admin_filters.AllValuesFieldListFilter,
)
DRAWING = ("choices", "value", "include_empty_choice")
# Values kept in a key with their type (True and 1 are equal, their links are not).
SCALARS = (int, float, bool, Decimal, datetime.date, datetime.time, datetime.timedelta)
# The types of a choice's value and label kept in a key as they are: a text, a whole number
# (not True).
CHOICE_VALUES = frozenset({str, int})
CHOICE_LABELS = frozenset({str})
# The translations whose message and the language tell their text.
TRANSLATIONS = frozenset({gettext, pgettext})


class Unkeyable(Exception):
    """A filter's state that a key cannot name: its sidebar is drawn afresh."""


def filters(cl: ChangeList, specs: Iterable[Any]) -> SafeString:
    """The filters as `rows.filters_html` draws them, from the kept drawing of this shape."""
    specs = list(specs)
    key = sidebar_key(cl, specs)
    if key is None:
        return filters_html(cl, specs)
    drawn = KEPT.get(key)
    if drawn is None:
        drawn = draw(cl, specs)
        if len(KEPT) >= MAX_KEPT:
            KEPT.clear()
        KEPT[key] = drawn
    searched = cl.filter_params.get(SEARCH_VAR)
    if searched is None:
        return drawn
    pair = html(uri(urlencode([(SEARCH_VAR, searched)], doseq=True)))
    return SafeString(drawn.replace(STAND_IN_PAIR, pair))


def draw(cl: ChangeList, specs: list[Any]) -> SafeString:
    """The sidebar with the stand-in for the search text (through a copy of the list,
    which is not changed: the page's other links carry the text itself)."""
    if SEARCH_VAR not in cl.filter_params:
        return filters_html(cl, specs)
    stand_in = copy.copy(cl)
    stand_in.filter_params = {**cl.filter_params, SEARCH_VAR: [STAND_IN]}
    return filters_html(stand_in, specs)


def sidebar_key(cl: ChangeList, specs: list[Any]) -> tuple[Any, ...] | None:
    """All the sidebar's drawing depends on (the module's docstring), or None: draw it."""
    if getattr(cl, "add_facets", True):
        return None
    searched = cl.filter_params.get(SEARCH_VAR)
    if searched is not None and not (
        isinstance(searched, list) and len(searched) == 1 and type(searched[0]) is str
    ):
        return None
    try:
        params = tuple(
            (name, STAND_IN if name == SEARCH_VAR else frozen(value))
            for name, value in cl.filter_params.items()
        )
        states = tuple(filter_state(spec) for spec in specs)
    except Unkeyable:
        return None
    return (get_language(), type(cl), cl.model, params, states)


def filter_state(spec: Any) -> tuple[Any, ...]:
    """What Django's drawing of the filter reads of it (the module's docstring)."""
    kind = type(spec)
    if not drawn_by_django(kind) or spec.template != FILTER_TEMPLATE:
        raise Unkeyable(kind.__name__)
    attributes = tuple(
        (name, frozen(value)) for name, value in vars(spec).items() if name != "request"
    )
    field = getattr(spec, "field", None)
    choices = frozen(field.flatchoices) if isinstance(field, Field) else None
    return (kind, frozen(spec.title), attributes, choices)


def drawn_by_django(kind: type) -> bool:
    """Whether the filter is drawn by one of Django's filters' own methods (`DRAWING`)."""
    return any(
        all(getattr(kind, name, None) is getattr(base, name, None) for name in DRAWING)
        for base in DJANGO_FILTERS
        if issubclass(kind, base)
    )


def frozen(value: Any) -> Any:
    """`value` as part of a key: equal only for values drawn alike (Unkeyable otherwise)."""
    kind = type(value)
    if kind is str or value is None:
        return value
    if kind is list or kind is tuple:
        # Most of a key is the filters' choices, (value, label) pairs of plain types: each
        # is its own part of the key (a pair of other types is frozen, and so never equal).
        return (
            kind,
            *[
                item
                if type(item) is tuple
                and len(item) == 2
                and type(item[0]) in CHOICE_VALUES
                and type(item[1]) in CHOICE_LABELS
                else frozen(item)
                for item in value
            ],
        )
    if kind is dict:
        return (dict, *((frozen(name), frozen(item)) for name, item in value.items()))
    if isinstance(value, Promise):
        return message(value)
    if isinstance(value, str):
        return (kind, str(value))  # a safe string is not escaped
    if isinstance(value, SCALARS):
        return (kind, value)
    if isinstance(value, Field | ForeignObjectRel):
        return value  # the model's, the same for every page
    raise Unkeyable(kind.__name__)


def message(value: Promise) -> Any:
    """A lazy translation as part of a key: `gettext_lazy`'s or `pgettext_lazy`'s message
    (the key names the language), as pickling it keeps it, without translating it (~30 on
    a page, most of a key's time); any other lazy text, its text in the key's language."""
    pickled = value.__reduce__()
    call = pickled[1] if isinstance(pickled, tuple) and len(pickled) == 2 else ()
    if (
        isinstance(call, tuple)
        and len(call) >= 3
        and call[0] in TRANSLATIONS
        and type(call[1]) is tuple
        and call[2] == {}
    ):
        return (call[0], frozen(call[1]))
    return str(value)
