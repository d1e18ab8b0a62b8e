"""Lists in the reader's alphabetical order (ICU), not in code-point order."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from mieux_portal import collation
from requests_app.forms import country_choices
from tests import factories
from tests.actions.conftest import make_action


def test_it_orders_russian_names_as_a_russian_reader_expects():
    names = ["Танзания", "Тайвань", "Южная Корея", "Таджикистан", "Юг", "Ёлка", "Ель"]

    # Ё sorts as Е (its dots only break a tie), so "Ёлка" comes before "Ель".
    assert collation.sorted_by_name(names, language="ru") == [
        "Ёлка",
        "Ель",
        "Таджикистан",
        "Тайвань",
        "Танзания",
        "Юг",
        "Южная Корея",
    ]


def test_it_orders_accented_names_among_their_letter_in_french():
    names = ["Zambie", "Égypte", "Estonie", "Allemagne"]

    assert collation.sorted_by_name(names, language="fr") == [
        "Allemagne",
        "Égypte",
        "Estonie",
        "Zambie",
    ]


def test_the_country_select_is_in_russian_order_on_russian_pages():
    with translation.override("ru"):
        names = [name for _code, name in country_choices()]
    with translation.override("en"):
        english = [name for _code, name in country_choices()]

    assert names.index("Таджикистан") < names.index("Тайвань") < names.index("Танзания")
    assert names.index("Южная Корея") < names.index("Ямайка")
    assert english.index("Taiwan") < english.index("Tajikistan") < english.index("Tanzania")


def test_the_institution_list_of_the_admin_is_in_the_readers_order(client_for, manager):
    for name in ("Яблоко", "Ёлочка", "Агентство", "Бюро"):
        factories.InstitutionFactory(name=name)
    url = reverse("admin:accounts_app_partnerinstitution_changelist")
    with translation.override("ru"):
        response = client_for(manager).get(url, HTTP_ACCEPT_LANGUAGE="ru")

    names = [institution.name for institution in response.context["cl"].result_list]
    assert names == ["Агентство", "Бюро", "Ёлочка", "Яблоко"]


def test_the_catalogue_country_filter_is_in_the_readers_order(client, db):
    for country in ("TW", "TZ", "TJ"):
        make_action(countries=[country])
    with translation.override("ru"):
        response = client.get(reverse("actions:list"))
    facet = next(f for f in response.context["facets"] if f.name == "country")

    assert [option.value for option in facet.options] == ["TJ", "TW", "TZ"]
