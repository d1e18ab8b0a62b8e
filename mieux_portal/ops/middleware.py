"""Middleware of the operations app: WhiteNoise's with its folder made on first use, pages
compressed on the way out, and the request id carried from the proxy (or made here) into every
log record and the response."""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from whitenoise.middleware import WhiteNoiseMiddleware

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only if it looks like one: it lands in every log line.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
REQUEST_ID_META = "portal.request_id"
# Asked every few seconds by balancers and Prometheus: their 503s and 403s are answers,
# not incidents to log (or to report to Sentry) each time.
QUIET_PATHS = {"/healthz", "/readyz", "/metrics"}
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise warns about a missing STATIC_ROOT (empty until collectstatic runs): the
    folder is made here, when the first request handler is built, not at settings import."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if settings.STATIC_ROOT:
            Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
        super().__init__(*args, **kwargs)


class PageCompressionMiddleware(GZipMiddleware):
    """Pages (HTML, JSON, XML) are sent gzipped to browsers that accept it: a request form's
    15 KB of HTML is 4 KB on a partner's slow mobile link. Static files come compressed from
    WhiteNoise (brotli or gzip, made by collectstatic) and never reach this; streamed answers
    (files, exports) and other types pass as they are, so a download keeps its length.
    Django's GZipMiddleware pads each answer with random bytes against BREACH-style guessing
    of secrets in compressed pages (Heal The Breach); CSRF tokens are masked per page too."""

    COMPRESSED_TYPES = ("text/html", "application/json", "application/xml", "text/xml")

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        kind = response.get("Content-Type", "").split(";")[0].strip()
        if response.streaming or kind not in self.COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)


def current_request_id() -> str:
    """The id of the request this thread (or task) is serving, "-" outside one."""
    return _request_id.get()


class RequestIdMiddleware:
    """Takes the proxy's X-Request-ID (or makes one), puts it on every log record written
    while serving the request and sends it back in the response header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = given if _VALID_ID.match(given) else uuid.uuid4().hex
        # Django logs a 4xx/5xx response after the middleware returned: the filter below
        # finds the id on the request then.
        request.META[REQUEST_ID_META] = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to each record (for the JSON and the plain formats alike)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        meta = getattr(request, "META", {})
        record.request_id = meta.get(REQUEST_ID_META) or current_request_id()
        return True


class QuietProbesFilter(logging.Filter):
    """Drops django.request's records of the health, readiness and metrics answers."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        return getattr(request, "path", None) not in QUIET_PATHS


class ProbeMiddleware:
    """Answers /healthz, /readyz and /metrics before the host check and the HTTPS redirect:
    balancers, kubelets and Prometheus ask by the node's address over plain HTTP, which
    ALLOWED_HOSTS and SECURE_SSL_REDIRECT would refuse or redirect. (The views decide who
    may read what; they stay in the URLconf for reverse() and the access matrix.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        from . import views

        self.get_response = get_response
        self.probes: dict[str, Callable[[HttpRequest], HttpResponse]] = {
            "/healthz": views.healthz,
            "/readyz": views.readyz,
            "/metrics": views.metrics,
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = self.probes.get(request.path_info)
        return probe(request) if probe else self.get_response(request)
