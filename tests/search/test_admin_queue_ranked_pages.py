"""A search of the queue ranks its matches (up to the count's cap) in the count's scan, and
each page reads its rows by their ids (CappedPaginator.ordered): the same rows, in the same
order, as the list ranking every match for each page."""

from __future__ import annotations

from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.admin import CapacityRequestAdmin
from requests_app.models import CapacityRequest
from tests import factories

CHANGELIST = "admin:requests_app_capacityrequest_changelist"
NUMBERS = count(1)
# Titles that hold "visa" from least to most often, oldest first: the queue's order is not
# the rank's. "Data" is no match.
TITLES = ("Data", "Visa centre", "Visa", "Visa", "Visa visa", "Visa visa visa")


@pytest.fixture(autouse=True)
def two_a_page(db, monkeypatch):
    assert connection.vendor == "postgresql"
    monkeypatch.setattr(CapacityRequestAdmin, "list_per_page", 2)
    for title in TITLES:
        factories.CapacityRequestFactory(
            status="submitted",
            reference=f"MX-1995-{next(NUMBERS):04d}",
            submitted_at=timezone.now(),
            title_en=title,
            context_en="Data on arrivals." if title == "Data" else "",
        )


def expected(text: str, **filters) -> list[int]:
    """The list's order ranking every match (the order of the list before the count kept ids)."""
    found = CapacityRequest.objects.exclude(status="draft").filter(**filters).search(text)
    ordered = found.order_by("-search_rank", "status_changed_at", "pk")
    return list(ordered.values_list("pk", flat=True))


def page(client, params: dict) -> list[int]:
    response = client.get(reverse(CHANGELIST), params)
    return [row.pk for row in response.context["cl"].result_list]


def test_it_pages_the_matches_in_rank_order(client_for, staff):
    client = client_for(staff)
    pages = [page(client, {"q": "visa", "p": n}) for n in (1, 2, 3)]

    ranked = expected("visa")
    assert pages == [ranked[0:2], ranked[2:4], ranked[4:6]]
    assert len(ranked) == 5 and ranked != sorted(ranked)  # the rank, not the queue's order


def test_it_reads_a_page_by_its_ids_after_one_ranking(client_for, staff):
    with CaptureQueriesContext(connection) as queries:
        page(client_for(staff), {"q": "visa", "p": 2})

    sql = [q["sql"] for q in queries.captured_queries]
    [ranking] = [q for q in sql if "ts_rank" in q]
    [rows] = [q for q in sql if 'FROM "requests_app_capacityrequest" r ' in q]
    assert "COUNT(*)" in ranking
    assert 'r."id" = ANY(' in rows and "@@" not in rows  # the rows by their keys alone


def test_it_shows_all_matches_in_rank_order(client_for, staff):
    assert page(client_for(staff), {"q": "visa", "all": ""}) == expected("visa")


def test_it_ranks_within_a_filter(client_for, staff):
    CapacityRequest.objects.filter(title_en="Visa visa").update(status="screening")
    CapacityRequest.objects.filter(title_en="Visa").update(status="screening")
    client = client_for(staff)
    rows = page(client, {"q": "visa", "status": "screening"})
    rest = page(client, {"q": "visa", "status": "screening", "p": 2})

    assert rows + rest == expected("visa", status="screening")
    assert len(rows + rest) == 3


def test_it_pages_a_chosen_column_without_the_rank(client_for, staff):
    client = client_for(staff)
    # Ordered by reference (the column after the checkbox), newest first: not the rank.
    rows = page(client, {"q": "visa", "o": "-1"}) + page(client, {"q": "visa", "o": "-1", "p": 2})

    ranked = expected("visa")[:4]
    by_reference = sorted(expected("visa"), reverse=True)[:4]
    assert rows == by_reference and rows != ranked
