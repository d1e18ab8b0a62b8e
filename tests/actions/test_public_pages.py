"""The public pages in both languages, and who sees what is not published."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from .conftest import make_action, make_activity, make_news, make_resource


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(name, args=args)


PAGES = [
    "home",
    "actions:list",
    "actions:news",
    "actions:resources",
    "actions:how_to_request",
    "actions:statistics",
]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("name", PAGES)
def test_it_serves_every_public_page_in_both_languages(client, db, name, lang):
    response = client.get(url(name, lang=lang))
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="ltr">' in response.content.decode()


def test_it_shows_the_action_in_the_language_of_the_page(client, db):
    action = make_action()
    make_activity(action, title_en="Study visit to Lisbon", title_ru="Учебный визит в Лиссабон")
    english = client.get(url("actions:action", action.slug)).content.decode()
    russian = client.get(url("actions:action", action.slug, lang="ru")).content.decode()
    assert action.title_en in english and "Study visit to Lisbon" in english
    assert action.title_ru in russian and "Учебный визит в Лиссабон" in russian


def test_it_shows_the_parts_of_an_action_page(client, db, institution_a):
    action = make_action(
        institutions=[institution_a],
        member_states=["LT", "PL"],
        objective_en="Stronger labour migration management.",
        results_en="A curriculum.",
    )
    make_activity(action, title_en="Assessment")
    make_activity(action, title_en="Closing round table")
    news, resource = make_news(), make_resource()
    news.actions.add(action)
    resource.actions.add(action)
    page = client.get(url("actions:action", action.slug)).content.decode()
    for text in (
        "Stronger labour migration",
        "A curriculum.",
        "Lithuania",
        "Poland",
        "LM - Legal and labour migration",
        institution_a.english_name,
        news.title_en,
        resource.title_en,
        'value="2"',
        "Closing round table",
    ):
        assert text in page


def test_it_has_open_graph_tags_on_action_and_news_pages(client, db):
    action, news = make_action(), make_news()
    for page in (url("actions:action", action.slug), url("actions:news_detail", news.slug)):
        html = client.get(page).content.decode()
        assert '<meta property="og:title"' in html
        assert f'<meta property="og:url" content="http://testserver{page}">' in html


def test_it_lists_and_shows_news_in_russian(client, db):
    item = make_news(title_ru="Онлайн-встреча для партнёров")
    assert (
        "Онлайн-встреча для партнёров"
        in client.get(url("actions:news", lang="ru")).content.decode()
    )
    assert client.get(url("actions:news_detail", item.slug, lang="ru")).status_code == 200


def test_it_offers_each_resource_in_each_language(client, db):
    resource = make_resource()
    page = client.get(url("actions:resources")).content.decode()
    assert url("actions:resource_download", resource.pk, "en") in page
    assert url("actions:resource_download", resource.pk, "ru") in page


def test_it_downloads_the_russian_file_as_an_attachment(client, db):
    resource = make_resource()
    response = client.get(url("actions:resource_download", resource.pk, "ru", lang="ru"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).endswith(b"%ru\n")


def test_it_leads_from_how_to_request_to_the_form(client, db, partner_a, client_for):
    assert url("account_signup") in client.get(url("actions:how_to_request")).content.decode()
    page = client_for(partner_a).get(url("actions:how_to_request")).content.decode()
    assert url("requests:new") in page


def test_it_links_the_public_pages_from_the_navigation(client, db):
    page = client.get(url("home", lang="ru")).content.decode()
    for name in PAGES[1:]:
        assert f'href="{url(name, lang="ru")}"' in page


# --- Unpublished content --------------------------------------------------------------


@pytest.fixture
def unpublished(db):
    action = make_action(published=False)
    return {
        "action": url("actions:action", action.slug),
        "news": url("actions:news_detail", make_news(published=False).slug),
        "resource": url("actions:resource_download", make_resource(published=False).pk, "en"),
    }


@pytest.mark.parametrize("kind", ["action", "news", "resource"])
def test_it_hides_unpublished_content_from_the_public(client, unpublished, kind):
    assert client.get(unpublished[kind]).status_code == 404


@pytest.mark.parametrize("kind", ["action", "news", "resource"])
def test_it_hides_unpublished_content_from_partners(client_for, partner_b, unpublished, kind):
    assert client_for(partner_b).get(unpublished[kind]).status_code == 404


@pytest.mark.parametrize("kind", ["action", "news", "resource"])
def test_it_shows_unpublished_content_to_staff(client_for, staff, unpublished, kind):
    assert client_for(staff).get(unpublished[kind]).status_code == 200


def test_it_shows_an_action_in_design_to_its_partner_institution(client_for, partner_a):
    action = make_action(published=False, institutions=[partner_a.institution])
    assert client_for(partner_a).get(url("actions:action", action.slug)).status_code == 200


def test_it_keeps_unpublished_actions_out_of_lists_and_figures(client, db):
    hidden = make_action(published=False, title_en="Secret design")
    make_activity(hidden)
    make_news(published=False, title_en="Draft news")
    assert "Secret design" not in client.get(url("actions:list")).content.decode()
    assert "Draft news" not in client.get(url("actions:news")).content.decode()
    assert client.get(url("home")).context["figures"] == {
        "actions": 0,
        "activities": 0,
        "countries": 0,
    }
