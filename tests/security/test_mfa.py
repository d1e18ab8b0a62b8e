"""Staff reach the admin only with an activated authenticator app (allauth's TOTP)."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

RIGHT = "correct-horse-battery"
ACTIVATE = "/en/accounts/2fa/totp/activate/"


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    # tests/conftest.py turns the requirement off for every other test.
    settings.ADMIN_REQUIRE_MFA = True


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


@pytest.fixture
def secret(staff) -> str:
    """The staff member's activated authenticator app."""
    value = generate_totp_secret()
    TOTP.activate(staff, value)
    return value


def test_it_sends_staff_without_an_authenticator_to_its_activation(staff, client_for):
    response = client_for(staff).get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"] == ACTIVATE
    [message] = get_messages(response.wsgi_request)
    assert "The staff desk needs two-factor authentication" in str(message)


@pytest.mark.parametrize(
    "name",
    [
        "admin:requests_app_capacityrequest_changelist",
        "admin:requests_app_capacityrequest_dashboard",
        "admin:login",
        "admin:jsi18n",
    ],
)
def test_it_guards_every_admin_page(staff, client_for, name):
    assert client_for(staff).get(reverse(name))["Location"] == ACTIVATE


def test_it_refuses_the_admins_actions_too(staff, partner_a, client_for):
    from tests import factories

    obj = factories.submitted_request(partner_a)
    url = reverse("admin:requests_app_capacityrequest_note", args=[obj.pk])

    response = client_for(staff).post(url, {"body": "Without a second factor"})

    assert response["Location"] == ACTIVATE
    assert not obj.events.filter(body="Without a second factor").exists()


def logged_in(user) -> Client:
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": RIGHT})
    return client


def test_it_leads_from_the_admin_to_the_activation_page_after_login(staff):
    client = logged_in(staff)

    response = client.get(reverse("admin:index"), follow=True)
    assert "The staff desk needs two-factor authentication" in response.content.decode()
    # allauth has the password confirmed before a second factor is added.
    response = client.post(response.redirect_chain[-1][0], {"password": RIGHT}, follow=True)

    page = response.content.decode()
    assert response.redirect_chain == [(ACTIVATE, 302)]
    assert 'src="data:image/svg+xml;base64,' in page  # the QR code
    assert "/static/css/portal.css" in page and 'aria-label="Your account"' in page


def test_it_opens_the_admin_once_the_app_is_activated(staff):
    client = logged_in(staff)
    client.post(reverse("account_reauthenticate"), {"password": RIGHT})
    secret = client.get(ACTIVATE).context["form"].secret

    response = client.post(ACTIVATE, {"code": current_code(secret)})

    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(reverse("admin:index")).status_code == 200


def test_it_lets_staff_with_an_authenticator_in(staff, secret, client_for):
    assert client_for(staff).get(reverse("admin:index")).status_code == 200


def test_it_asks_the_code_at_login_then_opens_the_admin(staff, secret):
    client = Client()
    response = client.post(reverse("account_login"), {"login": staff.email, "password": RIGHT})

    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_it_refuses_a_wrong_code(staff, secret):
    client = logged_in(staff)

    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})

    assert response.status_code == 200
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))


def test_it_leaves_partners_as_they_were(partner_a, client_for):
    client = client_for(partner_a)

    assert client.get(reverse("requests:my_requests")).status_code == 200
    assert client.get(reverse("admin:index"), follow=True).status_code == 403


def test_it_sends_visitors_to_allauths_login_which_asks_the_code(client, db):
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0] == "/en/accounts/login/?next=%2Fen%2Fadmin%2F"


def test_it_lets_nobody_in_through_the_admins_password_form(staff, secret, client):
    credentials = {"username": staff.email, "password": RIGHT}

    response = client.post(reverse("admin:login"), credentials)

    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_it_can_be_switched_off_by_the_setting_only(staff, client_for, settings):
    settings.ADMIN_REQUIRE_MFA = False

    assert client_for(staff).get(reverse("admin:index")).status_code == 200
