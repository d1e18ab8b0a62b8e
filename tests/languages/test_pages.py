"""Every place that lists languages follows the active set: pages, switcher, request
form, e-mail, admin tabs and the staff's working translation; a right-to-left language
turns the page around."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from notifications_app.models import Notification
from requests_app.models import CapacityRequest, Topic
from tests import factories


def url(name: str, lang: str, *args: object) -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def switcher(html: str) -> list[str]:
    return re.findall(r'<link rel="alternate" hreflang="([a-z]+)"', html)


@pytest.mark.parametrize("lang", ["fr", "es"])
@pytest.mark.parametrize("name", ["home", "actions:list"])
def test_it_serves_french_and_spanish_pages_when_they_are_on(
    all_languages_on, db, client, name, lang
):
    response = client.get(url(name, lang))
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="ltr">' in response.content.decode()


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_it_starts_a_request_in_french_or_spanish(all_languages_on, client_a, lang):
    response = client_a.post(url("requests:new", lang))
    draft = CapacityRequest.objects.get()
    assert draft.submission_language == lang
    page = client_a.get(response["Location"])
    assert page.status_code == 200
    assert f'<html lang="{lang}" dir="ltr">' in page.content.decode()


def test_it_offers_only_english_and_russian_by_default(db, client):
    html = client.get(url("home", "en")).content.decode()
    assert switcher(html) == ["en", "ru"]
    assert client.get("/fr/").status_code == 404
    assert client.get("/es/actions/").status_code == 404


def test_it_lists_all_four_languages_in_the_switcher_when_they_are_on(all_languages_on, db, client):
    html = client.get(url("home", "en")).content.decode()
    assert switcher(html) == ["en", "ru", "fr", "es"]
    assert 'hreflang="fr" lang="fr" dir="ltr" data-language="fr">Français<' in html


def test_it_turns_the_page_around_for_a_right_to_left_language(settings, db, client):
    settings.LANGUAGES_BIDI = ["ru"]  # as if Russian were written right to left
    assert '<html lang="ru" dir="rtl">' in client.get(url("home", "ru")).content.decode()
    assert '<html lang="en" dir="ltr">' in client.get(url("home", "en")).content.decode()


def acknowledgement_language(email: str) -> str:
    partner = factories.partner(preferred_language="fr", email=email)
    factories.submitted_request(partner)
    return Notification.objects.get(to_email=email).language


def test_it_writes_in_english_to_someone_whose_language_was_switched_off(db):
    assert acknowledgement_language("amina@example.sn") == "en"


def test_it_writes_in_french_when_french_is_on(all_languages_on, db):
    assert acknowledgement_language("amina@example.sn") == "fr"


def test_it_shows_admin_tabs_for_the_active_languages_only(manager, client_for, settings):
    change = reverse("admin:requests_app_topic_change", args=[Topic.objects.first().pk])
    html = client_for(manager).get(change).content.decode()
    assert 'name="name_ru"' in html
    assert 'name="name_fr"' not in html
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "French")]
    html = client_for(manager).get(change).content.decode()
    assert 'name="name_fr"' in html


def test_it_offers_the_working_translation_in_every_other_active_language(partner_a, settings):
    obj = factories.submitted_request(partner_a, submission_language="ru")
    assert obj.translation_languages() == ["en"]
    settings.LANGUAGES = [*settings.LANGUAGES, ("es", "Spanish")]
    assert obj.translation_languages() == ["en", "es"]
    assert obj.narrative_languages() == ["en", "ru", "es"]


def test_it_keeps_the_original_beside_the_translation_once_its_language_is_off(
    partner_a, all_languages_on, settings
):
    obj = factories.submitted_request(partner_a, submission_language="fr")
    settings.LANGUAGES = settings.LANGUAGES[:2]
    assert obj.narrative_languages() == ["fr", "en", "ru"]
    assert obj.translation_languages() == ["en", "ru"]


def test_it_puts_every_active_language_side_by_side_on_the_staff_desk(
    partner_a, staff, client_for, settings
):
    obj = factories.submitted_request(partner_a, submission_language="ru")
    change = reverse("admin:requests_app_capacityrequest_change", args=[obj.pk])
    assert 'name="context_es"' not in client_for(staff).get(change).content.decode()
    settings.LANGUAGES = [*settings.LANGUAGES, ("es", "Spanish")]
    html = client_for(staff).get(change).content.decode()
    assert 'name="context_es"' in html and 'name="context_en"' in html
    assert 'name="context_ru"' not in html
