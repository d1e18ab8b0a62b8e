"""/healthz answers while the process lives; /readyz names the part that is down."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from mieux_portal.ops import readiness
from notifications_app.models import Notification


def use_redis(settings, server) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url(1),
        },
    }
    settings.CELERY_BROKER_URL = server.url(0)


@pytest.mark.django_db
def test_it_answers_healthz_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_it_is_ready_when_every_part_answers(client, settings, own_redis, operator):
    use_redis(settings, own_redis)
    response = client.get("/readyz", **operator)

    assert response.status_code == 200, response.json()
    assert response.json()["failing"] == []
    assert {name for name, part in response.json()["checks"].items() if part["ok"]} == {
        "database", "cache", "broker", "outbox", "worker"
    }  # fmt: skip


@pytest.mark.django_db
def test_it_names_cache_and_broker_with_redis_stopped(client, settings, own_redis, operator):
    use_redis(settings, own_redis)
    own_redis.stop()
    response = client.get("/readyz", **operator)

    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
    assert response.json()["failing"] == ["cache", "broker"]
    assert str(own_redis.port) not in response.content.decode()


@pytest.mark.django_db
def test_it_tells_only_the_status_to_a_caller_without_the_token(client, settings, own_redis):
    use_redis(settings, own_redis)
    own_redis.stop()
    settings.METRICS_TOKEN = "operator-token-for-tests"
    response = client.get("/readyz", HTTP_AUTHORIZATION="Bearer guessed")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@pytest.mark.django_db
def test_it_is_not_ready_with_an_old_pending_email(client, operator, settings):
    Notification.objects.create(
        to_email="a@example.org", event="x", language="en", subject="s", body_text="t",
        body_html="h", idempotency_key="old", created_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    settings.READINESS_OUTBOX_MAX_AGE = 900
    response = client.get("/readyz", **operator)

    assert response.status_code == 503
    assert response.json()["failing"] == ["outbox"]
    assert response.json()["checks"]["outbox"]["oldest_pending_seconds"] >= 3600


@pytest.mark.django_db
def test_it_needs_a_fresh_worker_heartbeat_when_tasks_run_on_workers(client, operator, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "memory://"
    settings.WORKER_HEARTBEAT_MAX_AGE = 300
    assert client.get("/readyz", **operator).json()["failing"] == ["worker"]

    readiness.beat()
    assert client.get("/readyz", **operator).status_code == 200

    from django.core.cache import cache

    cache.set(readiness.HEARTBEAT_KEY, time.time() - 600, timeout=None)
    assert client.get("/readyz", **operator).json()["failing"] == ["worker"]


def test_it_writes_the_heartbeat_from_the_beat_task(settings):
    from mieux_portal.ops.tasks import heartbeat

    assert settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]["schedule"] == 60.0
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert not readiness.worker().ok
    heartbeat.apply()
    assert readiness.worker().ok


def test_it_answers_probes_by_address_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    probe = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")
    page = client.get("/en/", HTTP_HOST="10.0.0.5:8000")
    redirected = client.get("/en/")

    assert probe.status_code == 200 and probe.json() == {"status": "ok"}
    assert page.status_code == 400
    assert redirected.status_code == 301
