"""The crawl's own detectors find what they look for (a check that cannot fail is none)."""

from __future__ import annotations

import pytest

from .english import english_among, english_strings

pytestmark = pytest.mark.browser


def russian_page(page, body: str) -> None:
    page.set_content(f'<html lang="ru"><head><title>Заявки | MIEUX+</title></head><body>{body}')


def test_it_finds_an_english_ui_string_on_a_russian_page(page):
    russian_page(page, "<p>Сохранить</p><button>Save</button><img alt='Search' src='x.svg'>")

    assert english_strings(page, "ru") == ["Save", "Search"]


def test_it_finds_an_english_sentence_with_its_placeholder_filled(page):
    russian_page(page, "<h1>View history: MX-2026-0001</h1>")

    assert english_strings(page, "ru") == ["View history: MX-2026-0001"]


def test_it_leaves_russian_text_names_and_marked_english_alone(page):
    russian_page(
        page, "<p>Сохранить</p><p>Tajikistan III</p><p lang='en'>Save</p><code>None</code>"
    )

    assert english_strings(page, "ru") == []
    assert english_strings(page, "en") == []


def test_a_text_the_language_spells_like_english_is_the_language_s_own():
    # Spanish writes Chad as English does; French numbers a dossier with "n°".
    assert english_among({"Chad"}, "es") == []
    assert english_among({"Dossier n° 27"}, "fr") == []


def test_the_english_text_beside_it_is_still_found():
    assert sorted(english_among({"Chad", "Save"}, "es")) == ["Save"]
    assert sorted(english_among({"Dossier 27", "Dossier n° 27"}, "fr")) == ["Dossier 27"]
