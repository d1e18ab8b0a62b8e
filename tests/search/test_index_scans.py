"""`search.index_scans` turns sequential scans off for the queries inside it only: however
they end, the connection (kept between pages, CONN_MAX_AGE) has them on again after.
Outside a transaction each query goes with the setting in one message, one round trip."""

from __future__ import annotations

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from mieux_portal import search


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
