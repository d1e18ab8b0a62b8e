"""Sign-up with mandatory e-mail verification, through allauth's real views."""

from __future__ import annotations

from django.core import mail

from accounts_app.models import User
from tests.accounts.helpers import confirmation_path

PASSWORD = "Tashkent-Spring-2026"


def sign_up(client, email: str = "new.partner@example.uz", language: str = "ru"):
    return client.post(
        f"/{language}/accounts/signup/",
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Aziz",
            "last_name": "Rakhimov",
            "preferred_language": language,
        },
    )


def log_in(client, email: str = "new.partner@example.uz"):
    return client.post("/en/accounts/login/", {"login": email, "password": PASSWORD})


def test_it_sends_a_verification_email_on_signup(client, db):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/ru/accounts/confirm-email/"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.partner@example.uz"]
    user = User.objects.get(email="new.partner@example.uz")
    assert (user.first_name, user.last_name, user.preferred_language) == ("Aziz", "Rakhimov", "ru")


def test_it_refuses_login_until_the_email_is_confirmed(client, db):
    sign_up(client)
    client.logout()

    response = log_in(client)

    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_it_logs_in_after_following_the_confirmation_link(client, db):
    sign_up(client)
    confirm_page = client.get(confirmation_path())
    client.post(confirmation_path())
    client.logout()

    response = log_in(client)

    assert confirm_page.status_code == 200 and 'class="btn btn-primary"' in confirm_page.text
    assert int(client.session["_auth_user_id"]) == User.objects.get().pk
    assert response["Location"].startswith("/ru/")


def test_it_keeps_typed_values_and_shows_errors_on_a_bad_signup(client, db):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "not-an-address", "password1": "x", "password2": "y", "first_name": "Aziz"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Aziz"' in html
    assert "is-invalid" in html and "invalid-feedback" in html
    assert not User.objects.exists()


def test_it_greets_in_the_portals_name_not_the_servers_address(client, db, settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8101"
    sign_up(client, language="ru")

    body = mail.outbox[0].body
    assert "Вас приветствует Портал партнёров MIEUX+!" in body
    assert "testserver" not in body.split("http")[0]
    assert "127.0.0.1:8101!" not in body


def test_it_greets_an_english_reader_in_english(client, db):
    sign_up(client, email="new.partner@example.org", language="en")

    assert "Hello from MIEUX+ Partner Portal!" in mail.outbox[0].body
