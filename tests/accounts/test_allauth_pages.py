"""allauth's pages are the portal's pages, in English and in Russian."""

from __future__ import annotations

import pytest

ANONYMOUS_PAGES = [
    "accounts/signup/",
    "accounts/login/",
    "accounts/password/reset/",
    "accounts/password/reset/done/",
    "accounts/confirm-email/",
]
SIGNED_IN_PAGES = ["accounts/logout/", "accounts/password/change/", "accounts/email/"]


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("page", ANONYMOUS_PAGES)
def test_it_renders_the_anonymous_pages_in_the_portal_layout(client_for, db, language, page):
    response = client_for(None).get(f"/{language}/{page}")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="ltr">' in html
    assert 'id="main"' in html


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize("page", SIGNED_IN_PAGES)
def test_it_renders_the_signed_in_pages(client_for, partner_a, language, page):
    response = client_for(partner_a).get(f"/{language}/{page}")

    assert response.status_code == 200
    assert f'href="/{language}/profile/"' in response.content.decode()


def test_it_speaks_russian_on_the_russian_login_page(client_for, db):
    html = client_for(None).get("/ru/accounts/login/").content.decode()

    assert "Войти" in html
    assert "Пароль" in html


def test_it_renders_signup_fields_with_bootstrap_and_labels(client_for, db):
    html = client_for(None).get("/en/accounts/signup/").content.decode()

    for field in ["email", "password1", "password2", "first_name", "last_name"]:
        assert f'for="id_{field}"' in html
    assert 'class="btn btn-primary"' in html
    assert "form-control" in html and "form-select" in html


def test_it_asks_for_confirmation_before_logging_out(client_for, partner_a):
    client = client_for(partner_a)

    assert client.get("/en/accounts/logout/").status_code == 200
    assert "_auth_user_id" in client.session
    client.post("/en/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_it_mails_a_reset_link_that_opens_the_new_password_form(client_for, partner_a, mailoutbox):
    client = client_for(None)

    client.post("/ru/accounts/password/reset/", {"email": partner_a.email})
    link = next(w for w in mailoutbox[0].body.split() if "/password/reset/key/" in w)
    response = client.get(link, follow=True)

    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()


def test_it_sets_a_new_password_from_the_mailed_link(client_for, partner_a, mailoutbox):
    client = client_for(None)
    client.post("/en/accounts/password/reset/", {"email": partner_a.email})
    link = next(w for w in mailoutbox[0].body.split() if "/password/reset/key/" in w)
    form_page = client.get(link, follow=True)

    done = client.post(
        form_page.request["PATH_INFO"],
        {"password1": "Samarkand-Autumn-77", "password2": "Samarkand-Autumn-77"},
        follow=True,
    )

    partner_a.refresh_from_db()
    assert (
        done.status_code == 200
        and done.request["PATH_INFO"] == "/en/accounts/password/reset/key/done/"
    )
    assert partner_a.check_password("Samarkand-Autumn-77")
