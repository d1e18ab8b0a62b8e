"""The Actions catalogue: filters, their counts and search, in a fixed number of queries.

Each filter's counts are those of the Actions the other active filters leave (the usual
faceted search): choosing an option never leads to an empty page. One query per filter,
whatever the number of Actions; countries are a multiple CountryField (one text column),
so their counts are summed in Python from one column of the filtered rows.
"""

from __future__ import annotations

import functools
import operator
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries as all_countries

from mieux_portal import collation, languages
from mieux_portal.search import Spec, contains_all, fold, is_postgresql, ranked, ts_query
from requests_app.models import Region, Topic

from .models import ActionQuerySet, ActionStatus

FILTERS = ("region", "country", "topic", "status", "year")


@dataclass
class Params:
    """The catalogue's query string, read leniently: a bad value is simply no filter."""

    region: str = ""
    country: str = ""
    topic: str = ""
    status: str = ""
    year: int | None = None
    q: str = ""

    @classmethod
    def from_query(cls, data: QueryDict) -> Params:
        def get(name: str) -> str:
            # PostgreSQL refuses NUL in any string: a value with one could only fail.
            return data.get(name, "").replace("\x00", "").strip()

        year = get("year")
        status = get("status")
        return cls(
            region=get("region")[:40],
            country=get("country").upper()[:2],
            topic=get("topic")[:10],
            status=status if status in ActionStatus.values else "",
            # isdecimal, not isdigit: "²" is a digit that int() refuses.
            year=int(year) if year.isdecimal() and 1900 < int(year) < 2200 else None,
            q=" ".join(get("q").split())[:100],
        )

    def active(self) -> bool:
        return any(getattr(self, name) for name in (*FILTERS, "q"))


def country_q(code: str) -> Q:
    """Actions whose country list holds `code` (stored as "KG,TJ,UZ")."""
    return (
        Q(countries=code)
        | Q(countries__startswith=f"{code},")
        | Q(countries__endswith=f",{code}")
        | Q(countries__contains=f",{code},")
    )


# What an Action's search vector holds (mieux_portal/search.py): its texts in each language's
# column, stemmed in that language, and its code.
SPEC = Spec(
    table="actions_app_action",
    translated=(
        ("title", "A"),
        ("summary", "B"),
        ("objective", "C"),
        ("specific_objectives", "C"),
        ("results", "D"),
    ),
    plain=(('NEW."code"', "A"),),
    watched=("code",),
)
SQLITE_FIELDS = ("title", "summary", "objective")


@functools.lru_cache(maxsize=16)
def _country_names(language: str) -> tuple[tuple[str, str], ...]:
    with translation.override(language):
        return tuple((country.code, fold(str(country.name)) or "") for country in all_countries)


@functools.lru_cache(maxsize=16)
def _countries_in_order(language: str) -> tuple[tuple[str, str], ...]:
    """Every country's (code, name) in the reader's order: named and sorted once per
    language, not on each catalogue page (django-countries names one in tens of µs)."""
    with translation.override(language):
        named = [(country.code, str(country.name)) for country in all_countries]
    return tuple(collation.sorted_by_name(named, key=lambda item: item[1], language=language))


def countries_named(text: str) -> set[str]:
    """The codes of the countries whose name holds `text` in an active language
    ("таджикистан" → TJ): an Action is found by its country's name as its reader writes it."""
    wanted = fold(text) or ""
    if len(wanted) < 3:
        return set()
    return {
        code
        for language in languages.active_codes()
        for code, name in _country_names(language)
        if wanted in name
    }


def search_q(text: str, query: SearchQuery | None = None) -> Q:
    """Every word in the Action's texts in any language (stemmed on PostgreSQL: `query`,
    `ts_query(text)`), in its code, or the name of one of its countries."""
    by_country = functools.reduce(
        operator.or_, (country_q(code) for code in sorted(countries_named(text))), Q(pk__in=[])
    )
    if is_postgresql():
        by_words = Q(search_vector=query) if query is not None else Q(pk__in=[])
        return by_words | Q(code__icontains=text) | by_country
    fields = ["code", *(name for field in SQLITE_FIELDS for name in languages.localized(field))]
    return contains_all(text, fields) | by_country


def plain(queryset: Any) -> QuerySet[Any]:
    """`queryset`'s query through a plain QuerySet, for values of columns no language
    changes (ids, codes, counts): modeltranslation's rebuilds each row of values through
    dictionaries for its language fallback, tens of µs a row (mieux_portal/exports.py)."""
    return QuerySet(model=queryset.model, query=queryset.query.chain())


