"""Fixtures for the accounts tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """allauth keeps its rate limits (one confirmation mail per address every 3 minutes,
    login attempts…) in the cache, which would otherwise carry over from test to test."""
    cache.clear()
