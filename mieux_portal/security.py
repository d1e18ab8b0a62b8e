"""Who is asking: the client's address behind the reverse proxies, how django-axes sees a
login attempt on allauth's form, and how large a request may be.

:func:`client_ip` is the one reading of the client's address: django-axes' lockout, allauth's
rate limits (through the account adapter) and the portal's own limits all use it, so they
count the same address. allauth authenticates with ``email=…`` (its form field is
``login``); the lockout counts the same e-mail (in lower case, as allauth stores it).
"""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation


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
    """The client's address, as ``settings.TRUSTED_PROXY_COUNT`` says to read it.

    With 0 (no proxy) it is the connecting address, whatever X-Forwarded-For claims: a
    client may write anything there. With N proxies, each appending the address it saw,
    the client's is the N-th from the end; what the client wrote stands before it and is
    ignored. A request that passed fewer proxies than configured (a health check from
    inside) falls back to the connecting address. None when no valid address is found.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    candidate = request.META.get("REMOTE_ADDR", "")
    if proxies > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        if len(forwarded) >= proxies and forwarded[-proxies]:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate.strip("[]")))
    except ValueError:
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


class RequestBodyLimit:
    """Refuse a request whose declared body is over ``settings.REQUEST_BODY_MAX_BYTES``.

    First of the middleware, it answers 413 from the Content-Length header alone, so a
    200 MB upload is never read, parsed or spooled to disk. A body without Content-Length
    (chunked) is not read by Django at all; nginx limits those in front of gunicorn.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # as Django reads it: no body
        if declared > settings.REQUEST_BODY_MAX_BYTES:
            return body_too_large(request)
        return self.get_response(request)


def body_too_large(request: HttpRequest) -> HttpResponse:
    """The portal's page for an oversized request (HTTP 413), in the language of the URL
    (the locale middleware has not run yet)."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        return render(
            request,
            "413.html",
            {"file_mb": settings.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
            status=413,
        )
