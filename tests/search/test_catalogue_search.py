"""The Actions catalogue's search: word forms in either language, countries by their name in
the reader's language, the best match first."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from tests.actions.conftest import make_action


def search(client, q: str, lang: str = "ru") -> list[str]:
    with translation.override(lang):
        response = client.get(reverse("actions:list"), {"q": q})
    return [action.code for action in response.context["actions"]]


def test_it_finds_the_tajikistan_actions_by_the_russian_name_in_lower_case(client, db):
    make_action(code="Tajikistan III", countries=["TJ"])
    make_action(code="Uzbekistan I", countries=["UZ"], title_ru="Узбекистан", title_en="Uz")

    assert search(client, "таджикистан") == ["Tajikistan III"]
    assert search(client, "узбекистан") == ["Uzbekistan I"]


def test_it_matches_word_forms_in_the_russian_texts(client, db):
    make_action(code="A", summary_ru="Поддержка трудовых мигрантов в регионе.")
    make_action(code="B", summary_ru="Пограничный контроль.", title_ru="Граница")

    assert search(client, "мигранты") == ["A"]
    assert search(client, "пограничного") == ["B"]


def test_it_lists_the_best_match_first(client, db):
    make_action(code="Mention", summary_en="Some work on asylum.", title_en="Data")
    make_action(code="Title", title_en="Asylum systems", summary_en="Reception.")

    assert search(client, "asylum", lang="en") == ["Title", "Mention"]
