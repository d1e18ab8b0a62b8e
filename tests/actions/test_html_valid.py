"""The Nu Html Checker (npm vnu-jar, run with Java) finds no error in the pages' HTML."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests import factories

from .pages import demo_content

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture
def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        missing = "java" if java is None else f"{VNU_JAR} (run `npm ci`)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"The HTML check needs {missing}.")
        pytest.skip(f"{missing} is missing")
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def check(vnu: list[str], files: list[Path]) -> list[str]:
    result = subprocess.run(  # noqa: S603 - our own command line, no shell
        [*vnu, *map(str, files)], capture_output=True, text=True, timeout=300, check=False
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}"
        for m in messages
        if m.get("type") == "error"
    ]


def test_it_serves_valid_html_on_the_public_pages_and_the_request_form(db, vnu, tmp_path):
    files = []
    client = Client()
    for name, path in demo_content().items():
        for lang in ("en", "ru"):
            response = client.get(path.replace("/en/", f"/{lang}/", 1))
            assert response.status_code == 200
            files.append(tmp_path / f"{name}-{lang}.html")
            files[-1].write_bytes(response.content)
    partner = factories.partner()
    draft = factories.CapacityRequestFactory(institution=partner.institution, created_by=partner)
    client.force_login(partner)
    form = client.get(f"/en/requests/{draft.pk}/edit/institution/")
    assert form.status_code == 200
    files.append(tmp_path / "request-form.html")
    files[-1].write_bytes(form.content)
    assert check(vnu, files) == []
