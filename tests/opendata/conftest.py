"""Fixtures of the open-data tests: the official IATI schema, and a client that counts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

SCHEMA_FILE = "iati-activities-schema.xsd"


def iati_schema(directory: Path) -> etree.XMLSchema:
    """The IATI 2.03 activities schema in ``directory``; skipped when it is missing, but a
    failure under CI=true, with where it comes from."""
    path = Path(directory) / SCHEMA_FILE
    if not path.exists():
        message = (
            f"The official IATI 2.03 activities schema is missing: {path}. It comes from the "
            "IATI Secretariat's IATI-Schemas repository, branch version-2.03 "
            "(iati-activities-schema.xsd with the iati-common.xsd and xml.xsd it reads). Put "
            "the three files in ../shared/iati-2.03/ beside the repository, or name their "
            "folder with the IATI_SCHEMA_DIR environment variable."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture
def schema() -> etree.XMLSchema:
    return iati_schema(settings.IATI_SCHEMA_DIR)


@pytest.fixture
def no_cache(settings) -> None:
    """Every answer computed afresh (to count its queries)."""
    settings.PAGE_CACHE_SECONDS = 0
