"""django-axes: five wrong passwords lock that e-mail out from that address for 15 minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests import factories

LOGIN = "/en/accounts/login/"
RIGHT = "correct-horse-battery"


def attempt(client: Client, email: str, password: str, address: str = "192.0.2.10"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def locked_out(partner_a) -> Client:
    client = Client()
    statuses = [attempt(client, partner_a.email, "wrong-password").status_code for _ in range(5)]
    # The fifth failure locks at once: its answer is already the lockout page.
    assert statuses == [200, 200, 200, 200, 429]
    return client


def test_it_is_configured_as_asked():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AUTHENTICATION_BACKENDS[0] == "mieux_portal.security.LockoutBackend"


def test_it_refuses_the_right_password_after_five_wrong_ones(locked_out, partner_a):
    response = attempt(locked_out, partner_a.email, RIGHT)

    assert response.status_code == 429
    assert "Logging in is blocked for a while" in response.content.decode()
    assert "Please try again in 15 minutes." in response.content.decode()
    assert "_auth_user_id" not in locked_out.session


def test_it_counts_the_address_in_any_spelling_of_the_e_mail(locked_out, partner_a):
    response = attempt(locked_out, partner_a.email.upper(), RIGHT)

    assert response.status_code == 429


def test_it_lets_another_user_in_from_the_same_address(locked_out, partner_b):
    response = attempt(locked_out, partner_b.email, RIGHT)

    assert response.status_code == 302
    assert int(locked_out.session["_auth_user_id"]) == partner_b.pk


def test_it_lets_the_same_user_in_from_another_address(locked_out, partner_a):
    response = attempt(Client(), partner_a.email, RIGHT, address="198.51.100.7")

    assert response.status_code == 302


def test_it_still_accepts_four_wrong_passwords(client, partner_a):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, partner_a.email, "wrong-password")

    assert attempt(client, partner_a.email, RIGHT).status_code == 302


def test_it_lets_the_user_in_again_after_the_cool_off(locked_out, partner_a):
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    assert attempt(locked_out, partner_a.email, RIGHT).status_code == 302


def test_it_speaks_russian_on_russian_pages(locked_out, partner_a):
    response = locked_out.post(
        "/ru/accounts/login/",
        {"login": partner_a.email, "password": RIGHT},
        REMOTE_ADDR="192.0.2.10",
    )

    assert response.status_code == 429
    assert '<html lang="ru" dir="ltr">' in response.content.decode()


def test_it_leaves_logins_without_a_request_to_the_other_backends(db):
    user = factories.partner(email="shell@example.org")

    assert Client().login(email=user.email, password=RIGHT)
