"""A request in screening with a complete assessment, the Uzbek Delegation and DG HOME as
consulted bodies, and a member of each."""

from __future__ import annotations

import pytest

from accounts_app.models import ConsultedBody
from requests_app import consultation, services
from requests_app.models import CapacityRequest
from tests import factories

# Plain ASCII markers, so no escaping could disguise them.
OPINION = "OPINIONMARK-8c1e"


@pytest.fixture
def uz_institution(db):
    return factories.InstitutionFactory(name="Uzbek Agency", country="UZ")


@pytest.fixture
def uz_partner(uz_institution):
    return factories.partner(institution=uz_institution, email="uz@example.org")


@pytest.fixture
def delegation(db):
    return factories.delegation("UZ")


@pytest.fixture
def delegate(delegation):
    return factories.consultee(
        delegation.code, email="delegate@eeas.example", preferred_language="ru"
    )


@pytest.fixture
def dg_home(db):
    return factories.consultee("dg-home", email="officer@home.example")


@pytest.fixture
def in_screening(uz_partner, staff) -> CapacityRequest:
    request = factories.submitted_request(uz_partner)
    request = services.request_transition(request=request, key="start_screening", actor=staff)
    return factories.screened(request, consult=False)


@pytest.fixture
def consulted(in_screening, staff, delegation, delegate, dg_home) -> CapacityRequest:
    """In consultation with the Delegation and DG HOME."""
    return consultation.consultation_start(
        request=in_screening,
        actor=staff,
        bodies=[delegation, ConsultedBody.objects.get(code="dg-home")],
        deadline=consultation.default_deadline(),
    )


def consultation_of(request, user):
    return request.consultations.open().get(body__members__user=user)
