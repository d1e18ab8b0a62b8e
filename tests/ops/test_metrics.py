"""/metrics: django-prometheus' request, database and cache metrics and the portal's gauges,
for a token's bearer or an allowed network only."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from mieux_portal.ops.metrics import read_gauges
from notifications_app.models import Notification
from requests_app.models import CapacityRequest
from tests import factories

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def sample(text: str, name: str) -> float:
    """The value of the sample line that starts with ``name`` (labels included)."""
    lines = [line for line in text.splitlines() if line.startswith(name + " ")]
    assert len(lines) == 1, name
    return float(lines[0].split()[-1])


def test_it_counts_requests_per_stage_and_the_outbox(client, operator):
    factories.CapacityRequestFactory.create_batch(2)
    Notification.objects.create(
        to_email="a@example.org", event="x", language="en", subject="s", body_text="t",
        body_html="h", idempotency_key="k1", created_at=timezone.now() - timedelta(minutes=5),
    )  # fmt: skip
    text = client.get("/metrics", **operator).content.decode()

    stage = CapacityRequest.objects.first().status
    assert sample(text, f'mieux_requests{{stage="{stage}"}}') == 2
    assert sample(text, 'mieux_requests{stage="withdrawn"}') == 0
    assert sample(text, 'mieux_outbox_notifications{status="pending"}') == 1
    assert sample(text, 'mieux_outbox_notifications{status="failed"}') == 0
    assert sample(text, 'mieux_outbox_notifications_oldest_age_seconds{status="pending"}') >= 300


def test_it_reads_every_gauge_in_one_query(django_assert_num_queries):
    factories.CapacityRequestFactory()
    with django_assert_num_queries(1):
        found = read_gauges()

    assert set(found) >= {"mieux_requests", "mieux_outbox_notifications"}


def test_it_serves_django_prometheus_request_and_database_metrics(client, operator):
    client.get("/healthz")
    text = client.get("/metrics", **operator).content.decode()

    assert "django_http_requests_total_by_view_transport_method_total" in text
    assert "django_db_execute_total" in text


def test_it_refuses_metrics_without_the_token(client, settings):
    settings.METRICS_TOKEN = "operator-token-for-tests"

    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer nope").status_code == 403
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer operator-token-for-tests")
    assert ok.status_code == 200


def test_it_serves_metrics_to_an_allowed_network_only(client, settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.1.0.0/16"]

    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.2.0.1").status_code == 403
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR="10.1.2.3").status_code == 403


def test_it_counts_reads_of_the_shared_cache(client, operator, settings, own_redis):
    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(s.CACHES['default']['BACKEND'])"
    clean = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    env = {**clean, "DJANGO_ENV_FILE": os.devnull, "CACHE_URL": own_redis.url(2),
           "DJANGO_SETTINGS_MODULE": "mieux_portal.settings"}  # fmt: skip
    backend = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, timeout=120, text=True
    ).stdout.strip()
    assert backend == "django_prometheus.cache.backends.redis.RedisCache"

    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": backend, "LOCATION": env["CACHE_URL"]},
    }
    from django.core.cache import cache

    cache.get("never-set")
    text = client.get("/metrics", **operator).content.decode()
    assert sample(text, 'django_cache_get_total{backend="redis"}') >= 1
    assert sample(text, 'django_cache_get_misses_total{backend="redis"}') >= 1
