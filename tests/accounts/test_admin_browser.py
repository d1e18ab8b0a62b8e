"""The translated reference data is edited in tabs, with jQuery UI served by the portal."""

from __future__ import annotations

import pytest

from accounts_app.models import InstitutionKind


# A live server needs committed data; `reference_data` reloads the groups and kinds that
# an earlier transactional test flushed.
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_it_shows_the_kind_names_in_language_tabs(page, live_server, reference_data, manager):
    kind = InstitutionKind.objects.get(code="civil_society")
    outside_requests: list[str] = []
    page.on(
        "request",
        lambda r: outside_requests.append(r.url) if not r.url.startswith(live_server.url) else None,
    )

    page.goto(f"{live_server.url}/en/admin/login/")
    page.fill("#id_username", manager.email)
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/en/admin/accounts_app/institutionkind/{kind.pk}/change/")

    assert page.locator(".ui-tabs-nav a", has_text="ru").first.is_visible()
    page.locator(".ui-tabs-nav a", has_text="ru").first.click()
    assert page.locator("#id_name_ru").input_value() == "Организация гражданского общества"
    assert outside_requests == []
