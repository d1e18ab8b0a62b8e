#!/usr/bin/env python
"""Benchmark: deliver 1,000 outbox e-mails through a real Celery worker to an SMTP server.

Runs against PostgreSQL at DATABASE_URL (default: the `mieux_bench` database on the local
server, created and migrated if missing) and the broker at CELERY_BROKER_URL (default Redis
db 13). It starts an aiosmtpd server on a free loopback port and a worker subprocess
(prefork, concurrency 2), writes 1,000 pending Notification rows, queues them, waits until
every row is sent (giving up after 300 s), checks the SMTP server received exactly 1,000
messages and prints the rate. Everything it starts, it stops.

    make bench-notify          # or: .venv/bin/python scripts/bench_notify.py [--count N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid

import benchlib
from benchlib import DEFAULT_DATABASE_URL, ROOT

DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/13"
TIMEOUT_SECONDS = 300
CONCURRENCY = 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="e-mails to deliver (1000)")
    args = parser.parse_args()
    count: int = args.count

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    broker_url = os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench-notify: DATABASE_URL must name a PostgreSQL database")

    from aiosmtpd.controller import Controller

    counter = benchlib.SmtpCounter()
    smtp = Controller(counter, hostname="127.0.0.1", port=benchlib.free_port())
    smtp.start()
    email_url = f"smtp://127.0.0.1:{smtp.port}"

    # The settings read these when Django starts; the worker gets the same.
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "mieux_portal.settings",
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_URL": email_url,
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    worker = log = None
    try:
        benchlib.ensure_database(database_url, "bench-notify")

        import django

        django.setup()
        from django.core.management import call_command

        from mieux_portal.celery import app
        from notifications_app.models import Notification, NotificationStatus
        from notifications_app.services import enqueue

        call_command("migrate", "--noinput", verbosity=0)
        Notification.objects.filter(event="bench").delete()
        app.control.purge()

        (ROOT / "var").mkdir(exist_ok=True)
        worker, log = benchlib.start_worker(
            dict(os.environ), ROOT / "var" / "bench-worker.log", concurrency=CONCURRENCY
        )
        benchlib.wait_for_worker(app, worker, "bench-notify")

        run = uuid.uuid4().hex[:12]
        rows = Notification.objects.bulk_create(
            [
                Notification(
                    to_email=f"partner{i}@bench.example.org",
                    event="bench",
                    language="ru" if i % 2 else "en",
                    subject=f"Заявка MX-2026-{i:04d} получена",
                    body_text=f"Уважаемый партнёр,\n\nзаявка MX-2026-{i:04d} получена.\n",
                    body_html=f"<p>Уважаемый партнёр,</p><p>заявка MX-2026-{i:04d} получена.</p>",
                    idempotency_key=f"bench:{run}:{i}",
                )
                for i in range(count)
            ],
            batch_size=500,
        )
        ids = [row.pk for row in rows]
        pending = Notification.objects.filter(pk__in=ids).exclude(status=NotificationStatus.SENT)

        print(
            f"bench-notify: delivering {count} e-mails (worker: prefork, concurrency "
            f"{CONCURRENCY}; broker {broker_url}; SMTP {email_url})"
        )
        started = time.perf_counter()
        for pk in ids:
            enqueue(pk)
        deadline = time.monotonic() + TIMEOUT_SECONDS
        left = count
        while left and time.monotonic() < deadline:
            time.sleep(0.1)
            left = pending.count()
        elapsed = time.perf_counter() - started
        if left:
            print(f"bench-notify: gave up after {TIMEOUT_SECONDS} s, {left} e-mails not sent")
            return 1
        time.sleep(1.0)  # anything sent twice would arrive now
        failed = Notification.objects.filter(pk__in=ids, status=NotificationStatus.FAILED)
        if counter.count != count or len(counter.recipients) != count or failed.exists():
            print(
                f"bench-notify: FAILED: the SMTP server received {counter.count} messages "
                f"for {len(counter.recipients)} recipients, expected exactly {count}"
            )
            return 1
        print(
            f"bench-notify: {count} e-mails sent and received exactly once in {elapsed:.2f} s: "
            f"{count / elapsed:.1f} e-mails/second"
        )
        Notification.objects.filter(pk__in=ids).delete()
        return 0
    finally:
        if worker is not None:
            benchlib.stop_process(worker)  # warm shutdown: finishes the tasks in hand
        if log is not None:
            log.close()
        smtp.stop()


if __name__ == "__main__":
    sys.exit(main())
