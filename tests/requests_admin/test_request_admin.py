"""What the request admin offers, and its read-only companions (who may open it: the matrix)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from requests_app.models import RequestEvent, Visibility

from .conftest import in_stage


def test_it_offers_no_add_or_delete_of_requests(staff, client_for):
    obj = in_stage()
    client = client_for(staff)
    assert client.get(reverse("admin:requests_app_capacityrequest_add")).status_code == 403
    delete = reverse("admin:requests_app_capacityrequest_delete", args=[obj.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


@pytest.mark.parametrize("model", ["requestevent", "attachment", "referencecounter"])
def test_it_offers_no_add_button_for_read_only_models(model, django_user_model, client_for):
    admin_user = django_user_model.objects.create_superuser("root@mieux.local", "x-password-1")
    response = client_for(admin_user).get(reverse(f"admin:requests_app_{model}_add"))
    assert response.status_code == 403


def test_it_lists_staff_only_events_for_staff(staff, client_for):
    obj = in_stage()
    RequestEvent.objects.create(request=obj, kind="note", visibility=Visibility.STAFF)
    response = client_for(staff).get(reverse("admin:requests_app_requestevent_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count == obj.events.count()
