"""Rate limits: allauth's on sign-up, login and password reset; the portal's per user on
submissions and messages, which answer 429 with everything typed still on the page."""

from __future__ import annotations

import re
import time

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse

from mieux_portal import ratelimit
from requests_app import services
from requests_app.models import EventKind, Status
from tests import factories


def review_url(obj) -> str:
    return reverse("requests:review", args=[obj.pk])


def desk_url(view: str, obj) -> str:
    return reverse(f"admin:requests_app_capacityrequest_{view}", args=[obj.pk])


@pytest.fixture
def limits(settings):
    """The portal's limits, small: one of each per hour."""
    settings.PORTAL_RATE_LIMITS = {"submit": "1/h", "message": "1/h", "staff_message": "1/h"}


# --- The limiter ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "count", "seconds"),
    [("10/h", 10, 3600), ("30/m", 30, 60), ("5/15m", 5, 900), ("2/d", 2, 86400)],
)
def test_it_reads_a_rate(text, count, seconds):
    assert ratelimit.parse(text) == ratelimit.Rate(count, seconds)


def test_it_refuses_a_rate_it_cannot_read():
    with pytest.raises(ImproperlyConfigured):
        ratelimit.parse("ten an hour")


def test_it_has_the_documented_defaults():
    from django.conf import settings

    assert settings.PORTAL_RATE_LIMITS == {
        "submit": "10/h",
        "message": "30/h",
        "staff_message": "120/h",
        "new_draft": "10/h",
        "invite": "25/h",
        "invite_address": "3/d",
    }
    assert settings.ACCOUNT_RATE_LIMITS["signup"] == "20/m/ip"
    assert settings.ACCOUNT_RATE_LIMITS["reset_password"] == "20/m/ip,5/m/key"


# --- allauth: sign-up, login, password reset ------------------------------------------------


def test_it_limits_sign_ups_per_address(client, settings, db):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    signup = reverse("account_signup")
    statuses = [client.post(signup, {"email": f"x{n}@example.org"}).status_code for n in range(3)]

    assert statuses == [200, 200, 429]
    assert "Too many attempts" in client.post(signup, {}).content.decode()


def test_it_limits_password_reset_per_address_and_e_mail(client, settings, partner_a):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "reset_password": "20/m/ip,2/m/key",
    }
    reset = reverse("account_reset_password")
    statuses = [client.post(reset, {"email": partner_a.email}).status_code for _ in range(3)]

    assert statuses == [302, 302, 429]
    assert client.post(reset, {"email": "someone.else@example.org"}).status_code == 302


def test_it_limits_logins_per_address(client, settings, partner_a):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    login = reverse("account_login")
    credentials = {"login": partner_a.email, "password": "wrong"}
    statuses = [client.post(login, credentials).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


# --- Submissions ----------------------------------------------------------------------------


def test_it_refuses_a_submission_over_the_limit_and_keeps_the_draft(client_a, partner_a, limits):
    first = factories.complete_draft(institution=partner_a.institution)
    second = factories.complete_draft(institution=partner_a.institution)
    assert client_a.post(review_url(first), {"consent": "on"}).status_code == 302

    response = client_a.post(review_url(second), {"consent": "on"})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many attempts in a short time" in response.content.decode()
    assert re.search(r'<input[^>]*name="consent"[^>]*checked', response.content.decode())
    second.refresh_from_db()
    assert second.status == Status.DRAFT and second.reference is None


def test_it_keeps_a_refused_answer_to_a_clarification(client_a, partner_a, staff, limits):
    asked = factories.submitted_request(partner_a)
    for key, comment in (("start_screening", ""), ("ask_clarification", "Which ministry?")):
        services.request_transition(request=asked, key=key, actor=staff, comment=comment)
    client_a.post(review_url(factories.complete_draft(institution=partner_a.institution)))

    response = client_a.post(
        review_url(asked), {"transition": "resubmit", "comment": "The Ministry of Labour."}
    )

    assert response.status_code == 429
    assert "The Ministry of Labour.</textarea>" in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == Status.CLARIFICATION


def test_it_counts_each_user_apart(client_a, partner_a, client_for, limits):
    colleague = factories.partner(institution=partner_a.institution, email="colleague@example.org")
    first = factories.complete_draft(institution=partner_a.institution)
    second = factories.complete_draft(institution=partner_a.institution)
    client_a.post(review_url(first), {"consent": "on"})

    response = client_for(colleague).post(review_url(second), {"consent": "on"})

    assert response.status_code == 302


# --- Messages -------------------------------------------------------------------------------


def test_it_refuses_a_partners_message_over_the_limit_and_shows_it_again(
    client_a, submitted_a, limits
):
    message_url = reverse("requests:message", args=[submitted_a.pk])
    assert client_a.post(message_url, {"body": "The letter is signed."}).status_code == 302

    response = client_a.post(message_url, {"body": "And the annex is attached."})

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts in a short time" in page
    assert "And the annex is attached.</textarea>" in page
    bodies = submitted_a.events.filter(kind=EventKind.MESSAGE).values_list("body", flat=True)
    assert list(bodies) == ["The letter is signed."]


@pytest.mark.parametrize("view", ["message", "note"])
def test_it_refuses_a_staff_post_over_the_limit_and_keeps_the_text(
    view, staff, partner_a, client_for, limits
):
    obj = factories.submitted_request(partner_a)
    desk = client_for(staff)
    assert desk.post(desk_url(view, obj), {"body": "First."}).status_code == 302

    response = desk.post(desk_url(view, obj), {"body": "Second, kept."})

    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many attempts in a short time" in page
    assert ">Second, kept.</textarea>" in page
    assert f'action="{desk_url(view, obj)}"' in page
    assert obj.events.filter(kind__in=[EventKind.MESSAGE, EventKind.NOTE]).count() == 1


def test_it_answers_another_institution_with_404_not_429(partner_a, partner_b, client_for, limits):
    obj = factories.submitted_request(partner_a)
    other = client_for(partner_b)
    other.post(reverse("requests:message", args=[obj.pk]), {"body": "x"})

    assert other.post(reverse("requests:message", args=[obj.pk]), {"body": "y"}).status_code == 404


def test_it_lets_the_action_through_when_the_cache_is_down(client_a, submitted_a, settings, limits):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    message_url = reverse("requests:message", args=[submitted_a.pk])

    statuses = [client_a.post(message_url, {"body": f"Message {n}"}).status_code for n in (1, 2)]

    assert statuses == [302, 302]


def test_it_keeps_counting_while_visitors_fill_the_page_cache(client_a, submitted_a, limits):
    # An in-memory cache forgets a third of its entries when full (300); stored pages live
    # in their own, so a flood of distinct public pages cannot wipe a partner's count.
    message_url = reverse("requests:message", args=[submitted_a.pk])
    visitor = Client()
    for _ in range(2):  # once more when the hour (the limit's window) turned meanwhile
        for cache in caches.all(initialized_only=True):
            cache.clear()
        hour = int(time.time()) // 3600
        assert client_a.post(message_url, {"body": "First"}).status_code == 302
        for n in range(400):
            assert visitor.get(reverse("actions:how_to_request"), {"from": n}).status_code == 200
        second = client_a.post(message_url, {"body": "Second"}).status_code
        if int(time.time()) // 3600 == hour:
            break

    assert second == 429
