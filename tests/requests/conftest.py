"""Requests of institution A in the states the partner pages deal with."""

from __future__ import annotations

import pytest

from requests_app import services
from tests import factories


@pytest.fixture
def draft_a(partner_a):
    """An almost empty draft of institution A (title only)."""
    return factories.CapacityRequestFactory(institution=partner_a.institution, created_by=partner_a)


@pytest.fixture
def complete_a(partner_a):
    """A draft of institution A that can be submitted (letter attached)."""
    return factories.complete_draft(institution=partner_a.institution)


@pytest.fixture
def submitted_a(partner_a):
    return factories.submitted_request(partner_a)


@pytest.fixture
def ministry(db):
    """A governmental institution of A's country, to be named as A's co-requester."""
    return factories.InstitutionFactory(name="Ministry of Interior of Tajikistan", country="TJ")


@pytest.fixture
def partner_c(ministry):
    """A member of the co-requesting ministry (reads in Russian)."""
    return factories.partner(
        institution=ministry, email="partner.c@example.org", preferred_language="ru"
    )


@pytest.fixture
def client_c(partner_c, client_for):
    return client_for(partner_c)


@pytest.fixture
def joint_a(partner_a, partner_c, ministry):
    """A submitted request of A that the ministry has confirmed co-requesting."""
    draft = factories.complete_draft(institution=partner_a.institution, title_en="Joint study")
    factories.co_request(draft, ministry, answer="confirmed")
    return services.request_submit(request=draft, actor=partner_a, consent=True)
