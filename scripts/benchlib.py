"""What the benchmarks share: the database, bulk seeding, the SMTP counter and the worker.

`bench_export.py` and `bench_load.py` seed requests with the same code (batched
bulk_create for the rows, COPY for their many-to-many rows); `bench_notify.py` and
`bench_load.py` run a real Celery worker and count what a local aiosmtpd server receives.
Nothing here starts anything on another address than the loopback.
"""

from __future__ import annotations

import io
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mieux_bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(url: str, label: str) -> None:
    """Create the benchmark database if the server does not have it yet."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                print(f"{label}: creating database {name}")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def setup_django(
    database_url: str, settings_module: str = "mieux_portal.settings", **env: str
) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": settings_module,
            "DATABASE_URL": database_url,
            "CELERY_TASK_ALWAYS_EAGER": "true",
            "DEBUG": "false",
            "LOG_LEVEL": "WARNING",
            **env,
        }
    )
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


# --- Seeding ------------------------------------------------------------------------------


def copy_rows(table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert rows at COPY speed."""
    from django.db import connection

    buffer = io.StringIO()
    for row in rows:
        buffer.write(",".join(str(value) for value in row) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.connection.cursor().copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH CSV", buffer
        )


def region_countries() -> tuple[dict[str, Any], list[str]]:
    """Each covered country's region, and the covered countries in order."""
    from requests_app.models import Region

    regions = {code: region for region in Region.objects.all() for code in region.countries}
    return regions, sorted(str(code) for code in regions)


def create_institutions(*, count: int, acronym: str, kinds: list[Any] | None = None) -> list[Any]:
    """`count` partner institutions (acronyms `<acronym><i>`) in covered countries."""
    from accounts_app.models import InstitutionKind, PartnerInstitution

    kinds = kinds or list(InstitutionKind.objects.all())
    _regions, countries = region_countries()
    return PartnerInstitution.objects.bulk_create(
        [
            PartnerInstitution(
                name=f"Министерство труда и миграции {i}"
                if i % 3 == 0
                else f"Migration Agency {i}",
                english_name=f"Migration Agency {i}",
                acronym=f"{acronym}{i}",
                kind=kinds[i % len(kinds)],
                country=countries[i % len(countries)],
                verified=i % 4 != 0,
            )
            for i in range(count)
        ]
    )


