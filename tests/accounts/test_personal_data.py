"""A user's own data: download it as JSON, or erase the account (anonymised, not deleted)."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user
from django.core.exceptions import PermissionDenied, ValidationError

from accounts_app import services
from accounts_app.models import Invitation, Membership, User
from notifications_app.models import Notification
from requests_app import services as request_services
from requests_app.models import CapacityRequest
from tests import factories


@pytest.fixture
def conversation(partner_a, staff):
    """A request of partner A in clarification, with a message of A and a staff note."""
    partner_a.position, partner_a.phone = "Head of unit", "+992 37 221 00 00"
    partner_a.save()
    obj = factories.submitted_request(
        partner_a,
        contact_name=partner_a.get_full_name(),
        contact_email=partner_a.email.upper(),
        contact_position="Head of unit",
        contact_phone="+992 37 221 00 00",
    )
    obj.created_by = partner_a
    obj.save()
    request_services.request_transition(request=obj, key="start_screening", actor=staff)
    request_services.request_post_message(request=obj, actor=partner_a, body="Our letter is sent.")
    request_services.request_add_note(request=obj, actor=staff, body="SECRET internal note")
    return CapacityRequest.objects.get(pk=obj.pk)


def download(client) -> dict:
    response = client.get("/en/profile/data/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mieux-my-data-')
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


# --- Download ---------------------------------------------------------------------


def test_it_downloads_profile_membership_requests_and_messages(client_for, partner_a, conversation):
    data = download(client_for(partner_a))

    assert data["profile"]["email"] == "partner.a@example.org"
    assert data["profile"]["position"] == "Head of unit"
    assert data["membership"]["institution"] == str(partner_a.institution)
    assert [r["reference"] for r in data["requests"]] == [conversation.reference]
    assert data["requests"][0]["status"] == "screening"
    assert [m["body"] for m in data["messages"]] == ["Our letter is sent."]


def test_it_never_includes_internal_notes(client_for, partner_a, conversation):
    data = download(client_for(partner_a))

    assert [r["reference"] for r in data["requests"]] == [conversation.reference]
    assert "SECRET" not in json.dumps(data)


def test_it_never_includes_others_data(client_for, partner_b, conversation):
    data = download(client_for(partner_b))

    assert data["profile"]["email"] == partner_b.email
    assert data["membership"]["institution"] == str(partner_b.institution)
    text = json.dumps(data)
    assert conversation.reference not in text and "SECRET" not in text
    assert "partner.a@example.org" not in text


def test_it_includes_the_user_s_answers_to_joint_requests(client_for, partner_a, partner_b):
    draft = factories.complete_draft(institution=partner_a.institution, country="KG")
    factories.co_request(draft, partner_b.institution, answer="declined")

    answers = download(client_for(partner_b))["co_request_answers"]
    assert [(a["answer"], a["reason"]) for a in answers] == [("declined", "Not our field.")]
    assert download(client_for(partner_a))["co_request_answers"] == []


def test_it_lists_the_notifications_sent_to_the_user(client_for, partner_a, staff):
    obj = factories.submitted_request(partner_a)
    request_services.request_transition(request=obj, key="start_screening", actor=staff)
    request_services.request_transition(
        request=obj, key="ask_clarification", actor=staff, comment="Which unit?"
    )
    sent = Notification.objects.filter(recipient=partner_a)
    assert sent.exists()

    data = download(client_for(partner_a))

    assert sorted(n["subject"] for n in data["notifications"]) == sorted(
        sent.values_list("subject", flat=True)
    )


def test_it_links_download_and_deletion_from_the_profile(client_for, partner_a):
    html = client_for(partner_a).get("/ru/profile/").content.decode()

    assert 'href="/ru/profile/data/"' in html
    assert 'href="/ru/profile/delete/"' in html


# --- Erasure: the service ------------------------------------------------------------


def test_it_anonymises_the_user(partner_a):
    erased = services.user_erase(user=partner_a, actor=partner_a)

    assert erased.email == f"erased-{partner_a.pk}@invalid"
    assert (erased.first_name, erased.last_name, erased.position, erased.phone) == ("",) * 4
    assert not erased.is_active
    assert not erased.has_usable_password()
    assert str(erased) == f"Former user #{partner_a.pk}"
    assert not EmailAddress.objects.filter(user=partner_a).exists()
    assert not Membership.objects.filter(user=partner_a).exists()


def test_it_keeps_the_requests_with_a_pseudonymous_author(partner_a, conversation):
    services.user_erase(user=partner_a, actor=partner_a)

    obj = CapacityRequest.objects.get(pk=conversation.pk)
    assert obj.institution == conversation.institution
    assert str(obj.created_by) == f"Former user #{partner_a.pk}"
    assert (obj.contact_name, obj.contact_position, obj.contact_phone) == ("—", "—", "—")
    assert obj.contact_email == ""
    assert obj.events.filter(kind="message", body="Our letter is sent.").exists()


def test_it_erases_the_contact_details_from_the_request_history(partner_a, conversation):
    services.user_erase(user=partner_a, actor=partner_a)

    history = conversation.history.all()
    assert history.exists()
    assert not history.filter(contact_email__iexact="partner.a@example.org").exists()
    assert not history.filter(contact_name=conversation.contact_name).exists()


def test_it_leaves_a_namesake_of_another_institution_alone(partner_a, partner_b):
    other = factories.submitted_request(partner_b, contact_name=partner_a.get_full_name())

    services.user_erase(user=partner_a, actor=partner_a)

    other.refresh_from_db()
    assert other.contact_name == partner_a.get_full_name()


def test_it_empties_the_outbox_rows_of_the_user(partner_a, staff):
    obj = factories.submitted_request(partner_a)
    request_services.request_transition(request=obj, key="start_screening", actor=staff)
    request_services.request_transition(
        request=obj, key="ask_clarification", actor=staff, comment="Which unit?"
    )

    services.user_erase(user=partner_a, actor=partner_a)

    rows = Notification.objects.filter(recipient=partner_a)
    assert rows.exists()
    assert set(rows.values_list("to_email", "body_text", "body_html")) == {
        (f"erased-{partner_a.pk}@invalid", "", "")
    }
    assert not Notification.objects.filter(to_email__iexact="partner.a@example.org").exists()


def test_it_revokes_invitations_sent_to_the_user(partner_a, partner_b):
    invitation = Invitation.objects.create(
        institution=partner_a.institution, email=partner_b.email, invited_by=partner_a
    )

    services.user_erase(user=partner_b, actor=partner_b)

    invitation.refresh_from_db()
    assert invitation.email == f"erased-{partner_b.pk}@invalid"
    assert invitation.revoked_at is not None


def test_it_refuses_superusers(db):
    admin = User.objects.create_superuser("root@mieux.local", "pw")

    with pytest.raises(ValidationError) as error:
        services.user_erase(user=admin, actor=admin)

    assert error.value.code == "superuser"
    admin.refresh_from_db()
    assert admin.is_active


def test_it_refuses_to_erase_someone_else(partner_a, manager):
    with pytest.raises(PermissionDenied):
        services.user_erase(user=partner_a, actor=manager)

    partner_a.refresh_from_db()
    assert partner_a.is_active


# --- Erasure: the page ------------------------------------------------------------------


def test_it_asks_for_the_password_and_keeps_the_account_when_it_is_wrong(client_for, partner_a):
    response = client_for(partner_a).post("/en/profile/delete/", {"password": "wrong"})

    assert response.status_code == 200
    assert "This is not your password" in response.content.decode()
    partner_a.refresh_from_db()
    assert partner_a.is_active


def test_it_erases_the_account_and_signs_out(client_for, partner_a):
    client = client_for(partner_a)

    response = client.post("/en/profile/delete/", {"password": "correct-horse-battery"})

    assert response.status_code == 302
    assert response["Location"] == "/en/"
    partner_a.refresh_from_db()
    assert partner_a.email == f"erased-{partner_a.pk}@invalid"
    assert not get_user(response.wsgi_request).is_authenticated


def test_it_cannot_sign_in_after_erasure(client_for, partner_a):
    client_for(partner_a).post("/en/profile/delete/", {"password": "correct-horse-battery"})

    response = client_for(None).post(
        "/en/accounts/login/",
        {"login": "partner.a@example.org", "password": "correct-horse-battery"},
    )

    assert response.status_code == 200
    assert not get_user(response.wsgi_request).is_authenticated


def test_it_tells_a_superuser_clearly_and_erases_nothing(client_for, db):
    admin = User.objects.create_superuser("root@mieux.local", "pw")
    client = client_for(admin)

    page = client.get("/en/profile/delete/")
    refused = client.post("/en/profile/delete/", {"password": "pw"})

    assert "superuser account cannot be deleted here" in page.content.decode()
    assert 'name="password"' not in page.content.decode()
    assert refused.status_code == 403
    admin.refresh_from_db()
    assert admin.is_active and admin.email == "root@mieux.local"


def test_it_lets_non_superuser_staff_erase_their_account(client_for, staff):
    client_for(staff).post("/en/profile/delete/", {"password": "correct-horse-battery"})

    staff.refresh_from_db()
    assert not staff.is_active and not staff.is_staff
    assert not staff.groups.exists()
