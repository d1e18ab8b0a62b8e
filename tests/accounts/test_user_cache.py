"""The logged-in user kept beside the session in the shared cache (accounts_app.usercache):
pages skip the user's query, and a change to the user, their membership or institution shows
on the very next page, in every worker."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts_app import usercache
from accounts_app.backends import user_with_institution
from tests import factories

HOME = "/en/"


def queries_of(client: Client, path: str) -> tuple[str, int, int]:
    """The page's text, its status and the queries it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.content.decode(), response.status_code, len(queries)


def user_queries(client: Client) -> int:
    """The queries a page ran on the user table."""
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    return sum('FROM "accounts_app_user"' in q["sql"] for q in queries.captured_queries)


def test_the_next_page_reads_the_user_from_the_shared_cache(redis_cache, client_a):
    assert user_queries(client_a) == 1  # the first page loads and keeps them

    assert user_queries(client_a) == 0


def test_without_a_shared_cache_every_page_loads_its_user(client_a, settings):
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    user_queries(client_a)

    assert user_queries(client_a) == 1


def test_a_deactivated_user_is_out_on_their_next_page(redis_cache, client_a, partner_a):
    other_worker = Client()  # same cookie, another process's memory
    other_worker.cookies = client_a.cookies
    assert queries_of(other_worker, reverse("requests:my_requests"))[1] == 200

    partner_a.is_active = False
    partner_a.save()

    response = other_worker.get(reverse("requests:my_requests"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_member_who_leaves_the_institution_loses_its_pages_at_once(
    redis_cache, client_a, partner_a
):
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Ours")
    page, status, _queries = queries_of(client_a, reverse("requests:my_requests"))
    assert status == 200 and "Ours" in page and "My institution" in page

    partner_a.membership.delete()

    page, status, _queries = queries_of(client_a, HOME)
    assert status == 200 and "My institution" not in page
    assert "Ours" not in queries_of(client_a, reverse("requests:my_requests"))[0]


def test_a_new_membership_and_a_renamed_institution_show_at_once(redis_cache, client_for):
    user = factories.UserFactory()
    client = client_for(user)
    assert "My institution" not in queries_of(client, HOME)[0]

    membership = factories.MembershipFactory(user=user)
    assert "My institution" in queries_of(client, HOME)[0]

    user_queries(client)  # kept again
    membership.institution.name = "Renamed Migration Agency"
    membership.institution.save()
    assert usercache.load(user.pk, lambda pk: None) is None  # forgotten

    user_queries(client)
    kept = usercache.load(user.pk, lambda pk: None)
    assert kept.institution.name == "Renamed Migration Agency"


def test_it_keeps_the_loaded_row_and_nobody_for_a_malformed_id(redis_cache, partner_a):
    loaded = usercache.load(partner_a.pk, user_with_institution)
    with CaptureQueriesContext(connection) as queries:
        again = usercache.load(str(partner_a.pk), user_with_institution)
    assert len(queries) == 0
    assert again.email == partner_a.email and again.institution == loaded.institution

    assert usercache.load("not-a-number", user_with_institution) is None
    assert usercache.load(987654, user_with_institution) is None
