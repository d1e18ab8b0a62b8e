"""A search of a rare word beside common ones asks the index for the rare word only and checks
the whole query on the rows it finds (mieux_portal.search.matching): the same rows and ranks
as the whole query through the index, which reads every row id of a common word's prefix."""

from __future__ import annotations

import time
from itertools import count

import pytest
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mieux_portal import search
from requests_app.models import CapacityRequest
from requests_app.search import SPEC
from tests import factories

NUMBERS = count(1)


@pytest.fixture(autouse=True)
def on_postgresql(db):
    assert connection.vendor == "postgresql"


@pytest.fixture
def statistics(monkeypatch):
    """PostgreSQL's statistics of the requests' vectors, as these tests declare them."""
    monkeypatch.setattr(search, "_statistics", {})

    def declare(frequencies: dict[str, float], floor: float | None = 0.001) -> None:
        key = ("default", SPEC.table)
        search._statistics[key] = (time.monotonic() + 60, frequencies, floor)

    return declare


def submitted(**kwargs) -> CapacityRequest:
    return factories.CapacityRequestFactory(
        status="submitted",
        reference=f"MX-1996-{next(NUMBERS):04d}",
        submitted_at=timezone.now(),
        **kwargs,
    )


def ranked(text: str) -> tuple[list[tuple[int, float]], str]:
    """The matches of `text` with their ranks, and the SQL that found them."""
    with CaptureQueriesContext(connection) as queries:
        rows = list(
            CapacityRequest.objects.search(text)
            .order_by("-search_rank", "pk")
            .values_list("pk", "search_rank")
        )
    return rows, queries.captured_queries[-1]["sql"]


def whole(text: str) -> list[tuple[int, float]]:
    """The same search, the whole query through the index."""
    query = search.ts_query(text)
    rows = CapacityRequest.objects.filter(search_vector=query)
    rows = rows.annotate(rank=SearchRank(F("search_vector"), query)).order_by("-rank", "pk")
    return list(rows.values_list("pk", "rank"))


def seed() -> None:
    submitted(contact_name="Contact person 4711", title_en="Visa data 4711")
    submitted(contact_name="Contact person 4712", title_en="Visa data")
    submitted(contact_name="Person 4711", title_en="Border")  # no "contact"
    submitted(contact_name="Contact person 47", title_en="Contact desk")


def test_it_asks_the_index_for_the_rare_word_beside_common_ones(statistics):
    statistics({"contact": 0.9, "person": 0.9})
    seed()

    rows, sql = ranked("contact person 4711")

    assert "ts_match_vq" in sql  # the whole query checked on the rows the rare word finds
    assert rows == whole("contact person 4711") and len(rows) == 1


def test_it_asks_the_index_for_the_whole_query_when_every_word_is_common(statistics):
    statistics({"contact": 0.9, "person": 0.9, "visa": 0.5})
    seed()

    rows, sql = ranked("contact person visa")

    assert "ts_match_vq" not in sql
    assert rows == whole("contact person visa") and len(rows) == 2


def test_it_asks_the_index_for_the_whole_query_beside_no_common_word(statistics):
    statistics({"contact": 0.03, "person": 0.03})  # few ids to read for their prefixes
    seed()

    rows, sql = ranked("contact person 4711")

    assert "ts_match_vq" not in sql
    assert rows == whole("contact person 4711") and len(rows) == 1


def test_it_asks_the_index_for_the_whole_query_without_statistics(statistics):
    statistics({}, floor=None)  # a table never analysed
    seed()

    rows, sql = ranked("contact person 4711")

    assert "ts_match_vq" not in sql
    assert rows == whole("contact person 4711") and len(rows) == 1


def test_a_common_word_s_prefix_counts_every_lexeme_it_starts(statistics):
    statistics({"contact": 0.004, "contacts": 0.004, "contactless": 0.004, "person": 0.9})

    frequencies, floor = search.lexeme_frequencies(SPEC.table)

    assert search.share("'contact':* | 'contact'", frequencies, floor) == pytest.approx(0.017)
    assert search.share("'4711':* | '4711'", frequencies, floor) == pytest.approx(0.002)


def test_it_finds_and_ranks_as_the_whole_query_in_the_admin_queue(statistics, client_for, staff):
    statistics({"contact": 0.9, "person": 0.9, "visa": 0.5, "data": 0.5})
    seed()
    response = client_for(staff).get(
        reverse("admin:requests_app_capacityrequest_changelist"), {"q": "visa 4711 data"}
    )

    assert [r.pk for r in response.context["cl"].result_list] == [
        pk for pk, _rank in whole("visa 4711 data")
    ]


def test_it_reads_the_statistics_of_an_analysed_table(statistics):
    for n in range(30):
        submitted(contact_name=f"Contact person {n}")
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{SPEC.table}"')

    frequencies, floor = search.lexeme_frequencies(SPEC.table)

    assert frequencies["contact"] > 0.9 and floor is not None and floor <= 1.0
