"""The queue counts at most `CappedPaginator.cap` requests: past it, "more than"."""

from __future__ import annotations

from itertools import count

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mieux_portal.admin_lists import CappedPaginator
from requests_app.models import CapacityRequest
from tests import factories

CHANGELIST = "admin:requests_app_capacityrequest_changelist"
NUMBERS = count(1)


def submitted(n: int, **kwargs) -> None:
    for _ in range(n):
        factories.CapacityRequestFactory(
            status="submitted",
            reference=f"MX-1997-{next(NUMBERS):04d}",
            submitted_at=timezone.now(),
            **kwargs,
        )


def test_it_says_more_than_the_cap_past_it(client_for, staff, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    submitted(5)
    page = client_for(staff).get(reverse(CHANGELIST)).content.decode()

    assert "more than 3 requests" in page
    assert "5 requests" not in page


def test_it_gives_the_exact_count_up_to_the_cap(client_for, staff, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    submitted(3)
    page = client_for(staff).get(reverse(CHANGELIST)).content.decode()

    assert "3 requests" in page and "more than 3 requests" not in page


def test_it_counts_only_up_to_the_cap(client_for, staff, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    submitted(5, title_en="Visa")
    with CaptureQueriesContext(connection) as queries:
        client_for(staff).get(reverse(CHANGELIST), {"q": "visa"})

    # The list's count, capped; the desk's overdue flag counts only the requests with an
    # opinion past its deadline (through the consultations), not the list.
    counts = [
        q["sql"]
        for q in queries.captured_queries
        if "COUNT(" in q["sql"] and "requests_app_consultation" not in q["sql"]
    ]
    assert len(counts) == 1 and "LIMIT 4" in counts[0]


def test_it_lists_more_matches_than_the_cap_in_queue_order(client_for, staff, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    submitted(2, title_en="Data", context_en="A word on visa.")  # waiting longest
    submitted(3, title_en="Visa")
    response = client_for(staff).get(reverse(CHANGELIST), {"q": "visa"})

    rows = list(response.context["cl"].result_list)
    assert [r.title_en for r in rows] == ["Data", "Data", "Visa", "Visa", "Visa"]


def test_it_ranks_matches_up_to_the_cap(client_for, staff, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    submitted(1, title_en="Data", context_en="A word on visa.")  # waiting longest
    submitted(1, title_en="Visa")
    response = client_for(staff).get(reverse(CHANGELIST), {"q": "visa"})

    rows = list(response.context["cl"].result_list)
    assert [r.title_en for r in rows] == ["Visa", "Data"]


def test_it_counts_any_matches_up_to_the_cap_and_orders_only_those(client_for, staff, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    submitted(2, title_en="Visa")
    with CaptureQueriesContext(connection) as queries:
        response = client_for(staff).get(reverse(CHANGELIST), {"q": "visa"})

    count = next(q["sql"] for q in queries.captured_queries if "LIMIT 4" in q["sql"])
    counted = count.split(" FROM (", 1)[1]  # the rows counted: any cap + 1 of the matches
    assert "ORDER BY" not in counted and "ORDER BY" in count  # their ids ranked, after
    assert "2 requests" in response.content.decode()


def page_queries(client, params: dict) -> tuple[list, list[str]]:
    """The rows of the list's page and the queries that read them."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST), params)
    rows = list(response.context["cl"].result_list)
    # The page's rows: by their keys alone, or by the ORM's query of the list.
    row_queries = ('SELECT r."id", ', 'SELECT "requests_app_capacityrequest"."id", ')
    return rows, [q["sql"] for q in queries.captured_queries if q["sql"].startswith(row_queries)]


def test_it_reads_a_page_holding_every_match_by_their_ids(client_for, staff):
    submitted(1, title_en="Data", context_en="A word on visa.")
    submitted(2, title_en="Visa")
    submitted(1, title_en="Border")

    rows, [page] = page_queries(client_for(staff), {"q": "visa"})

    assert [r.title_en for r in rows] == ["Visa", "Visa", "Data"]  # ranked
    assert '"id" = ANY(' in page and "@@" not in page  # read by their keys alone


def test_it_reads_a_page_of_more_matches_by_their_ids_too(client_for, staff, monkeypatch):
    monkeypatch.setattr("requests_app.admin.CapacityRequestAdmin.list_per_page", 2)
    submitted(1, title_en="Data", context_en="A word on visa.")
    submitted(2, title_en="Visa")

    rows, [page] = page_queries(client_for(staff), {"q": "visa"})

    assert [r.title_en for r in rows] == ["Visa", "Visa"]
    assert '"id" = ANY(' in page  # the count ranked them all (CappedPaginator.ordered)
    assert "ts_rank" not in page


def test_it_reads_a_page_past_the_cap_in_queue_order(client_for, staff, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    submitted(1, title_en="Data", context_en="A word on visa.")  # waiting longest
    submitted(2, title_en="Visa")

    rows, [page] = page_queries(client_for(staff), {"q": "visa"})

    assert [r.title_en for r in rows] == ["Data", "Visa", "Visa"]  # not ranked
    assert '"id" = ANY(' in page  # the page's ids from the search copy


def test_the_count_brings_the_ids_of_a_page_past_the_cap(client_for, staff, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    monkeypatch.setattr("requests_app.admin.CapacityRequestAdmin.list_per_page", 2)
    submitted(2, title_en="Data", context_en="A word on visa.")  # waiting longest
    submitted(3, title_en="Visa visa")
    queue = list(
        CapacityRequest.objects.exclude(status="draft")
        .search("visa")
        .order_by("status_changed_at", "pk")
        .values_list("pk", flat=True)
    )
    client = client_for(staff)
    for number, ids in ((1, queue[0:2]), (2, queue[2:4])):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(CHANGELIST), {"q": "visa", "p": number})

        assert [r.pk for r in response.context["cl"].result_list] == ids  # the queue's order
        assert "more than 3 requests" in response.content.decode()
        searches = [q["sql"] for q in queries.captured_queries if "@@" in q["sql"]]
        # One statement: the count, the rank and the page's ids in the queue's order.
        assert len(searches) == 1 and "CASE WHEN COUNT(*) > 3 THEN ARRAY(" in searches[0]
        assert f"LIMIT 2 OFFSET {2 * (number - 1)}" in searches[0] or number == 1


def test_the_count_brings_no_queue_page_within_the_cap(db):
    submitted(2, title_en="Visa")
    listed = CapacityRequest.objects.exclude(status="draft").search("visa")
    paginator = CappedPaginator(listed.order_by("-search_rank", "status_changed_at", "pk"), 2)
    paginator.keep_ids, paginator.first = True, 0

    assert paginator.count == 2
    assert paginator.ordered and paginator.queue_ids is None  # ranked, not the queue's order


def test_it_runs_no_page_query_when_nothing_matches(client_for, staff):
    submitted(2, title_en="Visa")

    rows, pages = page_queries(client_for(staff), {"q": "border"})

    assert rows == [] and pages == []


def test_a_list_without_a_search_counts_from_an_index_alone(client_for, staff):
    submitted(2, title_en="Visa")
    with CaptureQueriesContext(connection) as queries:
        client_for(staff).get(reverse(CHANGELIST), {"status": "submitted"})

    count = next(q["sql"] for q in queries.captured_queries if "LIMIT 2001" in q["sql"])
    assert "ARRAY_AGG" not in count  # the ids would send the count to the table


def counted(order: tuple[str, ...]) -> tuple[CappedPaginator, list[int], list[str]]:
    """A search's paginator keeping ids, the ids in `order` by the ORM, and the count's SQL."""
    listed = CapacityRequest.objects.exclude(status="draft").search("visa").order_by(*order)
    paginator = CappedPaginator(listed, 2)
    paginator.keep_ids = True
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 3
    return paginator, list(listed.values_list("pk", flat=True)), queries.captured_queries


def test_it_ranks_the_ids_in_one_statement_around_the_rows_counted(db):
    submitted(1, title_en="Visa visa", institution=factories.InstitutionFactory(name="B"))
    submitted(2, title_en="Visa", institution=factories.InstitutionFactory(name="A"))

    paginator, ids, [query] = counted(("-search_rank", "status_changed_at", "pk", "-pk"))

    assert paginator.ordered and paginator.ids == ids
    assert 'ORDER BY s."search_rank" DESC, s."status_changed_at" ASC, s."pk" ASC)' in query["sql"]


def test_an_order_through_a_relation_is_ranked_by_the_orms_aggregate(db):
    submitted(1, title_en="Visa visa", institution=factories.InstitutionFactory(name="B"))
    submitted(1, title_en="Visa", institution=factories.InstitutionFactory(name="C"))
    submitted(1, title_en="Visa", institution=factories.InstitutionFactory(name="A"))

    paginator, ids, [query] = counted(("-search_rank", "institution__name", "pk"))

    assert paginator.ordered and paginator.ids == ids
    assert "ARRAY_AGG(" in query["sql"] and 's."pk"' not in query["sql"]
