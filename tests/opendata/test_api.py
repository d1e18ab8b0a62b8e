"""/api/v1/: the published Actions as JSON, in the language asked for, read-only, limited,
cached, with validators; nothing private and nothing unpublished."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actions_app.models import Action, ActionStatus
from requests_app.models import Region
from tests import factories
from tests.actions.conftest import make_action, make_activity, make_news, make_resource

LIST = "/api/v1/actions/"


def detail(action: Action) -> str:
    return f"/api/v1/actions/{action.slug}/"


def resource(title: str, **kwargs):
    made = make_resource(**kwargs)
    made.title_en = title
    made.save()
    return made


def codes(response) -> set[str]:
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    return {row["code"] for row in response.json()["results"]}


def test_it_lists_only_the_published_actions(client, db):
    make_action(code="Hidden 1", published=False)
    make_action(code="Shown 1")
    assert codes(client.get(LIST)) == {"Shown 1"}


def test_it_shows_a_logged_in_manager_no_more_than_a_visitor(client, db, manager):
    make_action(code="Hidden 1", published=False)
    make_action(code="Shown 1")
    client.force_login(manager)
    assert codes(client.get(LIST)) == {"Shown 1"}
    assert client.get(detail(Action.objects.get(code="Hidden 1"))).status_code == 404
    assert client.get(detail(Action.objects.get(code="Shown 1"))).status_code == 200


def test_it_filters_by_country_region_topic_and_status(client, db):
    make_action(code="Tajik 1", countries=["TJ", "KG"], topics=["LM"])
    europe = Region.objects.exclude(code="asia").first()
    make_action(code="Other 1", countries=["MD"], region=europe, topics=["BM"],
                status=ActionStatus.COMPLETED)  # fmt: skip
    assert codes(client.get(LIST, {"country": "KG"})) == {"Tajik 1"}
    assert codes(client.get(LIST, {"region": europe.code})) == {"Other 1"}
    assert codes(client.get(LIST, {"topic": "LM"})) == {"Tajik 1"}
    assert codes(client.get(LIST, {"status": "completed"})) == {"Other 1"}
    assert codes(client.get(LIST, {"status": "no-such-status"})) == {"Tajik 1", "Other 1"}


def test_it_pages_the_list_in_the_same_number_of_queries(client, db, no_cache):
    make_action()
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(24):
        make_action()
    with CaptureQueriesContext(connection) as many:
        first = client.get(LIST).json()
    assert first["count"] == 25 and len(first["results"]) == 20 and first["next"]
    assert len(client.get(first["next"]).json()["results"]) == 5
    assert len(many) == len(one) <= 5
    assert client.get(LIST, {"page": "9"}).status_code == 404


def test_it_answers_in_the_language_asked_for(client, db):
    make_action(code="Lang 1", title_en="Labour migration", title_ru="Трудовая миграция")
    russian = client.get(LIST, {"lang": "ru"})
    assert russian.json()["results"][0]["title"] == "Трудовая миграция"
    assert russian["Content-Language"] == "ru"
    by_header = client.get(LIST, headers={"accept-language": "ru"})
    assert by_header.json()["results"][0]["title"] == "Трудовая миграция"
    english = client.get(LIST, {"lang": "en"}, headers={"accept-language": "ru"})
    assert english.json()["results"][0]["title"] == "Labour migration"
    assert english["Content-Language"] == "en"


def test_it_falls_back_to_the_other_language_when_a_text_is_missing(client, db):
    make_action(code="Russian only", title_en="", title_ru="Только по-русски")
    assert client.get(LIST, {"lang": "en"}).json()["results"][0]["title"] == "Только по-русски"


def test_it_shows_an_action_with_its_activities_and_only_published_news_and_resources(client, db):
    action = make_action(code="Full 1")
    make_activity(action, title_en="Opening workshop")
    make_news(title_en="Draft news", published=False).actions.add(action)
    make_news(title_en="Public news").actions.add(action)
    resource("Draft sheet", published=False).actions.add(action)
    resource("Public sheet").actions.add(action)
    data = client.get(detail(action), {"lang": "en"}).json()
    assert [a["title"] for a in data["activities"]] == ["Opening workshop"]
    assert [n["title"] for n in data["news"]] == ["Public news"]
    assert [r["title"] for r in data["resources"]] == ["Public sheet"]
    assert {f["language"] for f in data["resources"][0]["files"]} == {"en", "ru"}


def test_it_answers_404_for_an_unpublished_action(client, db):
    assert client.get(detail(make_action(published=False))).status_code == 404
    assert client.get(detail(make_action())).status_code == 200


def test_it_keeps_partners_contact_data_and_the_request_private(client, db, partner_a):
    institution = partner_a.membership.institution
    institution.address = "Secret street 7"
    institution.website = "https://secret.example.org"
    institution.save()
    request = factories.submitted_request(partner_a, title="Confidential request title")
    action = make_action(request=request, institutions=[institution])
    content = client.get(detail(action)).content.decode()
    for private in ("Secret street 7", "secret.example.org", partner_a.email, request.title,
                    request.reference):  # fmt: skip
        assert private not in content
    assert institution.name in content


def test_it_shows_an_action_in_a_constant_number_of_queries(client, db, no_cache):
    small = make_action()
    with CaptureQueriesContext(connection) as few:
        client.get(detail(small))
    big = make_action()
    for _ in range(6):
        make_activity(big)
        make_news().actions.add(big)
        make_resource().actions.add(big)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(detail(big)).json()["activities"]) == 6
    assert len(many) == len(few) <= 8


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_it_refuses_every_write(client, db, method):
    action = make_action()
    for url in (LIST, detail(action), "/api/v1/statistics/", "/api/v1/schema/"):
        assert getattr(client, method)(url).status_code == 405, url
    assert Action.objects.filter(pk=action.pk).exists()


def test_it_limits_each_client_address_and_no_other(client, db, settings):
    settings.API_RATE_LIMIT = "3/m"
    make_action()
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(LIST)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert Client(REMOTE_ADDR="192.0.2.7").get(LIST).status_code == 200
    # Without a trusted proxy, a made-up X-Forwarded-For is no way around the limit.
    assert client.get(LIST, headers={"x-forwarded-for": "198.51.100.9"}).status_code == 429


def test_it_counts_the_client_behind_a_trusted_proxy(db, settings):
    settings.API_RATE_LIMIT, settings.TRUSTED_PROXY_COUNT = "1/m", 1
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    assert proxy.get(LIST, headers={"x-forwarded-for": "198.51.100.1"}).status_code == 200
    assert proxy.get(LIST, headers={"x-forwarded-for": "198.51.100.1"}).status_code == 429
    assert proxy.get(LIST, headers={"x-forwarded-for": "198.51.100.2"}).status_code == 200


def test_it_answers_304_while_nothing_changed(client, db):
    action = make_action()
    first = client.get(detail(action))
    assert first["ETag"] and first["Last-Modified"] and "public" in first["Cache-Control"]
    assert client.get(detail(action), headers={"if-none-match": first["ETag"]}).status_code == 304
    action.title_en = "A new title"
    action.save()
    changed = client.get(detail(action), headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and changed.json()["title"] == "A new title"


def test_it_serves_a_repeated_question_from_the_cache_until_content_changes(client, db):
    make_action(code="Cached 1")
    client.get(LIST)
    with CaptureQueriesContext(connection) as again:
        assert codes(client.get(LIST)) == {"Cached 1"}
    assert len(again) == 0
    make_action(code="Cached 2")
    assert codes(client.get(LIST)) == {"Cached 1", "Cached 2"}


def test_it_gives_the_public_statistics(client, db):
    action = make_action()
    make_activity(action)
    make_action(published=False)
    data = client.get("/api/v1/statistics/", {"lang": "ru"}).json()
    assert data["figures"] == {"actions": 1, "activities": 1, "countries": 1}
    assert [table["key"] for table in data["tables"]] == ["region", "topic", "year"]
    assert data["tables"][0]["title"] == "По регионам"
