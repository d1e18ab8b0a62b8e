"""The page cache: the public pages and "My requests" are served whole, yet nobody sees a
page that is stale or someone else's (mieux_portal/pagecache.py)."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django_redis import get_redis_connection

from mieux_portal import pagecache
from requests_app import joint, services
from requests_app.models import CapacityRequest, Topic
from tests import factories
from tests.actions.conftest import make_action
from tests.conftest import NOTHING_LISTENS, redis_caches


def get(client: Client, name: str, lang: str = "en", **params) -> tuple[str, int]:
    """The page's text and the queries it ran."""
    with translation.override(lang):
        path = reverse(name)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_it_serves_a_visitor_the_stored_catalogue_without_a_query(client, db):
    make_action(title_en="Border management study visit")
    first, first_queries = get(client, "actions:list", topic="LM")
    again, queries = get(client, "actions:list", topic="LM")

    assert "Border management study visit" in again and again == first
    assert first_queries > 0 and queries == 0


def test_it_shows_a_change_to_an_action_at_once(client, db):
    action = make_action(title_en="Border management study visit")
    get(client, "actions:list")
    action.title_en = "Return counselling workshop"
    action.save()

    page, _ = get(client, "actions:list")
    assert "Return counselling workshop" in page and "Border management" not in page


def test_it_shows_a_new_topic_of_an_action_at_once(client, db):
    action = make_action(topics=["LM"])
    get(client, "actions:list", topic="RR")
    action.topics.add(Topic.objects.get(code="RR"))

    page, _ = get(client, "actions:list", topic="RR")
    assert action.title_en in page


def test_it_keeps_each_language_and_filter_apart(client, db):
    make_action(title_en="Labour migration in Asia", title_ru="Трудовая миграция в Азии")
    get(client, "actions:list")
    russian, _ = get(client, "actions:list", lang="ru")
    filtered, _ = get(client, "actions:list", region="africa")

    assert "Трудовая миграция в Азии" in russian and "Labour migration in Asia" not in russian
    assert "Labour migration in Asia" not in filtered


def test_it_never_serves_staff_the_visitors_copy(client, client_for, staff, db):
    make_action(title_en="Published workshop")
    get(client, "actions:list")
    make_action(title_en="Unpublished draft", published=False, slug="unpublished-draft")
    with translation.override("en"):
        path = reverse("actions:action", args=["unpublished-draft"])

    assert client.get(path).status_code == 404
    assert "Unpublished draft" in client_for(staff).get(path).content.decode()
    assert client.get(path).status_code == 404  # and the staff's copy is not stored


def test_it_shows_a_message_once_and_does_not_store_it(client_for, partner_a):
    client = client_for(partner_a)
    response = client.post(reverse("account_logout"), follow=True)
    assert "You have signed out." in response.content.decode()

    page, _ = get(client, "home")
    assert "You have signed out." not in page


def test_it_stores_a_bounded_number_of_variants_of_a_page(client, monkeypatch, db):
    monkeypatch.setattr(pagecache, "MAX_VARIANTS", 3)
    make_action()
    for n in range(5):  # made-up parameters: the same page under five URLs
        get(client, "actions:list", made_up=n)

    assert get(client, "actions:list", made_up=2)[1] == 0  # stored
    assert get(client, "actions:list", made_up=3)[1] > 0  # past the bound: rendered


def test_it_stores_no_page_when_turned_off(client, settings, db):
    settings.PAGE_CACHE_SECONDS = 0
    make_action()
    get(client, "actions:list")

    _, queries = get(client, "actions:list")
    assert queries > 0


def test_it_lists_a_partner_s_new_request_and_status_at_once(client_a, partner_a, staff):
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="First")
    get(client_a, "requests:my_requests")
    second = factories.submitted_request(partner_a, title_en="Second")

    page, _ = get(client_a, "requests:my_requests")
    assert "First" in page and "Second" in page and "Submitted" in page
    services.request_transition(request=second, key="start_screening", actor=staff)
    page, _ = get(client_a, "requests:my_requests")
    assert "Under review" in page


def test_it_serves_my_requests_stored_after_two_queries(client_a, partner_a):
    factories.CapacityRequestFactory.create_batch(3, institution=partner_a.institution)
    get(client_a, "requests:my_requests")

    # The session and the user with their institution; then the list's version.
    _, queries = get(client_a, "requests:my_requests")
    assert queries == 3


def test_it_never_serves_one_partner_another_s_list(client_a, client_b, partner_a, partner_b):
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Ours")
    factories.CapacityRequestFactory(institution=partner_b.institution, title_en="Theirs")
    page_a, _ = get(client_a, "requests:my_requests")
    page_b, _ = get(client_b, "requests:my_requests")

    assert "Ours" in page_a and "Theirs" not in page_a
    assert "Theirs" in page_b and "Ours" not in page_b


