"""With DEBUG off, 400, 403, 404 and 500 are the portal's own pages in the reader's language,
each saying what to do next; partners who open the staff desk are told where their pages are."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.looks.urls")]

# Each page: its address, its status, and its heading in English and in Russian.
PAGES = {
    "/{lang}/fails/400/": (400, "The request could not be understood", "Запрос не удалось понять"),
    "/{lang}/fails/403/": (403, "Access refused", "Доступ запрещён"),
    "/{lang}/no-such-page/": (404, "Page not found", "Страница не найдена"),
    "/{lang}/fails/500/": (500, "Something went wrong", "Что-то пошло не так"),
}


@pytest.fixture(autouse=True)
def _debug_off(settings) -> None:
    settings.DEBUG = False


def fetch(client: Client, url: str):
    client.raise_request_exception = False
    return client.get(url)


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_it_answers_each_error_with_the_portals_page_in_the_readers_language(client, url, lang):
    status, english, russian = PAGES[url]
    response = fetch(client, url.format(lang=lang))
    body = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{lang}" dir="ltr">' in body
    assert (english if lang == "en" else russian) in body
    assert (russian if lang == "en" else english) not in body
    assert "Django" not in body and "MIEUX+" in body


def test_it_shows_no_url_patterns_on_a_404(client):
    body = fetch(client, "/en/no-such-page/").content.decode()
    assert "URLconf" not in body and "admin/" not in body
    assert 'href="/en/actions/"' in body


def test_it_offers_a_partner_their_requests_and_a_visitor_the_login(client, client_a):
    assert 'href="/en/requests/"' in fetch(client_a, "/en/fails/403/").content.decode()
    anonymous = fetch(client, "/en/fails/403/").content.decode()
    assert 'href="/en/accounts/login/"' in anonymous
    assert 'href="/en/requests/"' not in anonymous
