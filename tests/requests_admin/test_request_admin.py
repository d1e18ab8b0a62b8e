"""The request admin: staff list, search and open requests; partners are kept out."""

from __future__ import annotations

from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from requests_app.models import CapacityRequest, RequestEvent, Status, Visibility
from tests import factories

CHANGELIST = "admin:requests_app_capacityrequest_changelist"
NUMBERS = count(1)


def add_requests(how_many: int, staff) -> None:
    """A mix of drafts, submitted and assigned requests of different institutions."""
    for i in range(how_many):
        if i % 3 == 0:
            factories.submitted_request(factories.partner())
        elif i % 3 == 1:
            factories.complete_draft()
        else:
            factories.CapacityRequestFactory(
                status=Status.SCREENING, assignee=staff, reference=f"MX-1999-{next(NUMBERS):04d}"
            )


def changelist_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    return len(queries)


def test_it_lists_3_and_30_requests_in_the_same_number_of_queries(staff, client_for):
    client = client_for(staff)
    add_requests(3, staff)
    client.get(reverse(CHANGELIST))  # warm the per-process caches (content types, …)
    with_3 = changelist_queries(client)
    add_requests(27, staff)
    with_30 = changelist_queries(client)
    assert CapacityRequest.objects.count() == 30
    assert with_30 == with_3


def test_it_opens_a_request_with_its_whole_timeline_for_staff(staff, partner_a, client_for):
    request = factories.submitted_request(partner_a)
    RequestEvent.objects.create(
        request=request, kind="note", body="Internal: check the letter", visibility="staff"
    )
    response = client_for(staff).get(
        reverse("admin:requests_app_capacityrequest_change", args=[request.pk])
    )
    assert response.status_code == 200
    assert b"Internal: check the letter" in response.content
    assert request.reference.encode() in response.content
    assert b'name="_save"' not in response.content


def test_it_refuses_partners(partner_a, client_for):
    request = factories.submitted_request(partner_a)
    for url in (
        reverse(CHANGELIST),
        reverse("admin:requests_app_capacityrequest_change", args=[request.pk]),
    ):
        response = client_for(partner_a).get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_it_refuses_anonymous_visitors(client_for):
    response = client_for(None).get(reverse(CHANGELIST))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_it_finds_a_request_by_reference(staff, partner_a, client_for):
    wanted = factories.submitted_request(partner_a)
    factories.submitted_request(partner_a)
    response = client_for(staff).get(reverse(CHANGELIST), {"q": wanted.reference})
    assert list(response.context["cl"].result_list) == [wanted]


def test_it_finds_a_request_by_its_russian_title(staff, client_for):
    wanted = factories.CapacityRequestFactory(
        submission_language="ru", title_en="", title_ru="Реинтеграция трудовых мигрантов"
    )
    factories.CapacityRequestFactory(title_en="Border risk analysis")
    response = client_for(staff).get(reverse(CHANGELIST), {"q": "реинтеграция"})
    assert list(response.context["cl"].result_list) == [wanted]
    assert "Реинтеграция трудовых мигрантов (ru)" in response.content.decode()


def test_it_changes_nothing_when_a_change_is_posted(staff, partner_a, client_for):
    request = factories.submitted_request(partner_a)
    before = CapacityRequest.objects.values().get(pk=request.pk)
    url = reverse("admin:requests_app_capacityrequest_change", args=[request.pk])
    client_for(staff).post(url, {"title_en": "Changed", "status": "approved", "_save": "1"})
    assert CapacityRequest.objects.values().get(pk=request.pk) == before


@pytest.mark.parametrize("model", ["requestevent", "attachment", "referencecounter"])
def test_it_offers_no_add_button_for_read_only_models(model, django_user_model, client_for):
    admin_user = django_user_model.objects.create_superuser("root@mieux.local", "x-password-1")
    response = client_for(admin_user).get(reverse(f"admin:requests_app_{model}_add"))
    assert response.status_code == 403


def test_it_lists_staff_only_events_for_staff(staff, partner_a, client_for):
    request = factories.submitted_request(partner_a)
    RequestEvent.objects.create(request=request, kind="note", visibility=Visibility.STAFF)
    response = client_for(staff).get(reverse("admin:requests_app_requestevent_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == request.events.count()
