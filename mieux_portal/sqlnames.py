"""Quoted names of the models' tables and columns, for the few statements written in plain
SQL where building the ORM's query costs more than running it (requests_app.completeness,
requests_app.services.next_reference)."""

from __future__ import annotations

from django.db import connection
from django.db.models import Field, Model


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str) -> str:
    """The column of the model's concrete field `name`."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column, name
    return connection.ops.quote_name(field.column)
