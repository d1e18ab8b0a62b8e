"""A page of rows read by their ids (mieux_portal.loading.by_ids) holds the instances the
ORM's query reads: the same values, the same deferred fields, the rows they point at, in
the order of the ids given, in one statement."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mieux_portal.loading import by_ids
from requests_app.admin.queue import ROW_FIELDS
from requests_app.models import CapacityRequest
from tests import factories


def state(instance) -> dict:
    """An instance's values and cached rows, as a user of it would see them."""
    values = {k: v for k, v in instance.__dict__.items() if k != "_state"}
    rows = instance._state.fields_cache.items()
    cached = {name: state(row) if row else row for name, row in rows}
    return {**values, "cached": cached, "deferred": instance.get_deferred_fields()}


def orms(ids: list[int]) -> dict[int, CapacityRequest]:
    rows = CapacityRequest.objects.select_related("institution", "assignee").only(*ROW_FIELDS)
    return {row.pk: row for row in rows.filter(pk__in=ids)}


def test_it_reads_the_rows_the_orm_reads_in_the_order_given(partner_a, staff):
    assigned = factories.submitted_request(partner_a, assignee=staff)
    unassigned = factories.submitted_request(partner_a)
    ids = [unassigned.pk, assigned.pk]

    with CaptureQueriesContext(connection) as queries:
        rows = by_ids(CapacityRequest, ROW_FIELDS, ids)
        assert [str(row.assignee) for row in rows] == ["None", str(staff)]  # no query
        assert [str(row.institution) for row in rows] == [str(partner_a.institution)] * 2

    assert len(queries) == 1
    assert [row.pk for row in rows] == ids
    expected = orms(ids)
    assert [state(row) for row in rows] == [state(expected[pk]) for pk in ids]


def test_a_deferred_column_still_loads_when_read(partner_a):
    request = factories.submitted_request(partner_a, contact_name="Nodira Usmonova")

    [row] = by_ids(CapacityRequest, ROW_FIELDS, [request.pk])

    assert "contact_name" in row.get_deferred_fields()
    assert row.contact_name == "Nodira Usmonova"


def test_it_leaves_out_ids_without_a_row_and_reads_nothing_for_none(partner_a):
    request = factories.submitted_request(partner_a)

    assert [row.pk for row in by_ids(CapacityRequest, ROW_FIELDS, [0, request.pk])] == [request.pk]
    with CaptureQueriesContext(connection) as queries:
        assert by_ids(CapacityRequest, ROW_FIELDS, []) == []
    assert len(queries) == 0
