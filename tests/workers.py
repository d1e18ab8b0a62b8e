"""Real parts for the tests that need them: an SMTP server (aiosmtpd) and a Celery worker
process on the real broker, reading the test database. One worker for the whole session
(tests/conftest.py offers these fixtures to every directory: two workers on one broker would
take each other's tasks; a parallel run's workers each have a broker database of their own)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings

from mieux_portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI") == "true"
# A parallel run's worker (pytest-xdist) has a Celery worker of its own, on Redis databases
# of its own (tests/conftest.py): its files and log are its own too.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
SUFFIX = f"-{XDIST_WORKER}" if XDIST_WORKER else ""
# Where the worker keeps private files; a test reading what it wrote points
# settings.PRIVATE_MEDIA_ROOT here.
WORKER_PRIVATE_MEDIA_ROOT = f"/tmp/mieux-worker-private{SUFFIX}"
WORKER_LOG = f"var/test-worker{SUFFIX}.log"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """Collects what the SMTP server receives; can be told to refuse for a while."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.refuse:
            return "451 4.3.0 Mailbox temporarily unavailable"
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 30.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.messages


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[tuple[Controller, Mailbox]]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, mailbox
    controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings) -> Iterator[Mailbox]:
    controller, box = smtp_server
    box.messages.clear()
    box.refuse = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    yield box


def broker_url() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith("memory://"):  # the default when no broker is configured
        if IN_CI:
            pytest.fail("CELERY_BROKER_URL must name the real broker in CI")
        pytest.skip("CELERY_BROKER_URL is not set (make test sets it)")
    return url


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, smtp_server) -> Iterator[subprocess.Popen]:
    """A real worker process on the real broker, using the test database and SMTP server."""
    url = broker_url()
    controller, _box = smtp_server
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{controller.port}",
        "NOTIFICATION_RETRY_BASE_SECONDS": "1",
        "NOTIFICATION_MAX_ATTEMPTS": "3",
        "PRIVATE_MEDIA_ROOT": WORKER_PRIVATE_MEDIA_ROOT,
    }
    celery_app.control.purge()
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / WORKER_LOG, "w")  # noqa: SIM115 - closed with the worker
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mieux_portal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        replies = celery_app.control.ping(timeout=0.5)
        if replies:
            break
        if proc.poll() is not None:
            pytest.fail(f"The Celery worker exited at start: see {WORKER_LOG}")
    else:
        proc.kill()
        pytest.fail("The Celery worker did not answer within 30 s")
    yield proc
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture
def live_worker(celery_worker_process, mailbox) -> Iterator[Mailbox]:
    """Tasks go to the broker (not eager) while this fixture is active."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield mailbox
    celery_app.conf.task_always_eager = previous
