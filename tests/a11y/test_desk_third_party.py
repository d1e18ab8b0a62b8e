"""The libraries' admin pages in the reader's language: django-axes ships Russian for a third
of its strings and no Spanish (mieux_portal.admin_strings lists them for our catalogues)."""

from __future__ import annotations

import pytest

ACCESS_LOGS = "/{lang}/admin/axes/accesslog/"


@pytest.mark.parametrize(
    ("lang", "column", "title"),
    [
        ("ru", "Браузер (User-Agent)", "журнал входов"),
        ("es", "Navegador (User-Agent)", "registro de accesos"),
    ],
)
def test_it_shows_the_login_log_in_the_language(
    client_for, superuser, all_languages_on, lang, column, title
):
    page = client_for(superuser).get(ACCESS_LOGS.format(lang=lang)).content.decode()

    assert column in page and title in page.lower()
    assert "User Agent" not in page and "access logs" not in page.lower()


def test_it_keeps_the_login_log_in_english_on_the_english_desk(client_for, superuser):
    page = client_for(superuser).get(ACCESS_LOGS.format(lang="en")).content.decode()

    assert "User Agent" in page
