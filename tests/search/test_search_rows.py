"""The queue's search copy (requests_app/search_rows.py) follows every request as it is
inserted, changed and deleted, and its institution renamed; the queue counts and ranks in
it when its filters allow, finding the same rows in the same order as the requests' table."""

from __future__ import annotations

from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mieux_portal.admin_lists import CappedPaginator
from requests_app.models import CapacityRequest, SearchRow
from requests_app.search import COPIED, SPEC
from tests import factories

CHANGELIST = "admin:requests_app_capacityrequest_changelist"
NUMBERS = count(1)


@pytest.fixture(autouse=True)
def on_postgresql(db):
    assert connection.vendor == "postgresql"


def submitted(status: str = "submitted", **kwargs) -> CapacityRequest:
    return factories.CapacityRequestFactory(
        status=status,
        reference=f"MX-1994-{next(NUMBERS):04d}",
        submitted_at=timezone.now(),
        **kwargs,
    )


def copied(request: CapacityRequest) -> dict | None:
    """The copy's row of `request`, and the request's own columns, as the copy names them."""
    row = SearchRow.objects.filter(pk=request.pk).values(*COPIED, "search_vector").first()
    own = CapacityRequest.objects.filter(pk=request.pk).values(*COPIED, "search_vector").first()
    assert row == own
    return row


def test_it_copies_a_new_request():
    request = submitted(title_en="Visa policy")

    row = copied(request)
    assert row is not None and "visa" in row["search_vector"]


def test_it_follows_a_change_of_status_and_of_text():
    request = submitted(title_en="Visa policy")
    request.status, request.title_en = "screening", "Border management"
    request.save()

    row = copied(request)
    assert row["status"] == "screening" and "border" in row["search_vector"]
    assert "visa" not in row["search_vector"]


def test_it_deletes_the_row_with_the_request():
    kept, deleted = submitted(title_en="Visa"), submitted(title_en="Visa")
    deleted.delete()

    assert list(SearchRow.objects.values_list("pk", flat=True)) == [kept.pk]


def test_it_follows_a_renamed_institution():
    request = submitted(title_en="Visa")
    request.institution.name = "Ministry of Zanzibarian Affairs"
    request.institution.save()

    assert "zanzibarian" in copied(request)["search_vector"]
    assert list(SearchRow.objects.search("zanzibarian").values_list("pk", flat=True)) == [
        request.pk
    ]


def queue(client, params: dict) -> tuple[list[int], str]:
    """The ids of the queue's page, and the SQL of its count."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST), params)
    counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    return [row.pk for row in response.context["cl"].result_list], counts[0]


def test_it_counts_a_filtered_search_in_the_copy_with_the_same_rows(client_for, staff):
    for title in ("Visa", "Visa visa", "Data", "Visa visa visa"):
        submitted(title_en=title)
    screening = submitted(title_en="Visa", status="screening")
    client = client_for(staff)

    ids, count_sql = queue(client, {"q": "visa"})
    only, only_sql = queue(client, {"q": "visa", "status": "screening"})

    assert '"requests_app_searchrow"' in count_sql and '"requests_app_searchrow"' in only_sql
    expected = CapacityRequest.objects.exclude(status="draft").search("visa")
    ranked = expected.order_by("-search_rank", "status_changed_at", "pk")
    assert ids == list(ranked.values_list("pk", flat=True)) and len(ids) == 4  # not "Data"
    assert only == [screening.pk]


def test_a_filter_the_copy_lacks_counts_in_the_requests(client_for, staff):
    kept = submitted(title_en="Visa")
    submitted(title_en="Visa", contact_name="Somebody Else")

    ids, count_sql = queue(client_for(staff), {"q": "visa", "contact_name": kept.contact_name})

    assert ids == [kept.pk]
    assert '"requests_app_searchrow"' not in count_sql


def test_past_the_cap_the_copy_gives_the_queue_order(client_for, staff, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    first, second, third = (submitted(title_en=t) for t in ("Visa", "Visa visa", "Visa"))

    ids, count_sql = queue(client_for(staff), {"q": "visa"})

    assert ids == [first.pk, second.pk, third.pk]  # waiting longest first, not ranked
    assert '"requests_app_searchrow"' in count_sql


def statistics_of_the_copy() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = %s", [SearchRow._meta.db_table]
        )
        return cursor.fetchone()[0]


def test_a_copy_written_anew_has_its_statistics():
    submitted(title_en="Visa policy")
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM pg_statistic WHERE starelid = %s::regclass", [SearchRow._meta.db_table]
        )
    before = statistics_of_the_copy()

    for statement in SPEC.fill_sql():
        with connection.cursor() as cursor:
            cursor.execute(statement)

    assert before == 0 and statistics_of_the_copy() > 0
    assert copied(CapacityRequest.objects.get(title_en="Visa policy")) is not None
