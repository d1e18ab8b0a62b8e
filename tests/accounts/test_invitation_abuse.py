"""Invitations cannot be used to spam or phish from the portal's address: limited per user
and per invited address, sent only for verified institutions, partners' words quoted."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts_app import services
from accounts_app.models import Invitation
from notifications_app.models import Notification

INVITE = "/en/institution/invitations/"
PAGE = "/en/institution/"
TOO_MANY = "Too many attempts in a short time"
CANNOT = "You can invite colleagues once MIEUX+ has verified your institution."
PHISHING = (
    "Ministry of Labour — ACTION REQUIRED: confirm your account at https://evil.example/login"
)


@pytest.fixture
def verified(institution_a, manager):
    return services.institution_verify(institution=institution_a, actor=manager)


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """Post an invitation; the e-mail is delivered after commit, as in production."""

    def post(client, email: str):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(INVITE, {"email": email, "language": "en"})

    return post


def test_it_refuses_the_twenty_sixth_invitation_of_the_hour(
    client_a, verified, invite, one_rate_window
):
    statuses = [invite(client_a, f"colleague{n}@example.org").status_code for n in range(25)]

    refused = invite(client_a, "colleague25@example.org")

    assert statuses == [302] * 25
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert TOO_MANY in refused.content.decode()
    assert 'value="colleague25@example.org"' in refused.content.decode()
    assert Invitation.objects.count() == 25 and len(mail.outbox) == 25


def test_it_limits_invite_and_revoke_cycles_to_one_address(
    client_a, partner_a, verified, invite, one_rate_window
):
    for _ in range(3):
        assert invite(client_a, "target@example.org").status_code == 302
        services.invitation_revoke(invitation=Invitation.objects.first(), actor=partner_a)

    refused = invite(client_a, "Target@Example.org")

    assert refused.status_code == 429
    assert "please try again in" in refused.content.decode()
    assert Notification.objects.filter(event="invitation").count() == 3
    assert len(mail.outbox) == 3


def test_it_counts_an_address_whoever_invites_it(
    client_a, client_b, verified, partner_b, manager, invite, one_rate_window
):
    services.institution_verify(institution=partner_b.institution, actor=manager)
    for client in (client_a, client_b, client_a):
        invite(client, "target@example.org")
        Invitation.objects.update(revoked_at="2026-01-01T00:00Z")

    assert invite(client_b, "target@example.org").status_code == 429
    assert invite(client_b, "someone.else@example.org").status_code == 302


def test_it_lets_an_unverified_institution_invite_nobody(client_a, institution_a, invite):
    page = client_a.get(PAGE).content.decode()
    response = invite(client_a, "colleague@example.org")

    assert CANNOT in page and f'action="{INVITE}"' not in page
    assert response.status_code == 403 and CANNOT in response.content.decode()
    assert not Invitation.objects.exists() and mail.outbox == []


def test_it_refuses_an_unverified_institution_in_the_service_too(partner_a):
    with pytest.raises(services.ValidationError) as refused:
        services.invitation_create(
            institution=partner_a.institution, actor=partner_a, email="c@example.org", language="en"
        )

    assert refused.value.code == "unverified"


def test_it_shows_the_form_to_a_verified_institution(client_a, verified):
    page = client_a.get(PAGE).content.decode()

    assert f'action="{INVITE}"' in page and CANNOT not in page


def test_it_keeps_partners_words_out_of_the_subject_and_quotes_them(
    client_a, partner_a, verified, invite
):
    type(verified).objects.filter(pk=verified.pk).update(name=PHISHING)
    partner_a.first_name, partner_a.last_name = "Urgent", "Security Team"
    partner_a.save()
    invite(client_a, "colleague@example.org")

    sent = mail.outbox[0]
    html = sent.alternatives[0][0]
    assert sent.subject.endswith("Invitation to the MIEUX+ Partner Portal")
    assert "evil.example" not in sent.subject and "Ministry" not in sent.subject
    assert f"Institution: “{PHISHING}”" in sent.body
    assert "Name: “Urgent Security Team”" in sent.body
    assert f"E-mail: {partner_a.email}" in sent.body
    assert "<td>“Ministry of Labour — ACTION REQUIRED" in html
