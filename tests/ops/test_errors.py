"""The Sentry hook: started only with SENTRY_DSN, and sending no private data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import sentry_sdk

from mieux_portal.ops.errors import init_sentry, strip_private

ROOT = Path(__file__).resolve().parents[2]


def test_it_starts_no_error_reporting_without_a_dsn(settings):
    settings.SENTRY_DSN = ""

    assert init_sentry() is False
    assert not sentry_sdk.get_client().is_active()


def test_it_strips_bodies_cookies_and_credentials_from_events():
    event = {
        "request": {
            "url": "https://portal.example.org/en/requests/1/",
            "data": {"message": "our letter"},
            "cookies": {"sessionid": "s"},
            "query_string": "token=t",
            "headers": {"Cookie": "sessionid=s", "Authorization": "Bearer x", "Accept": "*/*"},
        },
        "user": {"email": "partner@example.org"},
    }
    stripped = strip_private(event)

    assert stripped["request"] == {
        "url": "https://portal.example.org/en/requests/1/",
        "headers": {"Accept": "*/*"},
    }
    assert "user" not in stripped


def test_it_starts_error_reporting_without_private_data_when_a_dsn_is_set():
    # In a process of its own: the SDK patches Django for good once started.
    code = (
        "import json, django; django.setup(); import sentry_sdk; "
        "o = sentry_sdk.get_client().options; "
        "print(json.dumps([sentry_sdk.get_client().is_active(), o['send_default_pii'], "
        "o['before_send'].__name__, o['max_request_body_size']]))"
    )
    clean = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    env = {
        **clean,
        "DJANGO_ENV_FILE": os.devnull,
        "DJANGO_SETTINGS_MODULE": "mieux_portal.settings",
        "SENTRY_DSN": "http://public@127.0.0.1:9/1",  # a closed port: nothing is sent
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [True, False, "strip_private", "never"]
