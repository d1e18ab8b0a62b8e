"""Every list of the admin and its exports, given hostile querystrings by Hypothesis: never a
server error.

Django's admin filters a list by any lookup of the model's fields a querystring names, so
the cases name the list's own filters, lookups of every field (`__year`, `__regex`, `__in`,
…), search, order and page, and made-up names; the values are the form fuzzing's hostile
text plus what breaks lookups (years past 9999, huge numbers, broken regular expressions,
NUL, 100,000 characters). A superuser sees every list, the libraries' too, in one world of
objects with a row in each (tests/access/world.py). An export's file is read to its end.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tests import factories
from tests.access.conftest import world  # noqa: F401  (the access matrix's world)
from tests.access.world import activate_totp

from .strategies import ANY_TEXT, text
from .test_forms_fuzz import EXAMPLES, FUZZ

# A third of the form fuzzing's cases per list: there are some twenty-five lists.
LIST_FUZZ = settings(FUZZ, max_examples=max(EXAMPLES // 3, 10))

# Values that pass the admin's own check and used to fail in the database or the driver.
LOOKUP_VALUES = (
    "99999",
    "800000",
    "99999999999999999999",
    "-1",
    "(",
    "[[:nope:]]",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31 23:59:59",
    "2026-13-01",
    "²",
    "1,2,(",
    "\x00",
    "a" * 201,
)
LOOKUPS = ("", "__exact", "__year", "__month", "__regex", "__iregex", "__gt", "__in", "__isnull")
SPECIAL = ("q", "o", "p", "e", "all", "_to_field", "_popup")
LISTS = sorted(f"{m._meta.app_label}/{m._meta.model_name}" for m in admin.site._registry)
EXPORTS = ("requests_app/capacityrequest", "actions_app/action")


@pytest.fixture
def root(world, db):  # noqa: F811  (the fixture imported above)
    user = factories.UserFactory(email="fuzz.root@mieux.local", is_staff=True, is_superuser=True)
    activate_totp(user)
    return user


def fetch(tally, form: str, user, url: str, params: dict[str, Any]) -> int:
    """One GET in a rolled-back savepoint; a streamed file is read to its end."""
    cache.clear()
    status: int | None = None
    try:
        with transaction.atomic():
            client = Client()
            client.force_login(user)
            response = client.get(url, params)
            if response.streaming:
                b"".join(response.streaming_content)
            status = response.status_code
            transaction.set_rollback(True)
    finally:
        tally.record(form, status)
    assert status < 500, f"{form}: {status} for {params!r:.300}"
    return status


def names_of(user, url: str) -> list[str]:
    """The list's filter parameters and a lookup of each of its model's fields."""
    cl = Client()
    cl.force_login(user)
    changelist = cl.get(url).context["cl"]
    names = [name for spec in changelist.filter_specs for name in spec.expected_parameters()]
    for field in changelist.model._meta.concrete_fields:
        names += [f"{field.attname}{lookup}" for lookup in LOOKUPS]
    return [*names, *SPECIAL]


def querystrings(names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    value = st.one_of(st.sampled_from(LOOKUP_VALUES), text)
    return st.dictionaries(
        st.one_of(st.sampled_from(names), ANY_TEXT.filter(bool)),
        st.one_of(value, st.lists(value, min_size=2, max_size=3)),
        min_size=1,
        max_size=3,
    )


@pytest.mark.parametrize("model", LISTS)
def test_it_survives_hostile_list_querystrings(tally, root, model):
    url = f"/en/admin/{model}/"

    @LIST_FUZZ
    @given(params=querystrings(names_of(root, url)))
    @example(params={"waiting": "800000"})
    @example(params={"submitted_at__year": "99999"})
    @example(params={"id__regex": "("})
    @example(params={"q": "a\x00b"})
    def case(params):
        fetch(tally, "admin list", root, url, params)

    case()


@pytest.mark.parametrize("model", EXPORTS)
def test_it_survives_hostile_export_querystrings(tally, root, model):
    names = [*names_of(root, f"/en/admin/{model}/"), "language"]

    @FUZZ
    @given(params=querystrings(names))
    @example(params={"waiting": "800000", "language": "en"})
    @example(params={"submitted_at__year": "99999"})
    @example(params={"id__regex": "("})
    def case(params):
        fetch(tally, "admin export", root, f"/en/admin/{model}/export/", params)

    case()
