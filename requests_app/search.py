"""Searching requests: what a request's search vector holds, and the one search of requests
behind the admin queue and "My requests" (the method is `CapacityRequestQuerySet.search`).

The vector (mieux_portal/search.py) holds the narrative in each language's column, stemmed in
that language, and, unstemmed, the contact person and the requesting institution's names and
address (its city), and the reference ("MX-2026-0007", found by "0007" too): a change to
the institution rewrites the vectors of its requests. An e-mail address is matched as text.
The vectors are copied, with the columns the queue filters by (`COPIED`), to the queue's
narrow search copy (search_rows.py), where the queue counts and ranks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import FloatField, Q, Value

from mieux_portal import languages
from mieux_portal.search import (
    Copy,
    Dependency,
    Spec,
    contains_all,
    is_postgresql,
    matching,
    ranked,
    ts_query,
)

if TYPE_CHECKING:
    from .models import CapacityRequestQuerySet

INSTITUTION_TEXT = ("name", "english_name", "acronym", "address")
# The columns of a request its queue's search copy holds beside the vector (search_rows.py):
# those the queue's filters and its order read. A list filtering by another column is
# counted from the requests' table (`QueueChangeList`).
COPIED = (
    "status",
    "status_changed_at",
    "submitted_at",
    "region_id",
    "country",
    "request_type",
    "assignee_id",
    "institution_id",
)

SPEC = Spec(
    table="requests_app_capacityrequest",
    translated=(
        ("title", "A"),
        ("context", "B"),
        ("needs", "C"),
        ("objectives", "C"),
        ("expected_results", "D"),
        ("target_groups", "D"),
        ("proposed_activities", "D"),
        ("other_support", "D"),
    ),
    plain=(
        # "MX-2026-0007" as the words mx, 2026 and 0007 (the parser reads "-2026" as a
        # negative number): found whole or by its number, through the index.
        ("""replace(NEW."reference", '-', ' ')""", "A"),
        ('NEW."contact_name"', "B"),
        (
            "(SELECT concat_ws(' ', "  # noqa: S608 - the models' own columns
            + ", ".join(f'i."{name}"' for name in INSTITUTION_TEXT)
            + ') FROM "accounts_app_partnerinstitution" i WHERE i.id = NEW."institution_id")',
            "B",
        ),
    ),
    watched=("reference", "contact_name", "institution_id"),
    dependencies=(
        Dependency("accounts_app_partnerinstitution", INSTITUTION_TEXT, "institution_id"),
    ),
    copy=Copy("requests_app_searchrow", "request_id", COPIED),
)


def _with_address(found: Q, text: str) -> Q:
    """`found`, and for a text with an "@" the requests whose contact's e-mail address holds
    it: matched as text rather than as words (a scan of one short column, so only then; an
    empty alternative would cost as much to build as the search's own words)."""
    return found | Q(contact_email__icontains=text) if "@" in text else found


def search(queryset: CapacityRequestQuerySet, text: str) -> Any:
    """The requests of `queryset` matching `text`, annotated with `search_rank` (higher is
    better; 0 on SQLite, which does not rank)."""
    text = " ".join(text.replace("\x00", "").split())[:200]
    if not text:
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    if is_postgresql(queryset.db):
        query = ts_query(text, queryset.db)
        if query is None:
            return queryset.filter(_with_address(Q(pk__in=[]), text)).annotate(
                search_rank=Value(0.0, output_field=FloatField())
            )
        found = matching(query, SPEC.table, queryset.db)
        return ranked(queryset.filter(_with_address(found, text)), query)
    fields = [
        *(
            f"{name}_{code}"
            for name, _weight in SPEC.translated
            for code in languages.active_codes()
        ),
        "contact_name",
        *(f"institution__{name}" for name in INSTITUTION_TEXT),
    ]
    return queryset.filter(_with_address(contains_all(text, fields), text)).annotate(
        search_rank=Value(0.0, output_field=FloatField())
    )
