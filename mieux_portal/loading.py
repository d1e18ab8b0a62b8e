"""Models read with some of their columns (`only()`, `defer()`) built without a search per
field.

Django's `Model.from_db` places a row's values among the model's fields by asking, for each
of the model's fields, whether its name is in the list of the columns read: for a request
(71 fields, the queue reads 15) that is a thousand string comparisons per row, on each of
the queue's 50 rows and their institutions and assignees.
`DeferredLoading` answers the same from a map of the model's fields kept once per model and
set of columns, and hands Django's `from_db` the full row it then builds as it is (Django
documents overriding `from_db`, "Customizing model loading").
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from django.db.models import DEFERRED, Model

if TYPE_CHECKING:
    from typing import Self

    _Base = Model
else:
    _Base = object


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
