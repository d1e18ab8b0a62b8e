"""Whose address a request comes from (TRUSTED_PROXY_COUNT), and the failed-login limit
counted per account and address: nobody can lock an owner out of their own address."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory

from mieux_portal import ratelimit
from mieux_portal.security import client_ip

LOGIN = "/en/accounts/login/"
RIGHT = "correct-horse-battery"
TOO_MANY = "Too many failed login attempts"


def login(email: str, password: str, address: str, **headers: str):
    return Client().post(
        LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address, **headers
    )


def seen(forwarded: str | None, peer: str = "10.0.0.2") -> str | None:
    extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=peer, **extra))


# --- TRUSTED_PROXY_COUNT ---------------------------------------------------------------------


def test_it_ignores_a_forwarded_header_without_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert seen("203.0.113.66") == "10.0.0.2"


def test_it_takes_the_address_the_proxy_saw_with_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    # nginx appends the address it saw to whatever the client wrote.
    assert seen("203.0.113.66, 198.51.100.7") == "198.51.100.7"
    assert seen("198.51.100.7") == "198.51.100.7"


def test_it_falls_back_to_the_peer_when_no_proxy_forwarded(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert seen(None) == "10.0.0.2"
    assert seen("not an address", peer="10.0.0.3") is None


@pytest.mark.parametrize(("proxies", "counted"), [(0, "ip:10.0.0.2"), (1, "ip:198.51.100.7")])
def test_it_counts_the_portals_limits_per_client_address(settings, proxies, counted):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7"
    )

    assert ratelimit.client_key(request) == counted


def test_it_locks_out_the_address_behind_the_proxy_not_the_proxy(settings, partner_a):
    settings.TRUSTED_PROXY_COUNT = 1
    behind = {"HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(partner_a.email, "wrong-password", "10.0.0.2", **behind)

    locked = login(partner_a.email, RIGHT, "10.0.0.2", **behind)
    other = login(partner_a.email, RIGHT, "10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.44")

    assert locked.status_code == 429
    assert other.status_code == 302


def test_it_does_not_let_a_spoofed_header_dodge_the_lockout_without_proxies(settings, partner_a):
    settings.TRUSTED_PROXY_COUNT = 0
    for number in range(settings.AXES_FAILURE_LIMIT):
        spoofed = {"HTTP_X_FORWARDED_FOR": f"203.0.113.{number}"}
        login(partner_a.email, "wrong-password", "192.0.2.10", **spoofed)

    response = login(partner_a.email, RIGHT, "192.0.2.10", HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert response.status_code == 429


# --- Failed logins: per account and address --------------------------------------------------


def test_it_lets_the_owner_in_after_eleven_wrong_passwords_from_elsewhere(partner_a):
    # Four from each of three addresses: below django-axes' lockout of each pair.
    for number in range(12):
        response = login(partner_a.email, "wrong-password", f"203.0.113.{number % 3}")
        assert TOO_MANY not in response.content.decode()

    response = login(partner_a.email, RIGHT, "192.0.2.10")

    assert response.status_code == 302