def searched(base: ActionQuerySet, text: str) -> tuple[ActionQuerySet, list[int] | None]:
    """`base` narrowed to the Actions matching `text`, and their ids, the best match first
    (PostgreSQL ranks; else the latest start first); without a text, `base` and None.

    The one search of a catalogue page: the filters' counts and the page read these ids
    rather than each searching again (every word in every language's configuration)."""
    if not text:
        return base, None
    query = ts_query(text) if is_postgresql() else None
    matching: Any = base.filter(search_q(text, query))
    if query is not None:
        matching = ranked(matching, query).order_by("-search_rank", "-start_date", "code")
    else:
        matching = matching.order_by("-start_date", "code")
    ids = list(plain(matching).values_list("pk", flat=True))
    return base.filter(pk__in=ids), ids


def results(
    base: ActionQuerySet, params: Params, matched: list[int] | None, number: Any, per_page: int
) -> Page:
    """The page `number` of the Actions of `base` that `params`'s filters leave: in the
    order of `matched` when searching (`searched`), else the latest start first."""
    found = apply(base, params)
    if matched is None:
        listed = found.with_list_data().order_by("-start_date", "code")
        return Paginator(listed, per_page).get_page(number)
    if any(getattr(params, name) for name in FILTERS):
        kept = set(plain(found).values_list("pk", flat=True))
        matched = [pk for pk in matched if pk in kept]
    page: Page = Paginator(matched, per_page).get_page(number)
    rows = found.with_list_data().in_bulk(page.object_list)
    page.object_list = [rows[pk] for pk in page.object_list if pk in rows]
    return page


def apply(queryset: ActionQuerySet, params: Params, *, skip: str = "") -> ActionQuerySet:
    """The Actions of `queryset` that `params`'s filters leave (but `skip`); the search is
    `searched`'s, once for the page."""
    if params.region and skip != "region":
        queryset = queryset.filter(region__code=params.region)
    if params.country and skip != "country":
        queryset = queryset.filter(country_q(params.country))
    if params.topic and skip != "topic":
        queryset = queryset.filter(topics__code=params.topic)
    if params.status and skip != "status":
        queryset = queryset.filter(status=params.status)
    if params.year and skip != "year":
        queryset = queryset.filter(start_date__year=params.year)
    return queryset


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: Any
    options: list[Option] = field(default_factory=list)

    def choices(self) -> list[tuple[str, str]]:
        return [(o.value, f"{o.label} ({o.count})") for o in self.options]


def _options(counts: dict[str, int], labels: list[tuple[str, str]], selected: str) -> list[Option]:
    # Options with Actions behind them, and the selected one even when it has none.
    return [
        Option(value, label, counts.get(value, 0), value == selected)
        for value, label in labels
        if counts.get(value) or value == selected
    ]


def facets(base: ActionQuerySet, params: Params) -> list[Facet]:
    """The five filters with the count of each option (one query each, plus two lookups)."""
    regions = list(Region.objects.order_by("position", "code"))
    topics = list(Topic.objects.order_by("position", "code"))

    def grouped(skip: str, key: Any) -> dict[str, int]:
        rows = (
            plain(apply(base, params, skip=skip).order_by())
            .annotate(key=key)
            .values("key")
            .annotate(n=Count("pk", distinct=True))
        )
        return {str(row["key"]): row["n"] for row in rows if row["key"] is not None}

    from django.db.models import F

    region_counts = grouped("region", F("region__code"))
    topic_counts = grouped("topic", F("topics__code"))
    status_counts = grouped("status", F("status"))
    year_counts = grouped("year", ExtractYear("start_date"))
    country_counts: Counter[str] = Counter()
    countries = plain(apply(base, params, skip="country").order_by())
    for value in countries.values_list("countries", flat=True):
        country_counts.update(code for code in str(value or "").split(",") if code)
    wanted = {code for code in (*country_counts, params.country) if code}
    country_labels = [
        item for item in _countries_in_order(collation.current_language()) if item[0] in wanted
    ]
    if len(country_labels) < len(wanted):  # a code django-countries does not know
        country_labels = collation.sorted_by_name(
            ((code, str(all_countries.name(code))) for code in wanted), key=lambda item: item[1]
        )
    years = sorted({*year_counts, *([str(params.year)] if params.year else [])}, reverse=True)
    return [
        Facet(
            "region",
            _("Region"),
            _options(region_counts, [(r.code, str(r.name)) for r in regions], params.region),
        ),
        Facet(
            "country", _("Country"), _options(dict(country_counts), country_labels, params.country)
        ),
        Facet(
            "topic",
            _("Topic"),
            _options(topic_counts, [(t.code, str(t)) for t in topics], params.topic),
        ),
        Facet(
            "status",
            _("Status"),
            _options(status_counts, [(s.value, str(s.label)) for s in ActionStatus], params.status),
        ),
        Facet(
            "year",
            _("Year of start"),
            _options(year_counts, [(y, y) for y in years], str(params.year or "")),
        ),
    ]
