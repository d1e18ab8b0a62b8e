"""Colleagues invite each other: the link signs them up straight into the institution."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts_app import services
from accounts_app.models import Invitation, Membership, User
from notifications_app.models import Notification
from tests import factories

PASSWORD = "Dushanbe-Autumn-2026"


@pytest.fixture(autouse=True)
def _verified(institution_a, manager):
    """Only members of a verified institution invite (test_invitation_abuse.py)."""
    services.institution_verify(institution=institution_a, actor=manager)


@pytest.fixture
def invitation(partner_a):
    return services.invitation_create(
        institution=partner_a.institution,
        actor=partner_a,
        email="colleague@example.tj",
        language="ru",
    )


def sign_up(client, email: str = "colleague@example.tj"):
    return client.post(
        "/ru/accounts/signup/",
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Farrukh",
            "last_name": "Saidov",
            "preferred_language": "ru",
        },
    )


def test_it_queues_the_invitation_in_the_chosen_language_with_the_link(client_for, partner_a):
    response = client_for(partner_a).post(
        "/en/institution/invitations/", {"email": "Colleague@Example.tj", "language": "ru"}
    )

    invitation = Invitation.objects.get()
    row = Notification.objects.get(event="invitation")
    assert response["Location"] == "/en/institution/"
    assert (invitation.email, invitation.institution, invitation.invited_by) == (
        "colleague@example.tj",
        partner_a.institution,
        partner_a,
    )
    assert (row.to_email, row.language) == ("colleague@example.tj", "ru")
    assert f"http://127.0.0.1:8000/ru/invitations/{invitation.token}/" in row.body_text
    assert partner_a.institution.name not in row.subject
    assert f"“{partner_a.institution.name}”" in row.body_text
    assert f'href="http://127.0.0.1:8000/ru/invitations/{invitation.token}/"' in row.body_html


def test_it_signs_the_invited_colleague_up_into_the_institution(client, invitation):
    page = client.get(f"/ru/invitations/{invitation.token}/")
    client.post(f"/ru/invitations/{invitation.token}/")
    form = client.get("/ru/accounts/signup/").content.decode()
    # The address is fixed: another one posted is ignored.
    response = sign_up(client, email="someone.else@example.org")

    user = User.objects.get(email="colleague@example.tj")
    assert invitation.institution.name in page.content.decode()
    email_input = re.search(r'<input[^>]* name="email"[^>]*>', form).group(0)
    assert 'value="colleague@example.tj"' in email_input and " disabled" in email_input
    assert response.status_code == 302 and int(client.session["_auth_user_id"]) == user.pk
    assert user.membership.institution == invitation.institution
    assert EmailAddress.objects.get(user=user).verified
    assert mail.outbox == []  # no confirmation e-mail: the link proved the address
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None


def test_it_lets_a_signed_in_user_without_institution_accept(client_for, invitation):
    colleague = factories.UserFactory(email="colleague@example.tj")
    EmailAddress.objects.filter(user=colleague).update(verified=False)

    response = client_for(colleague).post(f"/en/invitations/{invitation.token}/")

    assert response["Location"] == "/en/institution/"
    assert colleague.membership.institution == invitation.institution
    assert EmailAddress.objects.get(user=colleague).verified


def test_it_refuses_an_expired_invitation(client, invitation):
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())

    page = client.get(f"/en/invitations/{invitation.token}/")
    posted = client.post(f"/en/invitations/{invitation.token}/")

    assert page.status_code == 410 and posted.status_code == 410
    assert gettext(services.INVITATION_REFUSALS["expired"]) in page.content.decode()
    assert "invitation_token" not in client.session


def test_it_refuses_a_used_invitation_the_second_time(client_for, invitation):
    first = factories.UserFactory(email="colleague@example.tj")
    client_for(first).post(f"/en/invitations/{invitation.token}/")

    again = client_for(None).get(f"/ru/invitations/{invitation.token}/")

    assert first.membership.institution == invitation.institution
    assert again.status_code == 410
    with translation.override("ru"):
        assert gettext(services.INVITATION_REFUSALS["accepted"]) in again.content.decode()


def test_it_answers_404_for_an_unknown_token(client, db):
    response = client.get("/en/invitations/not-a-real-token/")

    assert response.status_code == 404
    assert gettext(services.INVITATION_REFUSALS["unknown"]) in response.content.decode()


def test_it_refuses_a_user_who_already_belongs_to_an_institution(client_for, partner_a, partner_b):
    invitation = services.invitation_create(
        institution=partner_a.institution, actor=partner_a, email=partner_b.email, language="en"
    )

    response = client_for(partner_b).post(f"/en/invitations/{invitation.token}/")

    assert response.status_code == 403
    assert Membership.objects.get(user=partner_b).institution == partner_b.institution
    assert Invitation.objects.get().accepted_at is None


def test_it_refuses_a_signed_in_user_with_another_address(client_for, invitation):
    stranger = factories.UserFactory(email="stranger@example.org")

    response = client_for(stranger).post(f"/en/invitations/{invitation.token}/")

    assert response.status_code == 403
    assert not Membership.objects.filter(user=stranger).exists()


def test_it_sends_a_visitor_who_has_an_account_to_login(client, invitation):
    factories.UserFactory(email="colleague@example.tj")

    response = client.post(f"/en/invitations/{invitation.token}/")

    assert response["Location"] == f"/en/accounts/login/?next=/en/invitations/{invitation.token}/"


def test_it_shows_pending_invitations_to_members_only(client_for, partner_a, partner_b, invitation):
    own = client_for(partner_a).get("/en/institution/").content.decode()
    other = client_for(partner_b).get("/en/institution/").content.decode()

    assert "colleague@example.tj" in own
    assert "colleague@example.tj" not in other


def test_it_lets_a_member_revoke_an_invitation(client_for, partner_a, invitation):
    response = client_for(partner_a).post(f"/en/institution/invitations/{invitation.pk}/revoke/")

    link = client_for(None).get(f"/en/invitations/{invitation.token}/")

    assert response["Location"] == "/en/institution/"
    assert link.status_code == 410
    assert "colleague@example.tj" not in client_for(partner_a).get("/en/institution/").text


def test_it_refuses_revoking_another_institutions_invitation(client_for, partner_b, invitation):
    response = client_for(partner_b).post(f"/en/institution/invitations/{invitation.pk}/revoke/")

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_it_sends_anonymous_visitors_to_login_instead_of_inviting(client_for, db):
    response = client_for(None).post(
        "/en/institution/invitations/", {"email": "x@example.org", "language": "en"}
    )

    assert response["Location"] == "/en/accounts/login/?next=/en/institution/invitations/"
    assert not Invitation.objects.exists()


def test_it_shows_a_clear_error_and_keeps_the_typed_values(client_for, partner_a):
    response = client_for(partner_a).post(
        "/en/institution/invitations/", {"email": "not-an-address", "language": "ru"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="not-an-address"' in html and "is-invalid" in html
    assert '<option value="ru" selected>' in html
    assert not Invitation.objects.exists() and not Notification.objects.exists()


def test_it_refuses_a_second_pending_invitation_to_the_same_address(client_for, invitation):
    member = invitation.invited_by

    response = client_for(member).post(
        "/en/institution/invitations/", {"email": "colleague@example.tj", "language": "en"}
    )

    assert response.status_code == 200 and "is-invalid" in response.text
    assert Invitation.objects.count() == 1 and Notification.objects.count() == 1
