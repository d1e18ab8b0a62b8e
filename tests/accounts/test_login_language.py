"""After login the portal speaks the user's preferred language."""

from __future__ import annotations

from django.conf import settings

from tests import factories


def log_in(client, user, path: str = "/en/accounts/login/"):
    return client.post(path, {"login": user.email, "password": "correct-horse-battery"})


def test_it_redirects_a_russian_speaker_to_russian_pages(client, db):
    user = factories.partner(preferred_language="ru")

    response = log_in(client, user)

    assert response.status_code == 302
    assert response["Location"].startswith("/ru/requests/")
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_it_keeps_english_for_an_english_speaker_on_russian_pages(client, db):
    user = factories.partner(preferred_language="en")

    response = log_in(client, user, path="/ru/accounts/login/")

    assert response["Location"].startswith("/en/requests/")


def test_it_translates_the_next_page_into_the_preferred_language(client, db):
    user = factories.partner(preferred_language="ru")

    response = log_in(client, user, path="/en/accounts/login/?next=/en/institution/")

    assert response["Location"] == "/ru/institution/"


def test_it_refuses_a_wrong_password(client, partner_a):
    response = client.post(
        "/en/accounts/login/", {"login": partner_a.email, "password": "wrong-password"}
    )

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "alert-danger" in response.content.decode()
