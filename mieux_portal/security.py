"""How django-axes sees a login attempt on allauth's form.

allauth authenticates with ``email=…`` (its form field is ``login``), and reads the client's
address through ``ALLAUTH_TRUSTED_PROXY_COUNT``; the lockout counts the same e-mail (in
lower case, as allauth stores it) and the same address.
"""

from __future__ import annotations

import math
from typing import Any

from allauth.account.adapter import get_adapter
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The e-mail of the attempt: from allauth's credentials, else from the posted form."""
    sources = [credentials or {}, getattr(request, "POST", None) or {}]
    for source in sources:
        for field in ("email", "login", "username"):
            value = source.get(field)
            if value:
                return str(value).strip().lower()
    return ""


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, exactly as allauth's own rate limits read it."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return None


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first of the authentication backends.

    A call without an HTTP request (the test client's ``login()``, a shell) has no address
    to lock and is left to the other backends; every login form passes its request.
    """

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The portal's page for a locked-out login (HTTP 429), in the language of the page."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0
    response = render(
        request,
        "accounts/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
