"""A visitor in a real browser: the Russian catalogue, an Action, the Russian info sheet."""

from __future__ import annotations

import pytest

from .conftest import make_action, make_resource

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_takes_a_visitor_from_the_russian_catalogue_to_the_russian_info_sheet(
    page, live_server, reference_data
):
    tajik = make_action(code="Tajikistan III", title_ru="Трудовая миграция из Таджикистана")
    make_action(code="Kyrgyzstan II", title_ru="Управление границами", countries=["KG"])
    make_resource().actions.add(tajik)

    page.goto(f"{live_server.url}/ru/actions/")
    page.select_option("#id_country", "TJ")
    page.locator("form.catalogue-filters button[type=submit]").click()
    assert "country=TJ" in page.url
    assert page.locator("article.card").count() == 1
    page.get_by_role("link", name="Трудовая миграция из Таджикистана").click()

    assert page.locator("h1").inner_text() == "Трудовая миграция из Таджикистана"
    with page.expect_download() as download_info:
        page.locator("a[data-language=ru][download]").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-ru.pdf")
    with open(download.path(), "rb") as file:
        assert file.read().startswith(b"%PDF-")
