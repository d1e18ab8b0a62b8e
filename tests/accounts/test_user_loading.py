"""The session's user is loaded with their institution in one query (accounts_app.backends)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts_app.backends import PortalAuthenticationBackend, user_with_institution
from tests import factories


def test_it_loads_a_partner_with_membership_and_institution_in_one_query(partner_a):
    with CaptureQueriesContext(connection) as queries:
        user = user_with_institution(str(partner_a.pk))
        assert user.email == partner_a.email and user.preferred_language == "en"
        assert user.institution.name == "Migration Service of Tajikistan"
        assert user.membership.user_id == partner_a.pk
    assert len(queries) == 1


def test_it_loads_staff_without_an_institution_in_one_query(staff):
    with CaptureQueriesContext(connection) as queries:
        user = user_with_institution(staff.pk)
        assert user.is_staff and user.institution is None
    assert len(queries) == 1


def test_it_finds_nobody_for_an_unknown_or_malformed_id(db):
    assert user_with_institution(987654) is None
    assert user_with_institution("not-a-number") is None


def test_it_refuses_a_deactivated_user(partner_a):
    partner_a.is_active = False
    partner_a.save()

    assert PortalAuthenticationBackend().get_user(partner_a.pk) is None


def test_it_sees_a_new_institution_on_the_next_page(client_for, db):
    user = factories.UserFactory()
    client = client_for(user)
    assert b"My institution" not in client.get("/en/").content
    factories.MembershipFactory(user=user)

    assert b"My institution" in client.get("/en/").content
