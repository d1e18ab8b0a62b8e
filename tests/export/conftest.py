"""Helpers of the export and dashboard tests: requests in bulk, the CSV read back."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts_app.models import PartnerInstitution
from requests_app.models import CapacityRequest, Status
from tests import factories
from tests.requests_admin.conftest import reference

EXPORT = "admin:requests_app_capacityrequest_export"
CHANGELIST = "admin:requests_app_capacityrequest_changelist"
DASHBOARD = "admin:requests_app_capacityrequest_dashboard"
BOM = b"\xef\xbb\xbf"


def add_requests(
    how_many: int, institution: PartnerInstitution | None = None, **fields
) -> list[CapacityRequest]:
    """Submitted requests in one INSERT, as the workflow would have left them."""
    institution = institution or factories.InstitutionFactory()
    fields.setdefault("status", Status.SUBMITTED)
    fields.setdefault("submitted_at", timezone.now())
    fields.setdefault("country", institution.country)
    rows = [
        CapacityRequest(
            **{"title_en": f"Request {i}", **fields},
            institution=institution,
            reference=reference(),
        )
        for i in range(how_many)
    ]
    return CapacityRequest.objects.bulk_create(rows)


def read_csv(response) -> list[list[str]]:
    """The streamed file's rows (header first); the file must start with the BOM."""
    assert response.status_code == 200
    assert response.streaming
    data = b"".join(response.streaming_content)
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM) :].decode("utf-8"), newline="")))


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.fixture
def export_csv(client_for):
    """The export of the admin list for a user and query parameters, read back."""

    def get(user, **params) -> list[dict[str, str]]:
        params.setdefault("language", "en")
        return as_dicts(read_csv(client_for(user).get(reverse(EXPORT), params)))

    return get


@pytest.fixture
def staff_without_export(db):
    """A staff member who may read and change requests, but not export them."""
    user = factories.UserFactory(is_staff=True, email="reader@mieux.local")
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="requests_app",
            codename__in=["view_capacityrequest", "change_capacityrequest"],
        )
    )
    return user
