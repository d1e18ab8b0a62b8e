"""Rows read with some columns deferred (mieux_portal.loading.DeferredLoading) are the
instances Django's own `Model.from_db` builds: the same values, the same deferred fields,
which still load when read."""

from __future__ import annotations

from django.db import models

from requests_app.models import CapacityRequest
from tests import factories

QUEUE_COLUMNS = ("reference", "title", "status", "institution__name", "assignee__email")


def djangos(instance: models.Model) -> models.Model:
    """The same row placed by Django's `Model.from_db`."""
    model = type(instance)
    names = [f.attname for f in model._meta.concrete_fields if f.attname in instance.__dict__]
    values = [instance.__dict__[name] for name in names]
    return models.Model.from_db.__func__(model, "default", names, values)


def fields(instance: models.Model) -> dict:
    return {k: v for k, v in instance.__dict__.items() if k != "_state"}


def test_it_builds_a_deferred_row_as_django_does(partner_a, staff):
    factories.submitted_request(partner_a, assignee=staff)

    row = (
        CapacityRequest.objects.select_related("institution", "assignee").only(*QUEUE_COLUMNS).get()
    )

    for instance in (row, row.institution, row.assignee):
        twin = djangos(instance)
        assert fields(instance) == fields(twin)
        assert instance.get_deferred_fields() == twin.get_deferred_fields() != set()
        assert instance._state.db == "default" and not instance._state.adding


def test_its_deferred_fields_still_load_when_read(partner_a):
    made = factories.submitted_request(partner_a, contact_name="Dilnoza Karimova")

    row = CapacityRequest.objects.only("reference").get()

    assert "contact_name" in row.get_deferred_fields()
    assert row.contact_name == "Dilnoza Karimova" and row.reference == made.reference


def test_a_whole_row_is_read_as_it_comes(partner_a):
    factories.submitted_request(partner_a)

    row = CapacityRequest.objects.get()

    assert row.get_deferred_fields() == set() and row.title
