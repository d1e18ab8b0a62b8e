"""The Russian staff desk reads as Russian: Django's and django-simple-history's strings in
the portal's own translations (mieux_portal/admin_strings.py), counts with plural forms."""

from __future__ import annotations

import pytest

from tests import factories

QUEUE = "/ru/admin/requests_app/capacityrequest/"


INSTITUTIONS = "/ru/admin/accounts_app/partnerinstitution/"


@pytest.mark.parametrize(("count", "words"), [(0, "0 записей"), (1, "1 запись"), (3, "3 записи")])
def test_it_counts_a_list_in_russian_plural_forms(client_for, staff, count, words):
    for _ in range(count):
        factories.InstitutionFactory()

    page = client_for(staff).get(INSTITUTIONS).content.decode()

    assert f"Учреждения-партнёры: {words}" in page


def test_it_names_the_model_after_a_noun_in_the_russian_titles(client_for, staff):
    page = client_for(staff).get(QUEUE).content.decode()

    assert "Выберите объект «заявка на развитие потенциала»" in page
    assert "Выберите заявка" not in page


def test_it_shows_the_history_pages_in_russian(client_for, staff, partner_a):
    request = factories.submitted_request(partner_a)

    page = client_for(staff).get(f"{QUEUE}{request.pk}/history/").content.decode()

    assert "История версий:" in page and "View history" not in page
    assert "MIEUX+" in page.split("<title>")[1].split("</title>")[0]


def test_it_keeps_the_english_desk_in_english(client_for, staff):
    factories.InstitutionFactory()

    page = client_for(staff).get(INSTITUTIONS.replace("/ru/", "/en/")).content.decode()

    assert "Partner institutions: 1 entry" in page


def test_it_names_the_reference_counters_columns_in_russian(client_for, partner_a):
    factories.submitted_request(partner_a)
    superuser = factories.UserFactory(is_staff=True, is_superuser=True)

    page = client_for(superuser).get("/ru/admin/requests_app/referencecounter/").content.decode()

    assert "Последний выданный номер" in page and "Год" in page
    assert ">Last<" not in page and ">Year<" not in page


def test_it_names_the_timeline_steps_in_the_russian_list(client_for, staff, partner_a):
    factories.submitted_request(partner_a)

    page = client_for(staff).get("/ru/admin/requests_app/requestevent/").content.decode()

    assert '<td class="field-transition_label">Подать</td>' in page
    assert ">submit</td>" not in page
