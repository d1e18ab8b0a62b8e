"""My requests: the institution's requests only, filtered, paginated, in fixed queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.requests.helpers import url


def _requests(institution, count: int, **kwargs) -> list:
    return [
        factories.CapacityRequestFactory(institution=institution, **kwargs) for _ in range(count)
    ]


def test_it_lists_the_requests_of_the_own_institution_only(client_a, partner_a, partner_b):
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Ours")
    factories.CapacityRequestFactory(institution=partner_b.institution, title_en="Theirs")
    colleague = factories.partner(institution=partner_a.institution)

    for client in (client_a, factories_client(colleague)):
        page = client.get(url("my_requests")).content.decode()
        assert "Ours" in page
        assert "Theirs" not in page


def factories_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_it_shows_reference_title_and_partner_status(client_a, submitted_a, draft_a):
    submitted_a.status = "screening"
    submitted_a.save()
    draft_a.title_en = ""
    draft_a.save()
    page = client_a.get(url("my_requests")).content.decode()

    assert submitted_a.reference in page and "Under review" in page
    assert "(untitled)" in page and ">Draft</a>" in page


def test_it_filters_by_status(client_a, submitted_a, draft_a):
    page = client_a.get(url("my_requests"), {"status": "submitted"}).content.decode()
    assert submitted_a.reference in page and draft_a.title_en not in page

    response = client_a.get(url("my_requests"), {"status": "no-such-status"})
    assert response.status_code == 200
    assert draft_a.title_en in response.content.decode()


def test_it_paginates_keeping_the_filter(client_a, partner_a):
    _requests(partner_a.institution, 25)
    first = client_a.get(url("my_requests"), {"status": "draft"})
    second = client_a.get(url("my_requests"), {"status": "draft", "page": "2"})

    assert len(first.context["rows"]) == 20 and len(second.context["rows"]) == 5
    assert 'href="?status=draft&amp;page=2"' in first.content.decode()
    for bad in ("0", "-1", "abc", "9999", "1e9"):
        assert client_a.get(url("my_requests"), {"page": bad}).status_code == 200


def test_it_runs_the_same_number_of_queries_for_3_or_25_requests(client_a, partner_a):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client_a.get(url("my_requests")).status_code == 200
        return len(queries)

    _requests(partner_a.institution, 3)
    few = count_queries()
    _requests(partner_a.institution, 22, status="submitted")
    assert count_queries() == few


def test_it_invites_to_start_when_there_is_no_request(client_a):
    page = client_a.get(url("my_requests")).content.decode()

    assert "Your institution has no request yet." in page
    assert f'href="{url("new")}"' in page


def test_its_search_asks_who_may_read_once(client_a, partner_a, partner_b):
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Visa ours")
    factories.CapacityRequestFactory(institution=partner_b.institution, title_en="Visa theirs")
    with CaptureQueriesContext(connection) as queries:
        page = client_a.get(url("my_requests"), {"q": "visa"}).content.decode()

    # The readable ids once (partner_ids); the count and the page search among them.
    asked = [
        q["sql"]
        for q in queries.captured_queries
        if "accounts_app_membership" in q["sql"] and "requests_app_capacityrequest" in q["sql"]
    ]
    assert len(asked) == 1 and "UNION" in asked[0]
    assert "Visa ours" in page and "Visa theirs" not in page


def _search_pages(client, page: str) -> tuple:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("my_requests"), {"q": "visa", "page": page})
    searched = [q for q in queries.captured_queries if "search_vector" in q["sql"]]
    return response.context["page"], [r["obj"].title_en for r in response.context["rows"]], searched


def test_its_search_counts_its_matches_in_the_page_s_own_query(client_a, partner_a):
    _requests(partner_a.institution, 23, title_en="Visa data")
    _requests(partner_a.institution, 2, title_en="Border")

    page, titles, searched = _search_pages(client_a, "2")

    assert page.number == 2 and page.paginator.count == 23 and page.paginator.num_pages == 2
    assert titles == ["Visa data"] * 3 and len(searched) == 1


def test_its_search_shows_the_last_page_for_one_past_it(client_a, partner_a):
    _requests(partner_a.institution, 23, title_en="Visa data")

    for wanted in ("9", "0", "-1"):
        page, titles, _searched = _search_pages(client_a, wanted)
        assert page.number == 2 and titles == ["Visa data"] * 3  # as Django's get_page
    page, titles, _searched = _search_pages(client_a, "abc")
    assert page.number == 1 and len(titles) == 20
