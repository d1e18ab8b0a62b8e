"""Search on PostgreSQL: each text in its language's configuration (word forms match), ranked,
in the admin queue, "My requests" and the Actions catalogue."""

from __future__ import annotations

from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from requests_app.models import CapacityRequest
from tests import factories
from tests.requests.helpers import url

CHANGELIST = "admin:requests_app_capacityrequest_changelist"
NUMBERS = count(1)


@pytest.fixture(autouse=True)
def on_postgresql(db):
    assert connection.vendor == "postgresql"


def submitted(**kwargs) -> CapacityRequest:
    return factories.CapacityRequestFactory(
        status="submitted",
        reference=f"MX-1998-{next(NUMBERS):04d}",
        submitted_at=timezone.now(),
        **kwargs,
    )


def found(text: str) -> list[str]:
    return list(CapacityRequest.objects.search(text).values_list("reference", flat=True))


def test_it_matches_russian_word_forms():
    obj = submitted(submission_language="ru", context_ru="Обучение трудовых мигрантов.")
    submitted(context_ru="Пограничный контроль.")

    assert found("мигранты") == [obj.reference]
    assert found("МИГРАНТ") == [obj.reference]


def test_it_matches_english_word_forms_in_the_english_text():
    obj = submitted(title_en="Training of border guards")

    assert found("guard trained") == [obj.reference]
    assert found("guard asylum") == []


def test_it_finds_the_contact_person_and_the_institutions_city():
    institution = factories.InstitutionFactory(address="ул. Рудаки 1, Душанбе")
    obj = submitted(institution=institution, contact_name="Рахимова Нилуфар")
    submitted(contact_name="Иванов")

    assert found("рахимова") == [obj.reference]
    assert found("душанбе") == [obj.reference]


def test_it_follows_a_renamed_institution():
    obj = submitted()
    obj.institution.name = "Агентство по миграции"
    obj.institution.save()

    assert found("агентство") == [obj.reference]
    assert found(obj.institution.acronym or "zzz-none") in ([obj.reference], [])


def test_it_finds_a_reference_and_an_email_address():
    obj = submitted(contact_email="desk@agency.example.org")
    submitted(contact_email="other@agency.example.org")

    assert found(obj.reference) == [obj.reference]
    assert found(obj.reference.rsplit("-", 1)[1]) == [obj.reference]  # its number alone
    assert found("desk@agency.example.org") == [obj.reference]


def test_it_ranks_a_title_match_before_a_mention_in_the_text():
    mention = submitted(title_en="Data", context_en="Some words on reintegration.")
    title = submitted(title_en="Reintegration of returnees")
    ranked = CapacityRequest.objects.search("reintegration").order_by("-search_rank")

    assert list(ranked.values_list("pk", flat=True)) == [title.pk, mention.pk]


def test_the_admin_finds_a_lower_case_russian_word_ranked_first(client_for, staff):
    submitted(title_en="Electronic register of visas", context_en="электронный в тексте")
    obj = submitted(title_ru="Электронный учёт", title_en="")  # waiting less long, ranks first
    submitted(title_en="Unrelated")
    response = client_for(staff).get(reverse(CHANGELIST), {"q": "электронный"})

    rows = list(response.context["cl"].result_list)
    assert len(rows) == 2 and rows[0] == obj


def test_the_admin_keeps_a_chosen_column_order_when_searching(client_for, staff):
    older = submitted(title_en="Asylum one", contact_name="Zed")
    newer = submitted(title_en="Asylum two asylum asylum", contact_name="Abe")
    response = client_for(staff).get(reverse(CHANGELIST), {"q": "asylum", "o": "1"})

    assert list(response.context["cl"].result_list) == [older, newer]


def test_my_requests_searches_the_own_institution_only(client_a, partner_a, partner_b):
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Visa data")
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Border")
    factories.CapacityRequestFactory(institution=partner_b.institution, title_en="Visa theirs")
    page = client_a.get(url("my_requests"), {"q": "visas"}).content.decode()

    assert "Visa data" in page
    assert "Border" not in page and "Visa theirs" not in page


def test_my_requests_search_keeps_the_status_filter_and_fixed_queries(client_a, partner_a):
    for n in range(3):
        factories.CapacityRequestFactory(institution=partner_a.institution, title_en=f"Visa {n}")
    client_a.get(url("my_requests"), {"q": "visa", "status": "draft"})
    with CaptureQueriesContext(connection) as few:
        response = client_a.get(url("my_requests"), {"q": "visa", "status": "draft", "page": "1"})
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Visa 9")
    with CaptureQueriesContext(connection) as more:
        client_a.get(url("my_requests"), {"q": "visa", "status": "draft", "page": "1"})

    assert len(response.context["rows"]) == 3
    assert 'name="status" value="draft"' in response.content.decode()
    assert len(more) == len(few)


def test_my_requests_says_when_nothing_matches(client_a, partner_a):
    factories.CapacityRequestFactory(institution=partner_a.institution, title_en="Visa data")
    page = client_a.get(url("my_requests"), {"q": "asylum"}).content.decode()

    assert "matches “asylum”" in page and "Visa data" not in page
