"""What staff change in partners' data is saved through the services and traced: each
change to an institution or a membership leaves a history row naming who made it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts_app import services
from accounts_app.models import Membership, PartnerInstitution
from tests import factories

CHANGE = "/en/admin/accounts_app/partnerinstitution/{}/change/"


def form(institution: PartnerInstitution, **changes: str) -> dict[str, object]:
    """The admin's institution form as it stands, with some changes, and no member lines."""
    data = {
        "name": institution.name,
        "english_name": institution.english_name,
        "acronym": institution.acronym,
        "kind": institution.kind_id,
        "country": str(institution.country),
        "address": institution.address,
        "website": institution.website,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    return data | changes


def trail(model_history) -> list[tuple[str, object]]:
    return [(h.history_type, h.history_user) for h in model_history.order_by("history_id")]


def test_it_records_which_manager_changed_an_institution(client_for, manager):
    institution = factories.InstitutionFactory(name="Old name")
    response = client_for(manager).post(
        CHANGE.format(institution.pk), form(institution, name="New")
    )
    assert response.status_code == 302
    last = institution.history.latest()
    assert (last.name, last.history_type, last.history_user) == ("New", "~", manager)


def test_it_refuses_plain_staff_the_change_and_records_nothing(client_for, staff):
    institution = factories.InstitutionFactory(name="Old name")
    response = client_for(staff).post(CHANGE.format(institution.pk), form(institution, name="New"))
    assert response.status_code == 403
    assert [h.name for h in institution.history.all()] == ["Old name"]


def test_it_records_who_added_and_who_removed_a_member(client_for, db):
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    institution, user = factories.InstitutionFactory(), factories.UserFactory()
    client, url = client_for(admin), CHANGE.format(institution.pk)
    line = {"memberships-TOTAL_FORMS": "1", "memberships-0-user": user.pk}
    client.post(url, form(institution, **line))
    membership = Membership.objects.get(user=user, institution=institution)
    line |= {"memberships-INITIAL_FORMS": "1", "memberships-0-id": membership.pk}
    client.post(url, form(institution, **line, **{"memberships-0-DELETE": "on"}))
    assert not Membership.objects.filter(user=user).exists()
    assert trail(Membership.history.filter(user_id=user.pk)) == [("+", admin), ("-", admin)]


def test_it_keeps_the_verification_whatever_the_form_put_on_the_institution(manager):
    institution = services.institution_verify(
        institution=factories.InstitutionFactory(), actor=manager
    )
    institution.verified, institution.verified_by, institution.name = False, None, "Renamed"
    services.institution_save(institution=institution, actor=manager)
    institution.refresh_from_db()
    assert (institution.name, institution.verified, institution.verified_by) == (
        "Renamed",
        True,
        manager,
    )


def test_it_records_the_partner_who_registered_and_edited_their_institution(partner_a):
    institution = partner_a.institution
    services.institution_update(institution=institution, actor=partner_a, acronym="MS")
    assert trail(institution.history)[-1] == ("~", partner_a)
    assert institution.history.latest().acronym == "MS"


def test_it_lets_only_the_account_holder_change_a_profile(partner_a, partner_b, staff):
    with pytest.raises(PermissionDenied):
        services.user_update_profile(user=partner_a, actor=partner_b, position="Minister")
    with pytest.raises(TypeError, match="receive_digest"):
        services.user_update_profile(user=partner_a, actor=partner_a, receive_digest=True)
    services.user_update_profile(user=staff, actor=staff, receive_digest=True, position="Desk")
    staff.refresh_from_db()
    assert (staff.receive_digest, staff.position) == (True, "Desk")
