"""`search.index_scans` turns sequential scans off for the queries inside it only: however
they end, the connection (kept between pages, CONN_MAX_AGE) has them on again after.
Outside a transaction each query goes with the setting in one message, one round trip."""

from __future__ import annotations

import time

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mieux_portal import search
from requests_app.search import SPEC
from tests import factories


def sequential_scans() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_seqscan")
        return cursor.fetchone()[0]


def fail_inside() -> None:
    with pytest.raises(DataError), search.index_scans(), connection.cursor() as cursor:
        assert sequential_scans() == "off"
        cursor.execute("SELECT 1 / 0")


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_they_are_off_inside_and_on_after():
    with search.index_scans():
        assert sequential_scans() == "off"
    assert sequential_scans() == "on"


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_each_query_goes_with_the_setting_in_one_message():
    with CaptureQueriesContext(connection) as queries, search.index_scans():
        assert sequential_scans() == "off"
        assert sequential_scans() == "off"

    statement = "SET LOCAL enable_seqscan = off; SHOW enable_seqscan"
    assert [q["sql"] for q in queries.captured_queries] == [statement, statement]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_a_failed_query_leaves_them_on():
    fail_inside()
    assert sequential_scans() == "on"


@pytest.mark.django_db
def test_inside_a_transaction_they_are_on_after_and_the_transaction_goes_on():
    with transaction.atomic():
        with search.index_scans():
            assert sequential_scans() == "off"
        assert sequential_scans() == "on"
        fail_inside()
        assert sequential_scans() == "on"  # the transaction is still usable


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_queues_count_is_one_round_trip(
    reference_data, client_for, staff, monkeypatch
):
    for number, title in enumerate(("Visa", "Visa visa", "Border"), start=1):
        factories.CapacityRequestFactory(
            status="submitted",
            reference=f"MX-1992-{number:04d}",
            submitted_at=timezone.now(),
            title_en=title,
        )
    rare = (time.monotonic() + 60, {"visa": 0.05}, 0.001)  # PostgreSQL's statistics
    monkeypatch.setattr(search, "_statistics", {("default", SPEC.table): rare})
    with CaptureQueriesContext(connection) as queries:
        response = client_for(staff).get(
            reverse("admin:requests_app_capacityrequest_changelist"), {"q": "visa"}
        )

    sql = [q["sql"] for q in queries.captured_queries]
    [count] = [q for q in sql if "COUNT(*)" in q]
    assert count.startswith("SET LOCAL enable_seqscan = off; SELECT COUNT(*)")
    assert not {"SET LOCAL enable_seqscan = off", "RESET enable_seqscan"} & set(sql)
    around = sql[sql.index(count) - 1], sql[sql.index(count) + 1]
    assert "BEGIN" not in around and "COMMIT" not in around  # no transaction of its own
    assert [r.title_en for r in response.context["cl"].result_list] == ["Visa visa", "Visa"]
