"""Permissions and the authenticator app kept in the shared cache (accounts_app.authcache,
mieux_portal.two_factor): the staff desk's pages skip their queries, and a revoked
permission or a deactivated app is refused on the very next page, in every worker."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

QUEUE = reverse("admin:requests_app_capacityrequest_changelist")
ACTIVATE = "/en/accounts/2fa/totp/activate/"


def queue(client: Client) -> tuple[int, list[str]]:
    """The queue's status and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    return response.status_code, [q["sql"] for q in queries.captured_queries]


def other_worker(client: Client) -> Client:
    """The same session in another process (its own memory, the same shared cache)."""
    other = Client()
    other.cookies = client.cookies
    return other


def reads(table: str, sql: list[str]) -> int:
    return sum(f'FROM "{table}"' in q for q in sql)


def test_the_next_page_reads_permissions_from_the_shared_cache(redis_cache, staff, client_for):
    client = client_for(staff)
    status, sql = queue(client)
    assert status == 200 and reads("auth_permission", sql) == 2  # the user's, the groups'

    status, sql = queue(other_worker(client))
    assert status == 200 and reads("auth_permission", sql) == 0


def test_without_a_shared_cache_every_page_reads_permissions(staff, client_for):
    client = client_for(staff)
    queue(client)

    status, sql = queue(client)
    assert status == 200 and reads("auth_permission", sql) == 2


def test_a_member_taken_out_of_the_group_is_refused_on_the_next_page(
    redis_cache, staff, client_for
):
    client = client_for(staff)
    assert queue(client)[0] == 200

    staff.groups.clear()

    assert queue(other_worker(client))[0] == 403


def test_a_member_put_in_the_group_is_let_in_on_the_next_page(redis_cache, staff, client_for):
    group = staff.groups.get()
    staff.groups.clear()
    client = client_for(staff)
    assert queue(client)[0] == 403

    group.user_set.add(staff)

    assert queue(other_worker(client))[0] == 200


def test_a_permission_taken_from_the_group_is_refused_to_its_members_at_once(
    redis_cache, staff, client_for
):
    client = client_for(staff)
    assert queue(client)[0] == 200
    group = Group.objects.get(name="MIEUX+ staff")

    group.permissions.remove(
        *Permission.objects.filter(codename__in=["view_capacityrequest", "change_capacityrequest"])
    )

    assert queue(other_worker(client))[0] == 403


def test_a_permission_given_to_the_user_is_granted_at_once(redis_cache, staff, client_for):
    staff.groups.clear()
    client = client_for(staff)
    assert queue(client)[0] == 403

    staff.user_permissions.add(Permission.objects.get(codename="view_capacityrequest"))

    assert queue(other_worker(client))[0] == 200


@pytest.fixture
def mfa_required(settings):
    settings.ADMIN_REQUIRE_MFA = True  # tests/conftest.py turns it off for other tests


def test_the_authenticator_app_is_read_from_the_shared_cache(
    redis_cache, mfa_required, staff, client_for
):
    TOTP.activate(staff, generate_totp_secret())
    client = client_for(staff)
    status, sql = queue(client)
    assert status == 200 and reads("mfa_authenticator", sql) == 1

    status, sql = queue(other_worker(client))
    assert status == 200 and reads("mfa_authenticator", sql) == 0


def test_a_deactivated_authenticator_app_is_missed_on_the_next_page(
    redis_cache, mfa_required, staff, client_for
):
    TOTP.activate(staff, generate_totp_secret())
    client = client_for(staff)
    assert queue(client)[0] == 200

    Authenticator.objects.filter(user=staff).delete()

    response = other_worker(client).get(QUEUE)
    assert response.status_code == 302 and response["Location"] == ACTIVATE


def test_an_activated_authenticator_app_opens_the_desk_on_the_next_page(
    redis_cache, mfa_required, staff, client_for
):
    client = client_for(staff)
    assert client.get(QUEUE)["Location"] == ACTIVATE

    TOTP.activate(staff, generate_totp_secret())

    assert queue(other_worker(client))[0] == 200
