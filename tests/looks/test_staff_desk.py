"""The staff site says "MIEUX+ staff desk" in every language; staff land on the triage queue
after logging in, partners on their requests; partners who open it are sent to theirs."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Staff-desk-2026!"


def log_in(user, lang: str = "en") -> tuple[Client, str]:
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    response = client.post(f"/{lang}/accounts/login/", {"login": user.email, "password": PASSWORD})
    return client, response["Location"]


@pytest.mark.parametrize(
    ("lang", "title"), [("en", "MIEUX+ staff desk"), ("ru", "Панель сотрудников MIEUX+")]
)
def test_it_titles_every_staff_page_mieux_staff_desk(client_for, staff, lang, title):
    client = client_for(staff)
    for url in (f"/{lang}/admin/", f"/{lang}/admin/requests_app/capacityrequest/"):
        body = client.get(url).content.decode()
        assert f"| {title}</title>" in body or f"<title>{title}</title>" in body
        assert "Django" not in body


def test_it_lands_staff_on_the_triage_queue(staff):
    _client, landing = log_in(staff)
    assert landing == "/en/admin/requests_app/capacityrequest/"


def test_it_lands_staff_without_the_queue_on_the_desks_index(db):
    _client, landing = log_in(UserFactory(is_staff=True, email="clerk@mieux.local"))
    assert landing == "/en/admin/"


def test_it_lands_a_partner_on_my_requests_in_their_language(partner_a):
    partner_a.preferred_language = "ru"
    partner_a.save()
    _client, landing = log_in(partner_a)
    assert landing == "/ru/requests/"


@pytest.mark.parametrize("mfa", [True, False])
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The staff desk is for the MIEUX+ team"),
        ("ru", "Панель сотрудников — для команды MIEUX+"),
    ],
)
def test_it_tells_a_partner_at_the_staff_desk_where_their_requests_are(
    settings, client_a, mfa, lang, text
):
    settings.ADMIN_REQUIRE_MFA = mfa
    response = client_a.get(f"/{lang}/admin/", follow=True)
    body = response.content.decode()
    assert response.status_code == 403
    assert text in body and f'href="/{lang}/requests/"' in body


def test_it_never_says_django_on_a_staff_page(client_for, manager):
    """Every page of the staff desk that needs no object (lists, dashboard, forms)."""
    client, checked = client_for(manager), 0
    for pattern in admin.site.get_urls():
        for url_name in [getattr(pattern, "name", None)] + [
            getattr(p, "name", None) for p in getattr(pattern, "url_patterns", [])
        ]:
            try:
                url = reverse(f"admin:{url_name}")
            except NoReverseMatch:
                continue  # unnamed, or needs an object
            response = client.get(url)
            if response.status_code == 200 and "html" in response["Content-Type"]:
                checked += 1
                assert b"Django" not in response.content, url
    assert checked > 20
