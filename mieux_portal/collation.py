"""Lists in the reader's alphabetical order: the one place names are sorted for people.

Code-point order puts "Тайвань" before "Таджикистан" and every lower-case or accented name
after the others; the reader's language decides instead, through ICU's collation (PyICU):
Russian readers get Таджикистан, Тайвань, Танзания; French readers "Émirats" among the É's.
`sort_key(text)` is the key for the active language; `sorted_by_name` sorts anything by a
name in Python; `ordered("name")` is the same order in the database, for lists it pages
(PostgreSQL's ICU collations "ru-x-icu"…, the same ICU collators registered on each SQLite
connection). Countries: django-countries sorts its lists (form selects, admin filters) with
its own module-level key, pointed here once at start-up (`use_for_countries`).

Reference data with a `position` (topics, regions, kinds) keeps the programme's order, the
same in every language; the reader's alphabet orders names only.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import icu
from django.conf import settings
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import F, OrderBy
from django.db.models.functions import Collate
from django.utils import translation

from mieux_portal import languages

T = TypeVar("T")

_local = threading.local()


def _collator(language: str) -> Any:
    # An ICU collator is not to be shared between threads: one per thread and language.
    collators: dict[str, Any] = _local.__dict__.setdefault("collators", {})
    if language not in collators:
        collators[language] = icu.Collator.createInstance(icu.Locale(language))
    return collators[language]


def current_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def sort_key(text: Any, language: str | None = None) -> bytes:
    """The key that orders `text` as a reader of `language` (default: the active one) expects."""
    return bytes(_collator(language or current_language()).getSortKey(str(text)))


def sorted_by_name(
    items: Iterable[T], key: Callable[[T], Any] = str, *, language: str | None = None
) -> list[T]:
    """`items` in the reader's alphabetical order of `key(item)` (default: its text)."""
    language = language or current_language()
    return sorted(items, key=lambda item: sort_key(key(item), language))


def ordered(field: str, *, language: str | None = None, using: str = "default") -> OrderBy:
    """An `order_by()` term: `field` in the reader's alphabetical order, in the database."""
    language = language or current_language()
    # PostgreSQL creates its ICU collations ("ru-x-icu") at initdb; SQLite gets ours.
    postgresql = connections[using].vendor == "postgresql"
    name = f"{language}-x-icu" if postgresql else f"mieux_{language}"
    return Collate(F(field), name).asc()


def _add_sqlite_collations(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "sqlite":
        return
    for language in languages.SUPPORTED:
        compare = _collator(language.code).compare
        connection.connection.create_collation(f"mieux_{language.code}", compare)


connection_created.connect(_add_sqlite_collations, dispatch_uid="mieux_portal.collation")


@functools.cache
def use_for_countries() -> None:
    """Point django-countries' sorting (every country select and filter) at `sort_key`.

    django-countries sorts by a module-level `sort_key((code, name))` (pyuca's language-blind
    order if installed, else ASCII letters only, which leaves Cyrillic names unsorted); its
    lists are cached per language, so the active language's key is the right one."""
    import django_countries

    django_countries.sort_key = lambda item: sort_key(item[1])  # type: ignore[attr-defined]
