"""A search of a word in few of the requests (by PostgreSQL's statistics) is counted with
sequential scans off (mieux_portal.search.through_index): PostgreSQL would read the table
in order until the cap's matches are found. A word most requests hold is left to it."""

from __future__ import annotations

import time
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mieux_portal import search
from requests_app.search import SPEC
from tests import factories

CHANGELIST = "admin:requests_app_capacityrequest_changelist"
NUMBERS = count(1)


@pytest.fixture(autouse=True)
def requests(db, monkeypatch):
    assert connection.vendor == "postgresql"
    monkeypatch.setattr(search, "_statistics", {})
    for title in ("Visa", "Visa visa", "Border"):
        factories.CapacityRequestFactory(
            status="submitted",
            reference=f"MX-1993-{next(NUMBERS):04d}",
            submitted_at=timezone.now(),
            title_en=title,
        )


def declare(share: float) -> None:
    """PostgreSQL's statistics of the vectors, as the test declares them."""
    search._statistics["default", SPEC.table] = (time.monotonic() + 60, {"visa": share}, 0.001)


def queue(client) -> tuple[list[str], list[str]]:
    """The page's titles, and its statements from the count on."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST), {"q": "visa"})
    sql = [q["sql"] for q in queries.captured_queries]
    first = next(i for i, q in enumerate(sql) if "SELECT COUNT(*)" in q)
    return [r.title_en for r in response.context["cl"].result_list], sql[first - 1 : first + 2]


def test_it_counts_a_rare_word_through_the_index(client_for, staff):
    declare(0.05)
    titles, (before, count_sql, after) = queue(client_for(staff))

    assert before == "SET LOCAL enable_seqscan = off" and after == "RESET enable_seqscan"
    assert titles == ["Visa visa", "Visa"]


def test_it_leaves_a_common_word_to_postgresql(client_for, staff):
    declare(0.9)
    titles, (before, count_sql, after) = queue(client_for(staff))

    assert "enable_seqscan" not in before + after
    assert titles == ["Visa visa", "Visa"]  # the same rows, in the same order


def test_a_value_the_database_refuses_is_still_incorrect_parameters(client_for, staff):
    declare(0.05)
    client = client_for(staff)
    refused = client.get(reverse(CHANGELIST), {"q": "visa", "submitted_at__year": "99999"})
    listed = client.get(reverse(CHANGELIST), {"q": "visa", "submitted_at__year": "2026"})

    assert refused.status_code == 302 and refused.url.endswith("?e=1")
    assert listed.status_code == 200
