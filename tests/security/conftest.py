"""People and requests the security tests act on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from tests import factories


@pytest.fixture(autouse=True)
def _english_urls() -> Iterator[None]:
    # A request to a /ru/ page leaves Russian active in this thread: reverse() would follow.
    with translation.override("en"):
        yield


@pytest.fixture
def submitted_a(partner_a):
    return factories.submitted_request(partner_a)
