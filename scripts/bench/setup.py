"""A run's set-up and tear-down: the environment, the database, the services, in order.

It starts its own redis-server (a free port, no persistence: the broker, and the shared
cache of production's settings: rate limits, sessions, the page cache), an aiosmtpd server,
a Celery worker and gunicorn (2 sync workers) on 127.0.0.1; seeds the database once (kept
for the next runs); and stops everything it started, removing what the run submitted.
"""

from __future__ import annotations

import argparse
import os
import subprocess
from dataclasses import dataclass, field
from typing import Any

import benchlib

from bench.config import BENCH_DIR, LABEL, SCRIPTS_DIR, SETTINGS, Scale, log, staff_email
from bench.data import cleanup_run, cleanup_seed, seed, seeded, vacuum
from bench.processes import Redis, start_gunicorn, wait_until_up


@dataclass
class Run:
    """What a run started and what its phases share."""

    args: argparse.Namespace
    scale: Scale
    database_url: str
    smtp_counter: benchlib.SmtpCounter = field(default_factory=benchlib.SmtpCounter)
    smtp: Any = None
    redis: Redis = field(default_factory=Redis)
    port: int = field(default_factory=benchlib.free_port)
    env: dict[str, str] = field(default_factory=dict)
    worker: subprocess.Popen | None = None
    worker_log: Any = None
    server: subprocess.Popen | None = None
    run_start_pk: int = 0
    notification_start_pk: int = 0
    app: Any = None  # the Celery app, once Django is set up
    summary: list[tuple[str, str, bool]] = field(default_factory=list)


def database_url(scale: Scale) -> str:
    url = os.environ.get("DATABASE_URL") or (
        benchlib.DEFAULT_DATABASE_URL.rsplit("/", 1)[0] + "/" + scale.database
    )
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"{LABEL}: DATABASE_URL must name a PostgreSQL database")
    return url


def environment(run: Run) -> dict[str, str]:
    """The settings' environment, for this process, the worker and gunicorn alike."""
    path = os.environ.get("PYTHONPATH", "")
    return {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PYTHONPATH": f"{SCRIPTS_DIR}{os.pathsep}{path}" if path else str(SCRIPTS_DIR),
        "DATABASE_URL": run.database_url,
        "CELERY_BROKER_URL": run.redis.url,
        # The cache as in production (docker-compose.yml): the broker's Redis, its own
        # database; shared by both workers (rate limits, sessions, the page cache).
        "CACHE_URL": run.redis.url.removesuffix("/0") + "/1",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{run.smtp.port}",
        "TRIAGE_EMAILS": staff_email(0),
        "PORTAL_BASE_URL": f"http://127.0.0.1:{run.port}",
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE_SECONDS": "0" if run.args.no_page_cache else "300",
        "DEBUG": "false",
    }


def new_run(args: argparse.Namespace, scale: Scale) -> Run:
    """The run's addresses and environment; nothing started yet."""
    from aiosmtpd.controller import Controller

    run = Run(args=args, scale=scale, database_url=database_url(scale))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    log(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    run.smtp = Controller(run.smtp_counter, hostname="127.0.0.1", port=benchlib.free_port())
    run.env = environment(run)
    return run


def start(run: Run) -> None:
    """SMTP and the broker, the database (migrated, seeded once, vacuumed), the worker and
    gunicorn: on return every page answers."""
    run.smtp.start()
    run.redis.start()
    benchlib.ensure_database(run.database_url, LABEL)
    benchlib.setup_django(run.database_url, SETTINGS, **run.env)
    log(
        f"settings: {SETTINGS} (DEBUG off, bench URLconf with "
        "/bench/baseline/, CONN_MAX_AGE 60 + health checks, rate limits raised, fast "
        "hasher for the seeded users; staff need their TOTP as in production)"
    )
    prepare_database(run)
    from mieux_portal.celery import app

    run.app = app
    app.control.purge()
    run.worker, run.worker_log = benchlib.start_worker(
        {**os.environ, **run.env}, BENCH_DIR / "worker.log", concurrency=2, name=LABEL
    )
    benchlib.wait_for_worker(app, run.worker, LABEL)
    run.server = start_gunicorn(run.port, {**os.environ, **run.env})
    wait_until_up(run.port, run.server)
    log(
        f"gunicorn: 2 sync workers on 127.0.0.1:{run.port}; broker {run.redis.url} (own "
        f"redis-server); SMTP 127.0.0.1:{run.smtp.port}; Celery worker prefork x2"
    )


def prepare_database(run: Run) -> None:
    from django.core.management import call_command

    from notifications_app.models import Notification
    from requests_app.models import CapacityRequest

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    if not seeded(run.scale):
        log("seeding (once; kept for the next runs)")
        cleanup_seed()
        seed(run.scale)
    log(vacuum())
    run.run_start_pk = last_pk(CapacityRequest)
    run.notification_start_pk = last_pk(Notification)


def last_pk(model: Any) -> int:
    return model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def stop(run: Run) -> None:
    """Stop what the run started; remove what it submitted (unless --keep)."""
    if run.server is not None:
        benchlib.stop_process(run.server)
    if run.worker is not None:
        benchlib.stop_process(run.worker)
    if run.worker_log is not None:
        run.worker_log.close()
    run.redis.stop()
    if run.smtp is not None:
        run.smtp.stop()
    if run.run_start_pk and not run.args.keep:
        cleanup_run(since_pk=run.run_start_pk)
        from notifications_app.models import Notification

        Notification.objects.filter(pk__gt=run.notification_start_pk).delete()
