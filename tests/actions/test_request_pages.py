"""What Actions adds to the requests' pages through requests_app's extension points
(actions_app/extensions.py): requests_app itself never names an Action."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actions_app import services
from requests_app.models import CapacityRequest, Status
from tests import factories

from .conftest import make_action


def partner_page(client, capacity_request) -> str:
    response = client.get(reverse("requests:detail", args=[capacity_request.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_partner_the_action_their_request_became(approved_request, manager, client_a):
    action = services.action_create_from_request(request=approved_request, actor=manager)

    page = partner_page(client_a, approved_request)
    assert "Your Action" in page and action.get_absolute_url() in page


def test_it_shows_no_action_on_a_request_that_has_none(approved_request, client_a):
    page = partner_page(client_a, approved_request)

    assert "Your Action" not in page and "My requests" in page


def test_it_offers_no_create_action_before_approval(partner_a, manager, client_for):
    submitted = factories.submitted_request(partner_a)
    url = reverse("admin:requests_app_capacityrequest_change", args=[submitted.pk])
    page = client_for(manager).get(url).content.decode()

    assert submitted.reference in page and "Create Action" not in page


def test_it_never_purges_a_closed_request_that_became_an_action(partner_a, db):
    kept, purged = (factories.submitted_request(partner_a) for _ in range(2))
    make_action(request=kept)
    long_ago = timezone.now() - timedelta(days=20 * 366)
    CapacityRequest.objects.update(status=Status.REJECTED, status_changed_at=long_ago)
    call_command("purge_requests", "--years", "7", stdout=StringIO())

    assert list(CapacityRequest.objects.values_list("pk", flat=True)) == [kept.pk]
