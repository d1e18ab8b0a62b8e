"""Reference data admin: both languages in tabs, with nothing loaded from a CDN."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from requests_app.models import Region, Topic


def test_it_shows_the_number_of_countries_of_a_region(manager, client_for):
    response = client_for(manager).get(reverse("admin:requests_app_region_changelist"))
    asia = next(r for r in response.context["cl"].result_list if r.code == "asia")
    assert response.status_code == 200
    assert len(asia.countries) == 26
    assert '<td class="field-country_count">26</td>' in response.content.decode()


def test_it_edits_both_languages_of_a_topic_with_local_assets_only(manager, client_for):
    response = client_for(manager).get(
        reverse("admin:requests_app_topic_change", args=[Topic.objects.first().pk])
    )
    html = response.content.decode()
    assert 'name="name_en"' in html
    assert 'name="name_ru"' in html
    assert "tabbed_translation_fields.js" in html
    assert "/static/vendor/jquery-ui-1.14.2.min.js" in html
    assert "googleapis" not in html
    assert 'src="//' not in html
    assert 'src="http' not in html


def test_it_saves_a_region_renamed_in_russian(manager, client_for):
    region = Region.objects.get(code="asia")
    url = reverse("admin:requests_app_region_change", args=[region.pk])
    data = {
        "code": "asia",
        "name_en": region.name_en,
        "name_ru": "Азия и Центральная Азия",
        "countries": [c.code for c in region.countries],
        "active": "on",
        "position": region.position,
        "_save": "1",
    }
    response = client_for(manager).post(url, data)
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.name_ru == "Азия и Центральная Азия"


@pytest.mark.browser
def test_it_shows_the_two_languages_of_a_region_as_tabs(reference_data, page, live_server, manager):
    client = Client()
    client.force_login(manager)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    region = Region.objects.get(code="asia")
    page.goto(f"{live_server.url}/en/admin/requests_app/region/{region.pk}/change/")
    page.locator(".ui-tabs-nav a", has_text="ru").first.click()
    assert page.locator("#id_name_ru").is_visible()
    assert not page.locator("#id_name_en").is_visible()
