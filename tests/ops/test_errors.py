"""The Sentry hook: started only with SENTRY_DSN, and sending no private data."""

from __future__ import annotations

import sentry_sdk

from mieux_portal.ops.errors import init_sentry, strip_private


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
