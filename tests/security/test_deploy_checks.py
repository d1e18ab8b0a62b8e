"""Production settings pass Django's deploy checks and send the hardening headers."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.production import production_env

ROOT = Path(__file__).resolve().parents[2]
POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def directives(header: str) -> dict[str, str]:
    """A Content-Security-Policy header as {directive: sources} (django-csp's order varies)."""
    pairs = (part.strip().partition(" ") for part in header.split(";") if part.strip())
    return {name: sources for name, _space, sources in pairs}


def run_in_production(*args: str, complete: bool = True) -> subprocess.CompletedProcess[str]:
    """A process with production settings and nothing else from this one's environment.
    ``complete=False``: only the key and the hosts (SQLite, memory cache: for pages served
    in the process itself, which must reach no other machine)."""
    env = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    env.update(
        production_env()
        if complete
        else {
            "DJANGO_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
            "ALLOWED_HOSTS": "portal.example.org",
        },
        DJANGO_ENV_FILE=os.devnull,
        DJANGO_SETTINGS_MODULE="mieux_portal.settings",
    )
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_it_passes_the_deploy_checks_with_production_settings():
    result = run_in_production("manage.py", "check", "--deploy", "--fail-level", "DEBUG")

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# What a browser gets from the production settings: a page with a CSRF token (no database).
# Only the static files' storage differs: hashed names need collectstatic's manifest.
PRODUCTION_RESPONSE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
plain_files = {**settings.STORAGES, "staticfiles": {
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=plain_files):
    response = Client().get(
        "/en/accounts/login/", secure=True, HTTP_HOST="portal.example.org",
        HTTP_X_FORWARDED_PROTO="https",
    )
csrf = response.cookies[settings.CSRF_COOKIE_NAME]
print(json.dumps({
    "status": response.status_code,
    "headers": dict(response.headers),
    "csrf_cookie": {"secure": csrf["secure"], "httponly": csrf["httponly"],
                    "samesite": csrf["samesite"]},
    "session_cookie": [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY,
                       settings.SESSION_COOKIE_SAMESITE],
    "plain_http": Client().get("/en/", HTTP_HOST="portal.example.org").status_code,
}))
"""


@pytest.fixture(scope="module")
def production_response() -> dict:
    result = run_in_production("-c", PRODUCTION_RESPONSE, complete=False)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_it_sends_hsts_and_the_safe_headers_in_production(production_response):
    headers = production_response["headers"]

    assert production_response["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert directives(headers["Content-Security-Policy"]) == POLICY


def test_it_sets_cookies_secure_httponly_and_lax_in_production(production_response):
    assert production_response["csrf_cookie"] == {
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }
    assert production_response["session_cookie"] == [True, True, "Lax"]


def test_it_redirects_plain_http_to_https_in_production(production_response):
    assert production_response["plain_http"] == 301


def test_it_sends_the_policy_without_unsafe_inline_on_every_kind_of_page(client, staff):
    client.force_login(staff)
    for url in (reverse("home"), reverse("account_login"), reverse("admin:index")):
        response = client.get(url)
        assert directives(response["Content-Security-Policy"]) == POLICY, url
        assert "unsafe" not in response["Content-Security-Policy"]


def test_it_keeps_development_cookies_usable_over_plain_http(client):
    response = client.get(reverse("account_login"))

    assert response.cookies["csrftoken"]["secure"] == ""
    assert response.cookies["csrftoken"]["httponly"] is True
    assert response["X-Frame-Options"] == "DENY"
