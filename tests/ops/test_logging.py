"""Logs: one line per event, JSON with the request id when configured, 404s written once."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Two requests served in a fresh process with the settings' own logging: a 404 and a page.
SERVE = """
import django
django.setup()
from django.test import Client
Client().get("/en/no-such-page/", HTTP_X_REQUEST_ID="probe-404")
Client().get("/healthz")
"""


def serve(**env: str) -> list[str]:
    clean = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    result = subprocess.run(
        [sys.executable, "-c", SERVE],
        cwd=ROOT,
        env={**clean, "DJANGO_ENV_FILE": os.devnull, **env,
             "DJANGO_SETTINGS_MODULE": "mieux_portal.settings"},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return [line for line in result.stderr.splitlines() if line.strip()]


def test_it_writes_a_404_once_in_development():
    lines = serve(DEBUG="true")

    assert len([line for line in lines if "Not Found: /en/no-such-page/" in line]) == 1


def test_it_writes_json_lines_with_the_request_id_when_configured():
    lines = serve(LOG_FORMAT="json")
    records = [json.loads(line) for line in lines]
    not_found = [r for r in records if r["message"] == "Not Found: /en/no-such-page/"]

    assert len(not_found) == 1
    assert not_found[0]["request_id"] == "probe-404"
    assert not_found[0]["level"] == "WARNING" and not_found[0]["logger"] == "django.request"
    assert "request" not in not_found[0]


def test_it_logs_a_404_once_with_its_request_id(client, caplog):
    caplog.set_level(logging.INFO)
    response = client.get("/en/no-such-page/", HTTP_X_REQUEST_ID="abc-123")
    records = [r for r in caplog.records if r.getMessage() == "Not Found: /en/no-such-page/"]

    assert response.status_code == 404
    assert len(records) == 1
    assert response["X-Request-ID"] == "abc-123"


def test_it_makes_a_request_id_when_none_or_a_strange_one_is_given(client):
    made = client.get("/healthz")["X-Request-ID"]
    replaced = client.get("/healthz", HTTP_X_REQUEST_ID="a b\nc")["X-Request-ID"]

    assert len(made) == 32 and made != replaced
    assert len(replaced) == 32
