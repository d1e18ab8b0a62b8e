"""Country names: where django-countries gets a name wrong in a language the portal speaks
("Trinidad yTobago", "Мьянмы"), settings.COUNTRIES_OVERRIDE and our catalogues give the
right one; the names it gets right are its own."""

from __future__ import annotations

import pytest
from django.utils import translation
from django_countries import countries


def names(language: str, *codes: str) -> list[str]:
    with translation.override(language):
        return [str(countries.name(code)) for code in codes]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("es", ["Trinidad y Tobago", "República Centroafricana", "Esuatini", "Kirguistán"]),
        ("ru", ["Тринидад и Тобаго", "Центральноафриканская Республика", "Эсватини", "Кыргызстан"]),
        ("fr", ["Trinité-et-Tobago", "République centrafricaine", "Eswatini", "Kirghizistan"]),
        ("en", ["Trinidad and Tobago", "Central African Republic", "Eswatini", "Kyrgyzstan"]),
    ],
)
def test_it_names_the_overridden_countries_in_each_language(language, expected):
    assert names(language, "TT", "CF", "SZ", "KG") == expected


def test_it_gives_myanmar_its_nominative_in_russian_and_keeps_the_names_it_does_not_override():
    assert names("ru", "MM", "TJ") == ["Мьянма", "Таджикистан"]
    assert names("es", "MM", "TJ") == ["Myanmar", "Tayikistán"]
