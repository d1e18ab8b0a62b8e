"""Health, readiness and metrics: what a balancer, an orchestrator and Prometheus ask.

* ``/healthz`` — public: the process answers (no database, no cache), ``{"status": "ok"}``.
* ``/readyz`` — public status code and status word only (200 ``ok`` / 503 ``unavailable``);
  the parts (database, cache, broker, outbox, worker) and what failed only to an operator.
* ``/metrics`` — Prometheus' text format, only to an operator.

An operator is a caller with ``Authorization: Bearer <METRICS_TOKEN>``, or from an address in
``METRICS_ALLOWED_NETWORKS`` (the connecting address: a proxy's forwarding headers are not
believed here). Neither is set by default, so nothing private is public by default.
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView

from . import readiness


def is_operator(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(network, strict=False)
        for network in settings.METRICS_ALLOWED_NETWORKS
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> HttpResponse:
    parts = readiness.check_all()
    failing = [name for name, part in parts.items() if not part.ok]
    body: dict[str, object] = {"status": "unavailable" if failing else "ok"}
    if is_operator(request):
        body["failing"] = failing
        body["checks"] = {
            name: {"ok": part.ok, "skipped": part.skipped, **part.detail}
            for name, part in parts.items()
        }
    return JsonResponse(body, status=503 if failing else 200)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not is_operator(request):
        return JsonResponse({"status": "forbidden"}, status=403)
    return ExportToDjangoView(request)