def test_it_forgets_a_removed_draft_at_once(client_a, partner_a):
    draft = factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Gone")
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Kept")
    get(client_a, "requests:my_requests")  # the newer one's change stays the latest
    services.request_delete_draft(request=draft, actor=partner_a)

    page, _ = get(client_a, "requests:my_requests")
    assert "Gone" not in page and "Kept" in page


def test_it_shows_a_co_requester_s_list_as_the_joint_request_changes(client_for, partner_a):
    ministry = factories.InstitutionFactory(name="Ministry of Interior", country="TJ")
    member = factories.partner(institution=ministry)
    client_c = client_for(member)
    draft = factories.complete_draft(institution=partner_a.institution, title_en="Joint")
    get(client_c, "requests:my_requests")

    factories.co_request(draft, ministry)  # named: asked to answer
    assert "Confirm or decline" in get(client_c, "requests:my_requests")[0]
    joint.corequest_answer(corequest=draft.corequests.get(), actor=member, confirm=True)
    page, _ = get(client_c, "requests:my_requests")
    assert "Joint" in page and "Confirm or decline" not in page
    values = {"co_institutions": []}  # no longer named
    services.request_update_draft(request=draft, actor=partner_a, step="institution", values=values)
    assert "Joint" not in get(client_c, "requests:my_requests")[0]


def test_it_renders_pages_when_the_cache_is_down(client, client_a, partner_a, settings):
    settings.CACHES = redis_caches(NOTHING_LISTENS)
    make_action(title_en="Seen without a cache")
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Ours")

    assert "Seen without a cache" in get(client, "actions:list")[0]
    assert "Ours" in get(client_a, "requests:my_requests")[0]


def test_it_serves_pages_and_sessions_from_redis(redis_cache, client, client_a, partner_a):
    make_action(title_en="Stored in Redis")
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Ours")
    for _ in range(2):
        page, queries = get(client, "actions:list")
        mine, mine_queries = get(client_a, "requests:my_requests")

    assert "Stored in Redis" in page and queries == 0
    # The session and its user came from Redis: what is left is the list's version.
    assert "Ours" in mine and mine_queries == 1


def test_it_shares_one_connection_pool_among_the_caches(redis_cache):
    aliases = ("default", "pages", "sessions")
    pools = {id(get_redis_connection(alias).connection_pool) for alias in aliases}

    assert len(pools) == 1


def test_it_ends_the_session_in_every_process_on_logout(redis_cache, client_a):
    other_process = Client()  # another worker: same cookie, its own memory
    other_process.cookies = client_a.cookies
    get(client_a, "requests:my_requests")
    client_a.post(reverse("account_logout"))

    response = other_process.get(reverse("requests:my_requests"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_keeps_partners_logged_in_while_the_cache_is_down(redis_cache, client_a, settings):
    get(client_a, "requests:my_requests")
    settings.CACHES = redis_caches(NOTHING_LISTENS)

    assert "My requests" in get(client_a, "requests:my_requests")[0]  # from the database
    client_a.post(reverse("account_logout"))
    assert client_a.get(reverse("requests:my_requests")).status_code == 302


def test_a_process_serves_the_pages_it_read_from_its_memory(redis_cache, client, db):
    make_action(title_en="Kept in memory")
    get(client, "actions:list")
    shared = get_redis_connection("pages")
    shared.delete(*shared.keys("*stamped-page*"))  # evicted from the shared cache

    page, queries = get(client, "actions:list")
    assert "Kept in memory" in page and queries == 0


def test_a_process_s_memory_follows_a_change_saved_by_another(redis_cache, client, db):
    action = make_action(title_en="Before")
    assert "Before" in get(client, "actions:list")[0]
    # Another worker saves the Action: the row changes and its signal, there, renews the
    # shared version token; this process's memory still holds the page stored before.
    type(action).objects.filter(pk=action.pk).update(title_en="After")
    caches["pages"].set(pagecache.PUBLIC_VERSION_KEY, "renewed elsewhere", timeout=None)

    page, queries = get(client, "actions:list")
    assert "After" in page and "Before" not in page and queries > 0


def test_a_process_s_memory_of_my_requests_follows_the_database(redis_cache, client_a, partner_a):
    draft = factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Old")
    assert "Old" in get(client_a, "requests:my_requests")[0]
    # Another worker renames the draft: nothing is said to this process.
    CapacityRequest.objects.filter(pk=draft.pk).update(
        title_en="Renamed", updated_at=draft.updated_at + timedelta(seconds=1)
    )

    assert "Renamed" in get(client_a, "requests:my_requests")[0]
