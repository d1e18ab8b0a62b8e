"""The Actions catalogue: filters with counts, search in both languages, pages, queries."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from actions_app.models import ActionStatus
from requests_app.models import Region

from .conftest import make_action, make_activity


def catalogue(client, lang: str = "en", **params):
    with translation.override(lang):
        return client.get(reverse("actions:list"), params)


def found(response) -> list[str]:
    return [action.code for action in response.context["actions"]]


def options(response, name: str) -> dict[str, int]:
    facet = next(f for f in response.context["facets"] if f.name == name)
    return {option.value: option.count for option in facet.options}


def test_it_counts_each_option_of_each_filter(client, db):
    make_action(code="A", countries=["TJ", "UZ"], topics=["LM", "RR"])
    make_action(code="B", countries=["KG"], topics=["BM"], status=ActionStatus.COMPLETED)
    make_action(
        code="C",
        countries=["MA"],
        region=Region.objects.get(code="eu_south"),
        start_date=date(2019, 5, 1),
    )
    response = catalogue(client)
    assert options(response, "region") == {"asia": 2, "eu_south": 1}
    assert options(response, "country") == {"TJ": 1, "UZ": 1, "KG": 1, "MA": 1}
    assert options(response, "topic") == {"LM": 2, "RR": 1, "BM": 1}
    assert options(response, "status") == {"ongoing": 2, "completed": 1}
    assert options(response, "year") == {"2024": 2, "2019": 1}


def test_it_counts_the_options_among_the_other_filters_results(client, db):
    make_action(code="A", countries=["TJ"], topics=["LM"])
    make_action(code="B", countries=["KG"], topics=["BM"])
    response = catalogue(client, country="KG")
    assert found(response) == ["B"]
    assert options(response, "topic") == {"BM": 1}
    assert options(response, "country") == {"TJ": 1, "KG": 1}  # its own filter left aside


def test_it_filters_by_every_filter_together(client, db):
    make_action(code="A", countries=["TJ", "UZ"], topics=["LM"])
    make_action(code="B", countries=["UZ"], topics=["LM"], status=ActionStatus.COMPLETED)
    make_action(code="C", countries=["UZ"], topics=["BM"])
    params = {"region": "asia", "country": "UZ", "topic": "LM", "status": "ongoing", "year": "2024"}
    assert found(catalogue(client, **params)) == ["A"]


def test_it_does_not_take_a_country_for_part_of_another(client, db):
    make_action(code="A", countries=["AT", "TJ"])
    assert found(catalogue(client, country="T")) == []
    assert found(catalogue(client, country="TJ")) == ["A"]


def test_it_searches_russian_words_on_the_russian_page(client, db):
    make_action(code="A", title_ru="Реинтеграция вернувшихся мигрантов")
    make_action(code="B", title_ru="Управление границами")
    assert found(catalogue(client, "ru", q="реинтеграция")) == ["A"]


def test_it_searches_both_languages_from_either_page(client, db):
    make_action(code="A", title_en="Border risk analysis", summary_ru="Анализ рисков на границе")
    assert found(catalogue(client, "ru", q="border")) == ["A"]
    assert found(catalogue(client, "en", q="рисков")) == ["A"]


def test_it_ignores_values_it_cannot_read(client, db):
    make_action(code="A")
    response = catalogue(client, year="abc", status="nonsense", page="x")
    assert response.status_code == 200 and found(response) == ["A"]


def test_it_pages_the_results_and_keeps_the_filters(client, db):
    for n in range(12):
        make_action(code=f"A{n:02d}", start_date=date(2024, 1, n + 1))
    first = catalogue(client, topic="LM")
    second = catalogue(client, topic="LM", page=2)
    assert len(found(first)) == 10 and len(found(second)) == 2
    assert "?topic=LM&amp;page=2" in first.content.decode()


def test_it_runs_the_same_number_of_queries_for_3_or_30_actions(client, db):
    def queries(n: int) -> int:
        for _ in range(n):
            action = make_action(countries=["TJ", "KG"], topics=["LM", "BM"])
            make_activity(action)
        with CaptureQueriesContext(connection) as captured:
            assert catalogue(client, q="labour").status_code == 200
        return len(captured)

    catalogue(client, q="labour")  # a word's first search asks whether it is a stop word
    assert queries(3) == queries(27)


def test_it_runs_the_same_number_of_queries_for_an_action_of_3_or_30_activities(client, db):
    from .conftest import make_news

    def queries(activities: int) -> int:
        action = make_action()
        for _ in range(activities):
            make_activity(action)
        make_news().actions.add(action)
        with CaptureQueriesContext(connection) as captured, translation.override("en"):
            assert client.get(reverse("actions:action", args=[action.slug])).status_code == 200
        return len(captured)

    assert queries(3) == queries(30)


def test_it_searches_once_for_the_page_and_its_counts_whatever_the_matches(client, db):
    def queries(n: int) -> list[str]:
        for _ in range(n):
            make_action(countries=["TJ"], topics=["LM"], title_en="Labour mobility")
        with CaptureQueriesContext(connection) as captured:
            response = catalogue(client, q="labour", topic="LM", status="ongoing")
        assert len(found(response)) == min(n, 10)
        return [q["sql"] for q in captured.captured_queries]

    catalogue(client, q="labour")  # a word's first search asks whether it is a stop word
    few, many = queries(2), queries(25)
    assert len(few) == len(many)
    assert sum("@@" in sql or "LIKE" in sql.upper() for sql in many) == 1
