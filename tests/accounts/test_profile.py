"""The user's profile page."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.utils import translation
from django.utils.translation import gettext


def test_it_changes_the_language_and_redirects_to_the_russian_profile(client_for, partner_a):
    client = client_for(partner_a)

    response = client.post(
        "/en/profile/",
        {
            "first_name": "Dilnoza",
            "last_name": "Karimova",
            "position": "Head of unit",
            "phone": "+992 37 221 00 00",
            "preferred_language": "ru",
        },
    )

    partner_a.refresh_from_db()
    assert response["Location"] == "/ru/profile/"
    assert (partner_a.preferred_language, partner_a.position) == ("ru", "Head of unit")
    with translation.override("ru"):
        saved = gettext("Your profile has been saved.")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [saved]


def test_it_shows_errors_and_keeps_the_typed_values(client_for, partner_a):
    response = client_for(partner_a).post(
        "/en/profile/",
        {"first_name": "Dilnoza", "position": "x" * 201, "preferred_language": "fr"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_position"' in html
    assert 'id="error_1_id_preferred_language"' in html
    assert 'value="Dilnoza"' in html


def test_it_links_to_password_change_and_email_management(client_for, partner_a):
    html = client_for(partner_a).get("/ru/profile/").content.decode()

    assert 'href="/ru/accounts/password/change/"' in html
    assert 'href="/ru/accounts/email/"' in html
