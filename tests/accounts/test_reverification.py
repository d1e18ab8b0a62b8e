"""What MIEUX+ verified (name, kind, country) cannot change behind its back: a change
withdraws "Verified by MIEUX+", leaves a trace in the admin and tells the managers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts_app import services
from accounts_app.models import InstitutionKind
from notifications_app.models import Notification

PAGE = "/en/institution/"


@pytest.fixture
def verified(institution_a, manager):
    return services.institution_verify(institution=institution_a, actor=manager)


def details(institution, **changes) -> dict:
    fields = ("name", "english_name", "acronym", "address", "website")
    data = {name: getattr(institution, name) for name in fields}
    return {**data, "kind": institution.kind_id, "country": institution.country.code, **changes}


def civil_society() -> int:
    return InstitutionKind.objects.get(code="civil_society").pk


@pytest.mark.parametrize("field", ["name", "kind", "country"])
def test_it_withdraws_the_verification_when_a_verified_field_changes(client_a, verified, field):
    value = {"name": "Ministry of Labour — ACTION REQUIRED", "kind": civil_society()}
    response = client_a.post(
        PAGE, details(verified, **{field: value.get(field, "KG")}), follow=True
    )

    verified.refresh_from_db()
    assert (verified.verified, verified.verified_at, verified.verified_by) == (False, None, None)
    assert "Not yet verified by MIEUX+" in response.content.decode()
    assert "MIEUX+ will verify it again" in response.content.decode()


def test_it_keeps_the_verification_for_an_unrelated_edit(client_a, verified, manager):
    response = client_a.post(PAGE, details(verified, address="Rudaki 1"), follow=True)

    verified.refresh_from_db()
    assert verified.verified and verified.verified_by == manager
    assert "Verified by MIEUX+" in response.content.decode()
    assert not Notification.objects.filter(event="institution_reverify").exists()


def test_it_tells_the_managers_and_not_the_other_staff(client_a, verified, manager, staff):
    client_a.post(PAGE, details(verified, country="KG"))

    row = Notification.objects.get(event="institution_reverify")
    assert row.to_email == manager.email
    assert verified.name not in row.subject
    assert "changed its country" in row.body_text
    link = reverse("admin:accounts_app_partnerinstitution_change", args=[verified.pk])
    assert link in row.body_text


def test_it_leaves_a_trace_in_the_institutions_history(client_a, partner_a, verified):
    client_a.post(PAGE, details(verified, name="Renamed service"))

    latest, previous = verified.history.all()[:2]
    assert latest.history_user == partner_a
    assert (latest.name, latest.verified) == ("Renamed service", False)
    assert (previous.name, previous.verified) == (verified.name, True)


def test_it_withdraws_it_in_the_service_whoever_calls_it(partner_a, verified):
    services.institution_update(institution=verified, actor=partner_a, country="UZ")

    verified.refresh_from_db()
    assert not verified.verified
