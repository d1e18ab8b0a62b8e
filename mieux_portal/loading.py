"""Models read with some of their columns (`only()`, `defer()`) built without a search per
field.

Django's `Model.from_db` places a row's values among the model's fields by asking, for each
of the model's fields, whether its name is in the list of the columns read: for a request
(71 fields, the queue reads 15) that is a thousand string comparisons per row, on each of
the queue's 50 rows and their institutions and assignees.
`DeferredLoading` answers the same from a map of the model's fields kept once per model and
set of columns, and hands Django's `from_db` the full row it then builds as it is (Django
documents overriding `from_db`, "Customizing model loading").

`by_ids` reads a page of rows whose ids are known already (a search's count brought them)
in one plain statement made once, and builds them through the same `from_db`: the ORM's
query of those rows cost more to build and compile than to run.
"""

from __future__ import annotations

import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import connections
from django.db.models import DEFERRED, ForeignKey, Model

from mieux_portal import sqlnames

if TYPE_CHECKING:
    from typing import Self

    _Base = Model
else:
    _Base = object

ModelT = TypeVar("ModelT", bound=Model)


@functools.lru_cache(maxsize=1024)
def read_fields(model: type[Model], field_names: tuple[str, ...]) -> tuple[bool, ...]:
    """For each of `model`'s concrete fields, in order, whether its column was read."""
    names = frozenset(field_names)
    return tuple(field.attname in names for field in model._meta.concrete_fields)


class DeferredLoading(_Base):
    """For a model: its rows read with some columns deferred are placed field by field from
    `read_fields`, not by a search of the column list per field (`Model.from_db`)."""

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any], **kwargs: Any
    ) -> Self:
        if len(values) != len(cls._meta.concrete_fields):
            # Every field's value, DEFERRED for those not read: Django's `from_db` takes a
            # full row as it is.
            given = iter(values)
            values = [
                next(given) if read else DEFERRED for read in read_fields(cls, tuple(field_names))
            ]
        return super().from_db(db, field_names, values, **kwargs)


@dataclass(frozen=True)
class _Part:
    """The columns of one model in a row of `by_ids`' statement: the model, its fields'
    attnames in the model's order (what `from_db` takes), and the relation of the read model
    it is reached by (None: the read model itself)."""

    model: type[Model]
    names: tuple[str, ...]
    relation: str | None


@functools.lru_cache(maxsize=64)
def _statement(model: type[Model], fields: tuple[str, ...]) -> tuple[str, tuple[_Part, ...]]:
    """`by_ids`' statement for `model` and `fields`, and its row's parts."""
    own = {model._meta.pk.name, *(name for name in fields if "__" not in name)}
    related: dict[str, set[str]] = {}
    for name in fields:
        if "__" in name:
            relation, remote = name.split("__", 1)
            related.setdefault(relation, set()).add(remote)
    own |= set(related)
    parts = [_Part(model, _ordered(model, own), None)]
    for relation, names in related.items():
        field = model._meta.get_field(relation)
        assert isinstance(field, ForeignKey), relation
        remote_model = field.related_model
        assert isinstance(remote_model, type), relation
        parts.append(_Part(remote_model, _ordered(remote_model, {"pk", *names}), relation))
    columns, joins = [], []
    for index, part in enumerate(parts):
        alias = "r" if part.relation is None else f"j{index}"
        columns += [f"{alias}.{sqlnames.column(part.model, name)}" for name in part.names]
        if part.relation is not None:
            key = sqlnames.column(part.model, part.model._meta.pk.name)
            joins.append(
                f"LEFT JOIN {sqlnames.table(part.model)} {alias} "
                f"ON {alias}.{key} = r.{sqlnames.column(model, part.relation)}"
            )
    pk = sqlnames.column(model, model._meta.pk.name)
    sql = (
        f"SELECT {', '.join(columns)} FROM {sqlnames.table(model)} r {' '.join(joins)} "  # noqa: S608 - the models' own names
        f"WHERE r.{pk} = ANY(%s)"
    )
    return sql, tuple(parts)


def _ordered(model: type[Model], names: set[str]) -> tuple[str, ...]:
    """The attnames of `model`'s concrete fields among `names` (field names, or "pk"), in
    the model's order of fields."""
    wanted = {model._meta.pk.name if name == "pk" else name for name in names}
    return tuple(field.attname for field in model._meta.concrete_fields if field.name in wanted)


def by_ids(
    model: type[ModelT], fields: tuple[str, ...], ids: Sequence[Any], using: str = "default"
) -> list[ModelT]:
    """The instances of `model` with these `ids`, in their order, each read with `fields`
    (its own fields' names, and `relation__field` for a field of a row a foreign key points
    at, that row set on the instance) and its other columns deferred: what
    `model.objects.only(*fields).select_related(relations).filter(pk__in=ids)` would read,
    in one plain statement made once per model and fields (PostgreSQL: `= ANY` an array).

    For a page whose rows were chosen already (their ids in hand): the ORM's query of them
    costs more to build and compile than to run."""
    if not ids:
        return []
    sql, parts = _statement(model, fields)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [list(ids)])
        rows = cursor.fetchall()
    found: dict[Any, ModelT] = {}
    for row in rows:
        start = len(parts[0].names)
        instance = model.from_db(using, parts[0].names, row[:start])
        for part in parts[1:]:
            end = start + len(part.names)
            values = row[start:end]
            # The relation's descriptor keeps the row (its key is the instance's own).
            remote = None if values[0] is None else part.model.from_db(using, part.names, values)
            setattr(instance, part.relation or "", remote)
            start = end
        found[instance.pk] = instance
    return [found[pk] for pk in ids if pk in found]