def co_requester(n: int, institutions: list[Any]) -> Any:
    """The co-requester of the n-th seeded request (every tenth is joint): never its own
    requester (institution n), and spread over every institution, as joint requests are
    (each co-requests about as many as any other, not a few of them all)."""
    step = 1 + (n // 10) % (len(institutions) - 1)
    return institutions[(n + step) % len(institutions)]


CITIES = ("Душанбе", "Бишкек", "Ташкент", "Dakar", "Lima", "Rabat")
# The context of a seeded request, in its language: words the search scenario looks for.
CONTEXTS_EN = (
    "Return and reintegration of returnees arriving in {city}.",
    "Border management and trafficking in human beings near {city}.",
    "Labour migration statistics collected by the agency in {city}.",
    "Protection of migrant workers and their families in {city}.",
    "Diaspora engagement and remittances through the office in {city}.",
    "Asylum procedures and reception conditions in {city}.",
)
CONTEXTS_RU = (
    "Реинтеграция возвращающихся мигрантов, город {city}.",
    "Противодействие торговле людьми на границе, город {city}.",
    "Статистика трудовой миграции в регионе, город {city}.",
    "Защита прав трудовых мигрантов и их семей, город {city}.",
)


def seed_requests(
    *,
    count: int,
    prefix: str,
    institutions: list[Any],
    assignee: Any,
    rng: random.Random,
    created_by: dict[int, Any] | None = None,
) -> list[int]:
    """`count` submitted requests (references `<prefix><year>-<i>`) spread over the
    institutions, stages, request types and 1-3 topics each; returns their ids in order."""
    from django.utils import timezone

    from requests_app.models import (
        ActivityType,
        CapacityRequest,
        Channel,
        CoRequest,
        RequestType,
        Status,
        Topic,
    )

    regions, countries = region_countries()
    statuses = [s for s in Status if s != Status.DRAFT]
    now = timezone.now()
    year = now.year
    ids: list[int] = []
    batch = 5000
    for start in range(0, count, batch):
        rows = []
        for i in range(start, min(start + batch, count)):
            institution = institutions[i % len(institutions)]
            status = statuses[i % len(statuses)]
            submitted = now - timezone.timedelta(days=rng.randint(1, 3 * 365))
            decided = submitted + timezone.timedelta(days=rng.randint(20, 120))
            russian = i % 5 == 0
            rows.append(
                CapacityRequest(
                    reference=f"{prefix}{year}-{i:06d}",
                    institution=institution,
                    created_by=(created_by or {}).get(institution.pk),
                    contact_name="+7 912 345 67 89" if i % 97 == 0 else f"Contact person {i}",
                    contact_email=f"contact{i}@bench.example.org",
                    country=str(institution.country),
                    other_countries=rng.sample(countries, 2) if i % 7 == 0 else [],
                    region=regions.get(str(institution.country)),
                    request_type=RequestType.values[i % len(RequestType.values)],
                    title_en="" if russian else f"Labour migration statistics, part {i}",
                    title_ru=f"Статистика трудовой миграции, часть {i}" if i % 2 == 0 else "",
                    context_en="" if russian else CONTEXTS_EN[i % 6].format(city=CITIES[i % 5]),
                    context_ru=CONTEXTS_RU[i % 4].format(city=CITIES[i % 3]) if russian else "",
                    submission_language="ru" if russian else "en",
                    channel=Channel.DELEGATION if i % 3 == 0 else Channel.DIRECT,
                    consent=True,
                    status=status,
                    assignee=assignee if i % 2 else None,
                    submitted_at=submitted,
                    status_changed_at=submitted + timezone.timedelta(days=3),
                    decided_at=decided if status in (Status.APPROVED, Status.REJECTED) else None,
                )
            )
        ids += [obj.pk for obj in CapacityRequest.objects.bulk_create(rows)]
    topics = list(Topic.objects.values_list("pk", flat=True))
    activities = list(ActivityType.objects.values_list("pk", flat=True))
    copy_rows(
        CapacityRequest.topics.through._meta.db_table,
        ("capacityrequest_id", "topic_id"),
        [(pk, topic) for pk in ids for topic in rng.sample(topics, rng.randint(1, 3))],
    )
    copy_rows(
        CapacityRequest.activity_types.through._meta.db_table,
        ("capacityrequest_id", "activitytype_id"),
        [(pk, kind) for pk in ids for kind in rng.sample(activities, rng.randint(1, 2))],
    )
    copy_rows(
        CoRequest._meta.db_table,
        ("request_id", "institution_id", "status", "reason", "invited_at"),
        [
            # A COPY of CSV reads an empty field as NULL: the reason is a word.
            (pk, co_requester(n, institutions).pk, "confirmed", "bench", now)
            for n, pk in enumerate(ids)
            if n % 10 == 0
        ],
    )
    return ids


# --- The SMTP server's handler ------------------------------------------------------------


class SmtpCounter:
    """Counts the messages an aiosmtpd server accepts, by (recipient, subject)."""

    def __init__(self) -> None:
        self.count = 0
        self.recipients: set[str] = set()
        self.received: Counter[tuple[str, str]] = Counter()
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 (aiosmtpd API)
        from email import message_from_bytes
        from email.header import decode_header, make_header

        message = message_from_bytes(envelope.content)
        subject = str(make_header(decode_header(message.get("Subject", ""))))
        with self._lock:
            self.count += 1
            self.recipients.update(envelope.rcpt_tos)
            for rcpt in envelope.rcpt_tos:
                self.received[(rcpt.lower(), " ".join(subject.split()))] += 1
        return "250 OK"


# --- The Celery worker --------------------------------------------------------------------


def start_worker(
    env: dict[str, str], log_path: Path, *, concurrency: int = 2, name: str = "bench"
) -> tuple[subprocess.Popen, Any]:
    log = open(log_path, "w")  # noqa: SIM115 - closed when the worker stops
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mieux_portal",
            "worker",
            "--pool=prefork",
            f"--concurrency={concurrency}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"{name}-{uuid.uuid4().hex[:8]}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return worker, log


def wait_for_worker(app: Any, worker: subprocess.Popen, label: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise SystemExit(f"{label}: the worker exited at start (see its log under var/)")
        try:
            if app.control.ping(timeout=0.5):
                return
        except Exception:  # noqa: BLE001 - the broker may be on its way back: ask again
            time.sleep(0.5)
    raise SystemExit(f"{label}: the worker did not answer within {timeout:.0f} s")


def stop_process(process: subprocess.Popen, timeout: float = 30) -> None:
    """SIGTERM (a warm shutdown for a worker, a graceful one for gunicorn), then SIGKILL."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
