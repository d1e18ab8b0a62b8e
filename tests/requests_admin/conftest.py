"""Helpers of the request admin tests: requests in any stage without the file upload."""

from __future__ import annotations

from itertools import count

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from requests_app.models import CapacityRequest, Status
from tests import factories

CHANGELIST = "admin:requests_app_capacityrequest_changelist"
NUMBERS = count(1)


def reference() -> str:
    # A year no real submission uses, so these never clash with the reference counter.
    return f"MX-1999-{next(NUMBERS):04d}"


def in_stage(status: str = Status.SUBMITTED, **kwargs) -> CapacityRequest:
    """A request in a stage, as the workflow would have left it (reference, dates)."""
    submitted = status != Status.DRAFT
    return factories.CapacityRequestFactory(
        status=status,
        reference=reference() if submitted else None,
        submitted_at=timezone.now() if submitted else None,
        **kwargs,
    )


def change_url(obj: CapacityRequest) -> str:
    return reverse("admin:requests_app_capacityrequest_change", args=[obj.pk])


def desk_url(view: str, obj: CapacityRequest, *args: str) -> str:
    return reverse(f"admin:requests_app_capacityrequest_{view}", args=[obj.pk, *args])


def messages_of(response) -> list[tuple[str, str]]:
    """(level tag, text) of the messages a response queued."""
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def listed(client_for):
    """The requests a user's changelist shows for some query parameters."""

    def get(user, **params) -> list[CapacityRequest]:
        response = client_for(user).get(reverse(CHANGELIST), params)
        assert response.status_code == 200
        return list(response.context["cl"].result_list)

    return get
