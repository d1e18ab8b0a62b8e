"""The search's tsquery written out once (mieux_portal.search.ts_query): each alternative of
a word once, finding and ranking what the configurations' functions found and ranked."""

from __future__ import annotations

import functools
import operator

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F

from mieux_portal import search
from requests_app.models import CapacityRequest
from tests import factories


@pytest.fixture(autouse=True)
def on_postgresql(db):
    assert connection.vendor == "postgresql"


def as_functions(text: str) -> SearchQuery:
    """The same query through each configuration's function, as PostgreSQL makes it."""
    groups = []
    for word in search.meaningful([search.fold(w) or "" for w in search.words(text)]):
        unstemmed = f"{word}:*" if len(word) >= search.PREFIX_MIN_LENGTH else word
        alternatives = [SearchQuery(word, config=config) for config in search.configs()]
        raw = SearchQuery(unstemmed, config="simple", search_type="raw")
        groups.append(functools.reduce(operator.or_, alternatives, raw))
    return functools.reduce(operator.and_, groups)


def ranks(query: SearchQuery) -> list[tuple[int, float]]:
    rows = CapacityRequest.objects.filter(search_vector=query)
    rows = rows.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "pk")
    return list(rows.values_list("pk", "rank"))


def test_it_writes_each_alternative_of_a_word_once():
    query = search.ts_query("Reintegration 0042")

    assert query.source_expressions[0].value == (
        "( 'reintegration':* | 'reintegr' | 'reintegration' ) & ( '0042':* | '0042' )"
    )


@pytest.mark.parametrize("number", ["7", "0042", "2026", "004711"])
def test_a_number_is_written_as_the_configurations_make_it(number):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsquery('simple', %s)::text, "
            "array(SELECT plainto_tsquery(c::regconfig, %s)::text FROM unnest(%s::text[]) c)",
            [f"{number}:*" if len(number) >= 4 else number, number, search.configs()],
        )
        unstemmed, stems = cursor.fetchone()

    written = search.alternatives([number])[number].split(" | ")

    assert written == list(dict.fromkeys([unstemmed, *stems]))


def test_it_leaves_out_stop_words_as_before():
    assert search.ts_query("the and") is None
    assert search.ts_query("de la migración").source_expressions[0].value.count("&") == 0


@pytest.mark.parametrize(
    "text", ["migration statistics", "мигрантов", "migration 2026", "labour-migration", "Karimova"]
)
def test_it_finds_and_ranks_what_the_functions_found_and_ranked(text):
    factories.CapacityRequestFactory(title_en="Labour migration statistics", context_en="Bishkek")
    factories.CapacityRequestFactory(
        title_en="Statistics", context_en="Labour migration, migration data 2026"
    )
    factories.CapacityRequestFactory(title_ru="Статистика мигрантов", contact_name="Karimova")
    factories.CapacityRequestFactory(title_en="Border management")

    expected = ranks(as_functions(text))

    assert expected and ranks(search.ts_query(text)) == expected
