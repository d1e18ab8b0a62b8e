"""Creating, viewing and editing the user's institution."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts_app import services
from accounts_app.models import InstitutionKind, Membership, PartnerInstitution
from tests import factories


def form_data(**overrides: object) -> dict:
    data = {
        "name": "Министерство труда, миграции и занятости населения",
        "english_name": "Ministry of Labour, Migration and Employment",
        "acronym": "MLME",
        "kind": InstitutionKind.objects.get(code="national_authority").pk,
        "country": "TJ",
        "address": "Dushanbe",
        "website": "https://mehnat.tj",
    }
    return {**data, **overrides}


@pytest.fixture
def newcomer(db):
    """A partner user who has not described an institution yet."""
    return factories.UserFactory(email="newcomer@example.tj")


def test_it_creates_the_institution_and_the_membership(client_for, newcomer):
    response = client_for(newcomer).post("/en/institution/new/", form_data())

    institution = PartnerInstitution.objects.get(acronym="MLME")
    assert Membership.objects.get(user=newcomer).institution == institution
    assert not institution.verified
    assert response["Location"] == "/en/requests/"


def test_it_redirects_to_a_safe_next_page_only(client_for, newcomer, db):
    safe = client_for(newcomer).post("/en/institution/new/?next=/en/profile/", form_data())
    other = factories.UserFactory()
    unsafe = client_for(other).post("/en/institution/new/?next=https://evil.example/", form_data())

    assert safe["Location"] == "/en/profile/"
    assert unsafe["Location"] == "/en/requests/"


def test_it_refuses_a_second_institution_in_the_service(partner_a):
    with pytest.raises(ValidationError) as error:
        services.institution_create(actor=partner_a, **form_data(kind=partner_a.institution.kind))

    assert error.value.code == "already_member"
    assert PartnerInstitution.objects.count() == 1


def test_it_sends_a_member_from_the_create_page_to_the_institution(client_for, partner_a):
    response = client_for(partner_a).post("/en/institution/new/", form_data())

    assert response["Location"] == "/en/institution/"
    assert PartnerInstitution.objects.count() == 1


def test_it_sends_a_user_without_institution_to_the_create_page(client_for, newcomer):
    response = client_for(newcomer).get("/ru/institution/")

    assert response["Location"] == "/ru/institution/new/"


def test_it_shows_a_note_to_staff_instead_of_the_form(client_for, staff):
    for path in ["/en/institution/", "/en/institution/new/"]:
        response = client_for(staff).get(path)
        assert response.status_code == 200
        assert 'name="name"' not in response.content.decode()
    assert not PartnerInstitution.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("website", "not a url"), ("country", "XX"), ("kind", "999999"), ("name", "x" * 301)],
)
def test_it_rejects_invalid_input_and_keeps_the_other_values(client_for, newcomer, field, value):
    response = client_for(newcomer).post("/en/institution/new/", form_data(**{field: value}))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="error_1_id_{field}"' in html
    assert 'value="Ministry of Labour, Migration and Employment"' in html
    assert not PartnerInstitution.objects.exists()


def test_it_lists_kinds_and_countries_in_russian_on_russian_pages(client_for, newcomer):
    html = client_for(newcomer).get("/ru/institution/new/").content.decode()

    assert "Национальный орган власти" in html
    assert "Таджикистан" in html


def test_it_shows_the_institution_and_all_its_members(client_for, partner_a, institution_a):
    colleague = factories.partner(institution=institution_a, first_name="Farrukh")

    html = client_for(partner_a).get("/en/institution/").content.decode()

    assert institution_a.name in html
    assert colleague.get_full_name() in html and partner_a.get_full_name() in html
    assert "Not yet verified by MIEUX+" in html


def test_it_lets_a_member_edit_and_keeps_the_verification(client_for, partner_a, manager):
    institution = services.institution_verify(institution=partner_a.institution, actor=manager)
    kept = {"name": institution.name, "kind": institution.kind_id, "country": "TJ"}

    response = client_for(partner_a).post(
        "/en/institution/", form_data(**kept, address="Rudaki 1", website="migration.tj")
    )

    institution.refresh_from_db()
    assert response["Location"] == "/en/institution/"
    assert (institution.address, institution.website) == ("Rudaki 1", "https://migration.tj")
    assert institution.verified and institution.verified_by == manager


def test_it_shows_when_the_institution_was_verified(client_for, partner_a, manager):
    services.institution_verify(institution=partner_a.institution, actor=manager)

    html = client_for(partner_a).get("/en/institution/").content.decode()

    assert "Verified by MIEUX+" in html
    assert timezone.localdate().strftime("%Y") in html


def test_it_edits_only_the_users_own_institution(client_for, partner_a, partner_b):
    client_for(partner_b).post("/en/institution/", form_data(name="Renamed"))

    assert PartnerInstitution.objects.get(pk=partner_b.institution.pk).name == "Renamed"
    assert PartnerInstitution.objects.get(pk=partner_a.institution.pk).name != "Renamed"


def test_it_refuses_an_update_by_a_non_member(partner_a, partner_b):
    with pytest.raises(PermissionDenied):
        services.institution_update(
            institution=partner_a.institution, actor=partner_b, name="Taken over"
        )
