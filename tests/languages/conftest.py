from __future__ import annotations

import pytest

from mieux_portal import languages

ALL = [(language.code, language.name) for language in languages.SUPPORTED]


@pytest.fixture
def all_languages_on(settings):
    """PORTAL_LANGUAGES=en,ru,fr,es, as settings.py turns it into LANGUAGES."""
    settings.LANGUAGES = ALL
