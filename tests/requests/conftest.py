"""Requests of institution A in the states the partner pages deal with."""

from __future__ import annotations

import pytest

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
