#!/usr/bin/env python
"""Benchmark: the portal under load and faults, through gunicorn, on the loopback only.

Runs against PostgreSQL at DATABASE_URL (default: the `mieux_bench` database on the local
server, created and migrated if missing) with `mieux_portal.settings_bench` (the portal's
settings with DEBUG off, a bench URLconf adding /bench/baseline/, persistent connections
with health checks, raised rate limits, a fast password hasher for the seeded users: see
that module). It

1. seeds, once (kept between runs), 100,000 submitted requests of 300 institutions over every
   stage and topic, 500 published Actions with 6-7 activities each, 60 partner users (one
   per institution) and 8 staff users with an activated authenticator app (TOTP);
2. starts its own redis-server (a free port, no persistence: the broker, and the shared
   cache of production's settings: rate limits, sessions, the page cache), an aiosmtpd server,
   a Celery worker and gunicorn (2 sync workers) on 127.0.0.1, and logs every user in
   through the real forms (the staff with their TOTP code);
3. measures, for each page at 8 concurrent users (one logged-in connection each, 3 s of
   warm-up, then 15 s): the baseline (one query, one small template), the Actions catalogue
   with filters, an Action page, "My requests", a request page, the admin request list with
   filters on 100,000 requests, and the whole submit flow (13 requests: every page and post
   from "New request" to the submitted request's page); prints req/s, p50/p95/p99 and each
   page's throughput as a ratio of the baseline's, and the queries each page runs;
4. has 50 partners of 50 institutions submit 1,000 requests at once through the real forms,
   then checks the database: exactly 1,000 new submitted requests, 1,000 distinct references
   numbered without a gap, their outbox rows (the partner's acknowledgement and the triage
   e-mail), no server error;
5. under load, stops the broker, restarts PostgreSQL (`pg_ctlcluster`, only with
   --pg-restart: it disconnects everyone using that server for a few seconds) and starts the
   broker again; checks that every submission a client saw acknowledged is in the database,
   that the portal answers again by itself, and that every pending e-mail is delivered
   exactly once once the broker is back (the re-queue task, as beat runs it);
6. prints a summary table, removes what the run submitted and stops everything it started.

    make bench-load    # or: .venv/bin/python scripts/bench_load.py [--pg-restart] [--duration 15]
    make bench-load BENCH_LOAD_ARGS=--no-page-cache    # every page rendered, as on a miss
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import itertools
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import benchlib
from benchlib import DEFAULT_DATABASE_URL, ROOT

LABEL = "bench-load"
PREFIX = "BL-"  # references of the seeded requests
ACRONYM = "BL"  # acronyms of the seeded institutions
INSTITUTIONS = 300
REQUESTS = 100_000
ACTIONS = 500
PARTNERS = 60  # one partner user for each of the first 60 institutions
STAFF = 8
PASSWORD = "bench-load-password-2026"  # noqa: S105 - a benchmark's throwaway users
USERS = 8  # concurrent users of the page measurements
SUBMITTERS = 50
SUBMISSIONS = 1000
LANGUAGE = "en"
BENCH_DIR = ROOT / "var" / "bench"
TARGET_RATIO = 0.5  # catalogue and "My requests" against the baseline's req/s
TARGET_P95_MS = 150
TARGET_ADMIN_P95_MS = 300
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
REFERENCE = re.compile(r"Its reference is (MX-\d{4}-\d{4,})")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def partner_email(i: int) -> str:
    return f"bl-partner-{i}@bench.example.org"


def staff_email(i: int) -> str:
    return f"bl-staff-{i}@mieux.local"


def totp_secret(email: str) -> str:
    """A fixed authenticator secret per staff user, so the client can compute the code."""
    return base64.b32encode(hashlib.sha1(email.encode()).digest()).decode()  # noqa: S324


def log(message: str) -> None:
    print(f"{LABEL}: {message}", flush=True)


# --- The HTTP client ---------------------------------------------------------------------


@dataclass
class Response:
    status: int  # 0: no response (connection refused, reset, timed out)
    body: str
    location: str
    ms: float


class Browser:
    """One user: one connection to the server, its own cookies (session, CSRF, messages)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def _cookie_header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _store(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.coded_value

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> Response:
        headers = self._cookie_header()
        if content_type:
            headers["Content-Type"] = content_type
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            return Response(0, "", "", (time.perf_counter() - started) * 1000)
        ms = (time.perf_counter() - started) * 1000
        self._store(response)
        if response.will_close:
            self.conn.close()
        return Response(
            response.status,
            data.decode("utf-8", "replace"),
            urlsplit(response.headers.get("Location", "")).path,
            ms,
        )

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def token(self) -> str:
        # The CSRF cookie's secret is accepted in place of a page's masked token.
        return self.cookies.get("csrftoken", "")

    def post(
        self,
        path: str,
        data: list[tuple[str, str]],
        files: list[tuple[str, str, bytes]] | None = None,
    ) -> Response:
        fields = [("csrfmiddlewaretoken", self.token()), *data]
        if not files:
            body = urlencode(fields).encode()
            return self.request("POST", path, body, "application/x-www-form-urlencoded")
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for name, filename, content in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}"
        )


def log_in(port: int, email: str, totp: str | None = None) -> Browser:
    """Through allauth's login form; staff then type their authenticator code."""
    browser = Browser(port)
    login = f"/{LANGUAGE}/accounts/login/"
    page = browser.get(login)
    assert page.status == 200, (email, page.status)
    response = browser.post(login, [("login", email), ("password", PASSWORD)])
    assert response.status == 302, (email, response.status, response.body[:500])
    if totp is not None:
        assert "2fa/authenticate" in response.location, (email, response.location)
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        page = browser.get(response.location)
        code = format_hotp_value(hotp_value(totp, int(time.time()) // 30))
        response = browser.post(response.location, [("code", code)])
        assert response.status == 302, (email, "TOTP", response.status, response.body[:300])
    return browser


# --- Measuring ------------------------------------------------------------------------------


@dataclass
class Sample:
    started: float
    ms: float
    status: int
    ok: bool


@dataclass
class Result:
    name: str
    seconds: float
    samples: list[Sample] = field(default_factory=list)
    flows: int = 0  # whole submit flows completed inside the window

    @property
    def count(self) -> int:
        return len(self.samples)

    @property
    def rate(self) -> float:
        return self.count / self.seconds

    def percentile(self, p: float) -> float:
        values = sorted(s.ms for s in self.samples)
        if not values:
            return float("nan")
        return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]

    @property
    def server_errors(self) -> int:
        return sum(1 for s in self.samples if s.status == 0 or s.status >= 500)

    @property
    def unexpected(self) -> int:
        return sum(1 for s in self.samples if not s.ok)


# A step of a user: issues one or more requests and says whether each was as expected.
Step = Callable[[Browser, int], list[tuple[Response, bool]]]


def measure(
    name: str, browsers: list[Browser], step: Step, warmup: float, seconds: float
) -> Result:
    """Every user runs `step` in a loop; requests started in the window are counted."""
    result = Result(name, seconds)
    lock = threading.Lock()
    start = time.perf_counter() + 0.2
    window_start, window_end = start + warmup, start + warmup + seconds

    def user(n: int, browser: Browser) -> None:
        mine: list[Sample] = []
        flows = 0
        for i in itertools.count(n * 100_003):
            now = time.perf_counter()
            if now >= window_end:
                break
            if now < start:
                time.sleep(start - now)
            began = time.perf_counter()
            t = began
            outcomes = step(browser, i)
            complete = True
            for response, ok in outcomes:
                if t >= window_start and t + response.ms / 1000 <= window_end:
                    mine.append(Sample(t, response.ms, response.status, ok))
                else:
                    complete = False
                t += response.ms / 1000
            if complete and began >= window_start and all(ok for _r, ok in outcomes):
                flows += 1
        with lock:
            result.samples += mine
            result.flows += flows

    threads = [threading.Thread(target=user, args=(n, b)) for n, b in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def cycling_get(paths: list[str]) -> Step:
    def step(browser: Browser, i: int) -> list[tuple[Response, bool]]:
        response = browser.get(paths[i % len(paths)])
        return [(response, response.status == 200)]

    return step


def per_user_get(paths_of_user: dict[int, list[str]], browsers: list[Browser]) -> Step:
    index = {id(b): n for n, b in enumerate(browsers)}

    def step(browser: Browser, i: int) -> list[tuple[Response, bool]]:
        paths = paths_of_user[index[id(browser)]]
        response = browser.get(paths[i % len(paths)])
        return [(response, response.status == 200)]

    return step


@dataclass
class FlowData:
    """What a partner types: the institution's country, topics, kinds of activities."""

    country: str
    topics: list[str]
    activity_types: list[str]


def submit_flow(
    data: FlowData, *, pages: bool
) -> Callable[[Browser, int], tuple[list[tuple[Response, bool]], str]]:
    """Create a draft, fill the three steps, upload the letter, submit; with `pages`, every
    page is also read as a person would (13 requests), else only the posts (7)."""
    base = f"/{LANGUAGE}/requests"

    def run(browser: Browser, i: int) -> tuple[list[tuple[Response, bool]], str]:
        out: list[tuple[Response, bool]] = []

        def go(response: Response, expected: int) -> bool:
            ok = response.status == expected
            out.append((response, ok))
            return ok

        if pages and not go(browser.get(f"{base}/new/"), 200):
            return out, ""
        created = browser.post(f"{base}/new/", [])
        if not go(created, 302) or "/edit/" not in created.location:
            return out, ""
        draft = created.location.split("/edit/")[0]  # /en/requests/<pk>
        steps = [
            (
                "institution",
                [
                    ("contact_name", f"Contact {i}"),
                    ("contact_position", "Head of unit"),
                    ("contact_email", f"contact{i}@bench.example.org"),
                    ("contact_phone", "+992 37 221 00 00"),
                    ("country", data.country),
                    ("channel", "direct"),
                    ("delegation_contact", ""),
                ],
            ),
            (
                "need",
                [
                    ("submission_language", LANGUAGE),
                    ("request_type", "action"),
                    ("title", f"Labour migration statistics {i}"),
                    *(("topics", t) for t in data.topics),
                    ("context", "The migration service collects data on labour migration. " * 5),
                    ("needs", "Training of statisticians in survey methods. " * 5),
                    ("objectives", "Reliable monthly statistics on labour migration. " * 3),
                    ("target_groups", "Twenty statisticians of the migration service."),
                ],
            ),
            (
                "support",
                [
                    *(("activity_types", a) for a in data.activity_types),
                    ("proposed_activities", "A study visit, then two workshops. " * 4),
                    ("expected_results", "A survey method adopted and in use. " * 4),
                    ("timeframe_start", "2027-03-01"),
                    ("timeframe_end", "2027-06-30"),
                    ("expected_participants", "25"),
                    ("working_languages", "Russian, English"),
                    ("other_support", ""),
                ],
            ),
        ]
        for key, fields in steps:
            if pages and not go(browser.get(f"{draft}/edit/{key}/"), 200):
                return out, ""
            saved = browser.post(f"{draft}/edit/{key}/", [*fields, ("action", "continue")])
            if not go(saved, 302):
                return out, ""
        if pages and not go(browser.get(f"{draft}/edit/files/"), 200):
            return out, ""
        uploaded = browser.post(
            f"{draft}/edit/files/", [("kind", "letter")], files=[("file", "letter.pdf", PDF)]
        )
        if not go(uploaded, 302):
            return out, ""
        if pages and not go(browser.get(f"{draft}/edit/review/"), 200):
            return out, ""
        submitted = browser.post(
            f"{draft}/edit/review/", [("consent", "on"), ("transition", "submit")]
        )
        if not go(submitted, 302) or submitted.location != f"{draft}/":
            return out, ""
        page = browser.get(f"{draft}/")
        found = REFERENCE.search(page.body)
        go(page, 200)
        if not found:
            out[-1] = (page, False)
            return out, ""
        return out, found.group(1)

    return run


# --- Seeding ---------------------------------------------------------------------------------


def seeded() -> bool:
    from accounts_app.models import User
    from actions_app.models import Action
    from requests_app.models import CapacityRequest

    return (
        CapacityRequest.objects.filter(reference__startswith=PREFIX).count() == REQUESTS
        and Action.objects.filter(code__startswith=PREFIX).count() == ACTIONS
        and User.objects.filter(email__startswith="bl-", email__contains="@").count()
        == PARTNERS + STAFF
    )


def cleanup_seed() -> None:
    """Remove everything an earlier, interrupted seeding wrote (raw SQL: no cascade walk)."""
    from django.db import connection

    from accounts_app.models import PartnerInstitution, User
    from actions_app.models import Action, Activity
    from requests_app.models import CapacityRequest

    cleanup_run(since_pk=0)
    table = CapacityRequest._meta.db_table
    bench = f"SELECT id FROM {table} WHERE reference LIKE %s"
    actions = f"SELECT id FROM {Action._meta.db_table} WHERE code LIKE %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {Activity._meta.db_table} WHERE action_id IN ({actions})", [f"{PREFIX}%"]
        )
        for through_field in ("topics", "institutions"):
            through = Action._meta.get_field(through_field).remote_field.through._meta.db_table
            cursor.execute(f"DELETE FROM {through} WHERE action_id IN ({actions})", [f"{PREFIX}%"])
        cursor.execute(f"DELETE FROM {Action._meta.db_table} WHERE code LIKE %s", [f"{PREFIX}%"])
        for through_field in ("topics", "activity_types", "co_institutions"):
            through = CapacityRequest._meta.get_field(
                through_field
            ).remote_field.through._meta.db_table
            cursor.execute(
                f"DELETE FROM {through} WHERE capacityrequest_id IN ({bench})", [f"{PREFIX}%"]
            )
        cursor.execute(f"DELETE FROM {table} WHERE reference LIKE %s", [f"{PREFIX}%"])
    User.objects.filter(email__startswith="bl-").delete()
    PartnerInstitution.objects.filter(acronym__startswith=ACRONYM).delete()


def seed() -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import encrypt
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts_app.models import InstitutionKind, Membership, User
    from actions_app.models import EU_MEMBER_STATES, Action, ActionStatus, Activity
    from requests_app.models import ActivityType, CapacityRequest, Status, Topic

    started = time.perf_counter()
    rng = random.Random(11)
    # Civil-society requesters need a governmental co-requester: keep the bench's simple.
    kinds = list(InstitutionKind.objects.filter(needs_governmental_partner=False))
    institutions = benchlib.create_institutions(count=INSTITUTIONS, acronym=ACRONYM, kinds=kinds)
    password = make_password(PASSWORD)  # the bench settings' fast hasher
    users = User.objects.bulk_create(
        [
            User(
                email=partner_email(i),
                password=password,
                first_name="Partner",
                last_name=str(i),
                preferred_language="ru" if i % 4 == 0 else "en",
            )
            for i in range(PARTNERS)
        ]
        + [
            User(
                email=staff_email(i),
                password=password,
                first_name="Staff",
                last_name=str(i),
                is_staff=True,
            )
            for i in range(STAFF)
        ]
    )
    partners, staff = users[:PARTNERS], users[PARTNERS:]
    Membership.objects.bulk_create(
        [Membership(user=u, institution=institutions[i]) for i, u in enumerate(partners)]
    )
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
    )
    Group.objects.get(name="MIEUX+ staff").user_set.add(*staff)
    Authenticator.objects.bulk_create(
        [
            Authenticator(
                user=u, type=Authenticator.Type.TOTP, data={"secret": encrypt(totp_secret(u.email))}
            )
            for u in staff
        ]
    )
    ids = benchlib.seed_requests(
        count=REQUESTS, prefix=PREFIX, institutions=institutions, assignee=staff[0], rng=rng
    )
    log(f"seeded {REQUESTS:,} requests in {time.perf_counter() - started:.1f} s")

    # 500 published Actions, each from an approved request, with 6-7 activities.
    approved = list(
        CapacityRequest.objects.filter(pk__in=ids, status=Status.APPROVED)
        .order_by("pk")
        .values_list("pk", "institution_id", "country", "region_id")[:ACTIONS]
    )
    topics = list(Topic.objects.values_list("pk", flat=True))
    kinds_of_activity = list(ActivityType.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    actions = Action.objects.bulk_create(
        [
            Action(
                code=f"{PREFIX}{n}",
                slug=f"bl-action-{n}",
                title_en=f"Labour migration statistics in partnership {n}",
                title_ru=f"Статистика трудовой миграции, партнёрство {n}" if n % 2 else "",
                summary_en="Peer-to-peer support on labour migration statistics. " * 4,
                summary_ru="Поддержка по статистике трудовой миграции. " * 4 if n % 2 else "",
                objective_en="To improve the collection and use of migration data.",
                specific_objectives_en="1. A survey method.\n2. Trained statisticians.",
                results_en="A survey method adopted; 40 officials trained.",
                request_id=pk,
                countries=[
                    country,
                    *(rng.sample(["KG", "TJ", "UZ", "KZ"], 1) if n % 5 == 0 else []),
                ],
                region_id=region,
                member_states=rng.sample(EU_MEMBER_STATES, 2),
                status=ActionStatus.COMPLETED if n % 3 == 0 else ActionStatus.ONGOING,
                start_date=today - timezone.timedelta(days=30 * (n % 180)),
                end_date=today - timezone.timedelta(days=30 * (n % 180) - 300),
                published=True,
            )
            for n, (pk, _institution, country, region) in enumerate(approved)
        ],
        batch_size=500,
    )
    Action.topics.through.objects.bulk_create(
        [
            Action.topics.through(action_id=a.pk, topic_id=t)
            for a in actions
            for t in rng.sample(topics, rng.randint(1, 3))
        ]
    )
    Action.institutions.through.objects.bulk_create(
        [
            Action.institutions.through(action_id=a.pk, partnerinstitution_id=inst)
            for a, (_pk, inst, _c, _r) in zip(actions, approved, strict=True)
        ]
    )
    Activity.objects.bulk_create(
        [
            Activity(
                action=a,
                number=k,
                kind_id=rng.choice(kinds_of_activity),
                title_en=f"Activity {k}: workshop on survey methods",
                title_ru=f"Мероприятие {k}: семинар по методам обследования",
                description_en="Two days with experts of two Member States. " * 3,
                start_date=a.start_date + timezone.timedelta(days=40 * k),
                end_date=a.start_date + timezone.timedelta(days=40 * k + 2),
                place="Dushanbe",
                participants=20 + k,
                status="held" if a.status == ActionStatus.COMPLETED else "planned",
            )
            for a in actions
            for k in range(1, 7 + (a.pk % 2))
        ],
        batch_size=1000,
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"seeded everything in {time.perf_counter() - started:.1f} s")


def cleanup_run(*, since_pk: int) -> None:
    """Remove the requests this run submitted (and drafts), with their rows and files."""
    from django.db import connection

    from accounts_app.models import PartnerInstitution
    from notifications_app.models import Notification
    from requests_app.models import Attachment, CapacityRequest

    institutions = PartnerInstitution.objects.filter(acronym__startswith=ACRONYM)
    doomed = CapacityRequest.objects.filter(institution__in=institutions, pk__gt=since_pk).exclude(
        reference__startswith=PREFIX
    )
    pks = list(doomed.values_list("pk", flat=True))
    Notification.objects.filter(to_email__startswith="bl-").delete()
    for start in range(0, len(pks), 2000):
        chunk = pks[start : start + 2000]
        for attachment in Attachment.objects.filter(request_id__in=chunk):
            attachment.file.storage.delete(attachment.file.name)
        CapacityRequest.objects.filter(pk__in=chunk).delete()
        CapacityRequest.history.filter(id__in=chunk).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_session WHERE expire_date < now()")


def vacuum() -> str:
    """What autovacuum would have done: visibility map and statistics of the seeded tables.

    Other benchmarks seed and delete 100,000 requests in the same database, which leaves the
    table several times larger than its rows: rewritten when more than twice their size.
    """
    from django.db import connection

    from requests_app.models import CapacityRequest

    table = CapacityRequest._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_relation_size('{table}'), (SELECT sum(pg_column_size(t.*)) FROM {table} t)"
        )
        size, rows = cursor.fetchone()
        full = size > 2 * (rows or 0) + 8 * 2**20
        cursor.execute(f"VACUUM {'FULL ' if full else ''}ANALYZE {table}")
        for name in ("topics", "activity_types", "co_institutions"):
            through = CapacityRequest._meta.get_field(name).remote_field.through._meta.db_table
            cursor.execute(f"VACUUM ANALYZE {through}")
        cursor.execute(f"SELECT pg_relation_size('{table}')")
        after = cursor.fetchone()[0]
    return (
        f"{'VACUUM FULL' if full else 'VACUUM'} ANALYZE of the requests: "
        f"{size / 2**20:.0f} MB -> {after / 2**20:.0f} MB for {(rows or 0) / 2**20:.0f} MB of rows"
    )


# --- Processes -----------------------------------------------------------------------------


class Redis:
    """The bench's own broker: a redis-server on a free loopback port, without persistence."""

    def __init__(self) -> None:
        self.port = benchlib.free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(
            [
                "redis-server",
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "yes",
                "--dir", str(BENCH_DIR),
                "--pidfile", str(BENCH_DIR / "redis.pid"),
                "--logfile", str(BENCH_DIR / "redis.log"),
            ],
            check=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.ping():
                return
            time.sleep(0.05)
        raise SystemExit(f"{LABEL}: redis-server did not start on port {self.port}")

    def ping(self) -> bool:
        result = subprocess.run(
            ["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True, check=False
        )
        return result.stdout.strip() == "PONG"

    def stop(self) -> None:
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"],
            capture_output=True,
            check=False,
        )


def start_gunicorn(port: int, env: dict[str, str]) -> subprocess.Popen:
    log_file = open(BENCH_DIR / "gunicorn.log", "w")  # noqa: SIM115 - lives with the server
    return subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "mieux_portal.wsgi:application",
            "--bind", f"127.0.0.1:{port}",
            "--workers", "2",
            "--worker-class", "sync",
            "--timeout", "60",
            "--graceful-timeout", "10",
            "--log-level", "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
    )  # fmt: skip


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{LABEL}: gunicorn exited (see var/bench/gunicorn.log)")
        if Browser(port).get("/bench/baseline/").status == 200:
            return
        time.sleep(0.2)
    raise SystemExit(f"{LABEL}: gunicorn did not answer within {timeout:.0f} s")


def postgres_cluster(database_url: str) -> tuple[str, str] | None:
    """(version, name) of the local cluster serving DATABASE_URL, if pg_ctlcluster manages it."""
    parts = urlsplit(database_url)
    if parts.hostname not in ("127.0.0.1", "localhost") or not shutil.which("pg_ctlcluster"):
        return None
    port = str(parts.port or 5432)
    for conf in sorted(Path("/etc/postgresql").glob("*/*/postgresql.conf")):
        text = conf.read_text(errors="replace")
        found = re.search(r"^\s*port\s*=\s*(\d+)", text, re.M)
        if (found.group(1) if found else "5432") == port:
            return conf.parent.parent.name, conf.parent.name
    return None


# --- Phases ----------------------------------------------------------------------------------


def query_profile(pages: dict[str, tuple[str, str]]) -> dict[str, tuple[int, float]]:
    """Queries and their database time for one request of each page (in-process client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts_app.models import User

    profile = {}
    clients: dict[str, Client] = {}
    for name, (who, path) in pages.items():
        if who not in clients:
            clients[who] = Client()
            if who:
                clients[who].force_login(User.objects.get(email=who))
        client = clients[who]
        client.get(path)  # warm
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        profile[name] = (
            len(queries),
            sum(float(q["time"]) for q in queries.captured_queries) * 1000,
        )
    return profile


def flow_data_for(email: str) -> FlowData:
    from accounts_app.models import User
    from requests_app.models import ActivityType, Topic

    user = User.objects.select_related("membership__institution").get(email=email)
    topics = [str(pk) for pk in Topic.objects.order_by("pk").values_list("pk", flat=True)[:2]]
    kinds = [str(pk) for pk in ActivityType.objects.order_by("pk").values_list("pk", flat=True)[:1]]
    return FlowData(str(user.membership.institution.country), topics, kinds)


def submission_rows(since_pk: int) -> Any:
    from requests_app.models import CapacityRequest

    return CapacityRequest.objects.filter(pk__gt=since_pk, institution__acronym__startswith=ACRONYM)


def wait_delivered(ids: list[int], timeout: float, requeue_every: float = 0) -> tuple[int, float]:
    """Wait until these outbox rows are sent; (rows left unsent, seconds waited)."""
    from notifications_app.models import Notification, NotificationStatus
    from notifications_app.services import requeue_pending

    started = time.monotonic()
    last_requeue = started
    left = len(ids)
    while time.monotonic() - started < timeout:
        left = (
            Notification.objects.filter(pk__in=ids).exclude(status=NotificationStatus.SENT).count()
        )
        if not left:
            break
        if requeue_every and time.monotonic() - last_requeue >= requeue_every:
            requeue_pending(older_than_seconds=0)  # what beat's task does, without waiting
            last_requeue = time.monotonic()
        time.sleep(0.25)
    return left, time.monotonic() - started


def run_concurrent_submissions(port: int, total: int, users: list[str]) -> dict[str, Any]:
    """`len(users)` partners submit `total` requests at once; what the clients saw."""
    browsers = [log_in(port, email) for email in users]
    flows = [submit_flow(flow_data_for(email), pages=False) for email in users]
    counter = itertools.count()
    lock = threading.Lock()
    seen: dict[str, Any] = {"refs": [], "statuses": {}, "failed_flows": 0, "samples": []}

    def partner(n: int) -> None:
        while next(counter) < total:
            outcomes, ref = flows[n](browsers[n], n)
            with lock:
                for response, _ok in outcomes:
                    seen["statuses"][response.status] = seen["statuses"].get(response.status, 0) + 1
                    seen["samples"].append(response.ms)
                if ref:
                    seen["refs"].append(ref)
                else:
                    seen["failed_flows"] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=partner, args=(n,)) for n in range(len(users))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seen["seconds"] = time.perf_counter() - started
    return seen


@dataclass
class FaultLog:
    events: list[tuple[float, str]] = field(default_factory=list)
    acked: list[str] = field(default_factory=list)
    # (seconds since the start, status, ms) of each request
    attempts: list[tuple[float, int, float]] = field(default_factory=list)
    pending_at_return: int = -1  # outbox rows waiting when the broker came back

    def note(self, t0: float, what: str) -> None:
        self.events.append((time.perf_counter() - t0, what))
        log(f"  t={time.perf_counter() - t0:5.1f} s  {what}")


def run_faults(
    port: int,
    users: list[str],
    redis: Redis,
    cluster: tuple[str, str] | None,
    seconds: float,
    pending: Callable[[], int],
) -> FaultLog:
    """Submissions in a loop while the broker stops, PostgreSQL restarts, the broker returns."""
    browsers = [log_in(port, email) for email in users]
    flows = [submit_flow(flow_data_for(email), pages=False) for email in users]
    record = FaultLog()
    lock = threading.Lock()
    t0 = time.perf_counter()
    end = t0 + seconds

    def partner(n: int) -> None:
        i = 0
        while time.perf_counter() < end:
            i += 1
            outcomes, ref = flows[n](browsers[n], n * 10_000 + i)
            with lock:
                for response, _ok in outcomes:
                    record.attempts.append((time.perf_counter() - t0, response.status, response.ms))
                if ref:
                    record.acked.append(ref)
            if not ref:
                time.sleep(0.2)  # a failed flow starts over with a new draft

    threads = [threading.Thread(target=partner, args=(n,)) for n in range(len(users))]
    for thread in threads:
        thread.start()
    plan = [(0.25, "broker-stop"), (0.35, "pg-restart"), (0.6, "broker-start")]
    for fraction, what in plan:
        delay = t0 + fraction * seconds - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        if what == "broker-stop":
            redis.stop()
            record.note(t0, "broker (redis-server) stopped")
        elif what == "broker-start":
            record.pending_at_return = pending()
            redis.start()
            record.note(t0, "broker (redis-server) started again")
        elif cluster is not None:
            version, name = cluster
            record.note(t0, f"PostgreSQL {version}/{name} restarting")
            subprocess.run(
                ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"],
                check=True,
                capture_output=True,
            )
            record.note(t0, "PostgreSQL restarted")
        else:
            record.note(t0, "PostgreSQL restart skipped (no --pg-restart)")
    for thread in threads:
        thread.join()
    return record


# --- Report ----------------------------------------------------------------------------------


def table(results: list[Result], baseline: Result, profile: dict[str, tuple[int, float]]) -> None:
    header = (
        f"{'page (8 users)':34} {'req/s':>7} {'ratio':>6} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'n':>6} {'err':>4} {'queries':>8} {'db ms':>6}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        queries, db_ms = profile.get(r.name, (0, 0.0))
        extra = f"  ({r.flows / r.seconds:.2f} flows/s)" if r.name.startswith("submit") else ""
        print(
            f"{r.name:34} {r.rate:7.1f} {r.rate / baseline.rate:6.2f} {r.percentile(50):7.1f} "
            f"{r.percentile(95):7.1f} {r.percentile(99):7.1f} {r.count:6} "
            f"{r.unexpected:4} {queries or '':>8} {db_ms or 0:6.1f}{extra}"
        )
    print("(latencies in ms; ratio: req/s against the baseline's; queries and db ms: one request)")


def main() -> int:  # noqa: C901, PLR0912, PLR0915 - one run, in order
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=15.0, help="seconds per page (15)")
    parser.add_argument("--warmup", type=float, default=3.0, help="warm-up seconds per page (3)")
    parser.add_argument("--fault-seconds", type=float, default=40.0, help="fault phase (40)")
    parser.add_argument(
        "--pg-restart",
        action="store_true",
        help="restart the local PostgreSQL cluster in the fault phase (its other users notice)",
    )
    parser.add_argument(
        "--submissions", type=int, default=SUBMISSIONS, help="requests the 50 partners submit"
    )
    parser.add_argument("--only", default="", help="comma-separated phases: pages,submit,faults")
    parser.add_argument("--keep", action="store_true", help="keep what the run submitted")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="serve every page rendered (PAGE_CACHE_SECONDS=0): what a page costs uncached",
    )
    args = parser.parse_args()
    phases = set(args.only.split(",")) if args.only else {"pages", "submit", "faults"}

    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(f"{LABEL}: DATABASE_URL must name a PostgreSQL database")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    log(f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")

    from aiosmtpd.controller import Controller

    smtp_counter = benchlib.SmtpCounter()
    smtp = Controller(smtp_counter, hostname="127.0.0.1", port=benchlib.free_port())
    redis = Redis()
    port = benchlib.free_port()
    env = {
        "DJANGO_SETTINGS_MODULE": "mieux_portal.settings_bench",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis.url,
        # The cache as in production (docker-compose.yml): the broker's Redis, its own
        # database; shared by both workers (rate limits, sessions, the page cache).
        "CACHE_URL": redis.url.removesuffix("/0") + "/1",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
        "TRIAGE_EMAILS": staff_email(0),
        "PORTAL_BASE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        "PAGE_CACHE_SECONDS": "0" if args.no_page_cache else "300",
        "DEBUG": "false",
    }
    worker = worker_log = server = None
    run_start_pk = notification_start_pk = 0
    summary: list[tuple[str, str, bool]] = []
    try:
        smtp.start()
        redis.start()
        benchlib.ensure_database(database_url, LABEL)
        benchlib.setup_django(database_url, "mieux_portal.settings_bench", **env)
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from mieux_portal.celery import app
        from notifications_app.models import Notification, NotificationStatus
        from requests_app.models import CapacityRequest, ReferenceCounter, Region, Status, Topic

        log(
            "settings: mieux_portal.settings_bench (DEBUG off, bench URLconf with "
            "/bench/baseline/, CONN_MAX_AGE 60 + health checks, rate limits raised, fast "
            "hasher for the seeded users; staff need their TOTP as in production)"
        )
        call_command("migrate", "--noinput", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        if not seeded():
            log("seeding (once; kept for the next runs)")
            cleanup_seed()
            seed()
        log(vacuum())
        run_start_pk = (
            CapacityRequest.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )
        notification_start_pk = (
            Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        )
        app.control.purge()
        worker, worker_log = benchlib.start_worker(
            {**os.environ, **env}, BENCH_DIR / "worker.log", concurrency=2, name=LABEL
        )
        benchlib.wait_for_worker(app, worker, LABEL)
        server = start_gunicorn(port, {**os.environ, **env})
        wait_until_up(port, server)
        log(
            f"gunicorn: 2 sync workers on 127.0.0.1:{port}; broker {redis.url} (own "
            f"redis-server); SMTP 127.0.0.1:{smtp.port}; Celery worker prefork x2"
        )

        # --- 1. pages at 8 users -------------------------------------------------------
        if "pages" in phases:
            from actions_app.models import Action

            partners = [partner_email(i) for i in range(USERS)]
            partner_browsers = [log_in(port, email) for email in partners]
            staff_browsers = [
                log_in(port, staff_email(i), totp=totp_secret(staff_email(i))) for i in range(USERS)
            ]
            anonymous = [Browser(port) for _ in range(USERS)]
            regions = dict(Region.objects.values_list("code", "pk"))
            topics = dict(Topic.objects.values_list("code", "pk"))
            slugs = list(
                Action.objects.filter(code__startswith=PREFIX).values_list("slug", flat=True)
            )
            catalogue = [
                f"/{LANGUAGE}/actions/?region=asia",
                f"/{LANGUAGE}/actions/?topic=LM&status=ongoing",
                f"/{LANGUAGE}/actions/?region=africa&page=3",
                f"/{LANGUAGE}/actions/?year={timezone.now().year - 2}",
                f"/{LANGUAGE}/actions/?q=partnership+1",
                f"/{LANGUAGE}/actions/",
            ]
            actions = [f"/{LANGUAGE}/actions/{slug}/" for slug in slugs[:200]]
            mine = [
                f"/{LANGUAGE}/requests/",
                f"/{LANGUAGE}/requests/?page=2",
                f"/{LANGUAGE}/requests/?status=review",
            ]
            details = {
                n: [
                    f"/{LANGUAGE}/requests/{pk}/"
                    for pk in CapacityRequest.objects.filter(
                        institution__memberships__user__email=email, reference__startswith=PREFIX
                    ).values_list("pk", flat=True)[:50]
                ]
                for n, email in enumerate(partners)
            }
            admin = f"/{LANGUAGE}/admin/requests_app/capacityrequest/"
            admin_lists = [
                f"{admin}?status=screening",
                f"{admin}?region__id__exact={regions['asia']}",
                f"{admin}?topics__id__exact={topics['LM']}&status=submitted",
                f"{admin}?assignee=me",
                f"{admin}?waiting=60&status=consultation",
                f"{admin}?p=3",
            ]
            profile = query_profile(
                {
                    "baseline": ("", "/bench/baseline/"),
                    "(info) baseline under base.html": ("", "/bench/base/"),
                    "Actions catalogue (filters)": ("", catalogue[1]),
                    "Action page": ("", actions[0]),
                    '"My requests" (partner)': (partners[0], mine[0]),
                    "request page (partner)": (partners[0], details[0][0]),
                    "admin list, filters (staff)": (staff_email(0), admin_lists[0]),
                }
            )
            flow_data = {
                id(b): flow_data_for(e) for b, e in zip(partner_browsers, partners, strict=True)
            }

            def whole_flow(browser: Browser, i: int) -> list[tuple[Response, bool]]:
                return submit_flow(flow_data[id(browser)], pages=True)(browser, i)[0]

            pages: list[tuple[str, list[Browser], Step]] = [
                ("baseline", anonymous, cycling_get(["/bench/baseline/"])),
                ("(info) baseline under base.html", anonymous, cycling_get(["/bench/base/"])),
                ("Actions catalogue (filters)", anonymous, cycling_get(catalogue)),
                ("Action page", anonymous, cycling_get(actions)),
                ('"My requests" (partner)', partner_browsers, cycling_get(mine)),
                (
                    "request page (partner)",
                    partner_browsers,
                    per_user_get(details, partner_browsers),
                ),
                ("admin list, filters (staff)", staff_browsers, cycling_get(admin_lists)),
                ("submit flow, 13 requests (partner)", partner_browsers, whole_flow),
            ]
            results = []
            cpu_before = time.process_time()
            wall_before = time.perf_counter()
            for name, browsers, step in pages:
                result = measure(name, browsers, step, args.warmup, args.duration)
                results.append(result)
                log(
                    f"{name}: {result.rate:.1f} req/s, p95 {result.percentile(95):.1f} ms, "
                    f"{result.unexpected} unexpected ({result.server_errors} 5xx/refused); "
                    f"load average {os.getloadavg()[0]:.2f}"
                )
            client_cpu = (time.process_time() - cpu_before) / (time.perf_counter() - wall_before)
            baseline = results[0]
            print()
            table(results, baseline, profile)
            print(
                f"(the load generator itself used {client_cpu:.2f} of a core on average; "
                f"machine load average now {os.getloadavg()[0]:.2f})"
            )
            print()
            by_name = {r.name: r for r in results}
            for name in ("Actions catalogue (filters)", '"My requests" (partner)'):
                ratio = by_name[name].rate / baseline.rate
                summary.append(
                    (f"{name}: {ratio:.2f} of baseline req/s", ">= 0.5", ratio >= TARGET_RATIO)
                )
            for r in results:
                if r.name.startswith("admin"):
                    limit = TARGET_ADMIN_P95_MS
                elif r.name == "baseline" or r.name.startswith("(info)"):
                    continue
                else:
                    limit = TARGET_P95_MS
                summary.append(
                    (
                        f"{r.name}: p95 {r.percentile(95):.0f} ms",
                        f"< {limit} ms",
                        r.percentile(95) < limit,
                    )
                )
            errors = sum(r.unexpected for r in results)
            summary.append((f"pages: {errors} failed or unexpected responses", "0", errors == 0))

        # --- 2. 50 partners submit 1,000 requests ----------------------------------------
        if "submit" in phases:
            year = timezone.now().year
            before_pk = (
                CapacityRequest.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            )
            before_notification = (
                Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            )
            counter_before = (
                ReferenceCounter.objects.filter(year=year).values_list("last", flat=True).first()
                or 0
            )
            total = args.submissions
            log(f"{SUBMITTERS} partners of {SUBMITTERS} institutions submit {total:,} requests")
            seen = run_concurrent_submissions(
                port, total, [partner_email(i) for i in range(SUBMITTERS)]
            )
            new = submission_rows(before_pk)
            submitted = new.filter(status=Status.SUBMITTED)
            refs = list(submitted.values_list("reference", flat=True))
            numbers = sorted(int(r.rsplit("-", 1)[1]) for r in refs if r.startswith(f"MX-{year}-"))
            expected_numbers = list(range(counter_before + 1, counter_before + total + 1))
            drafts = new.filter(status=Status.DRAFT).count()
            ids = list(submitted.values_list("pk", flat=True))
            outbox = Notification.objects.filter(
                pk__gt=before_notification, event__startswith="request_submitted"
            )
            acknowledgements = outbox.filter(event="request_submitted").count()
            triage = outbox.filter(event="request_submitted_staff").count()
            acknowledged = {
                int(key.split(":")[1])
                for key in outbox.filter(event="request_submitted").values_list(
                    "idempotency_key", flat=True
                )
            }
            with_ack = len(acknowledged & set(ids))
            five_xx = sum(
                n for status, n in seen["statuses"].items() if status == 0 or status >= 500
            )
            samples = sorted(seen["samples"])
            p95 = samples[int(0.95 * (len(samples) - 1))] if samples else float("nan")
            print()
            print(
                f"{total:,} submissions by {SUBMITTERS} partners: {seen['seconds']:.1f} s, "
                f"{len(seen['refs']) / seen['seconds']:.1f} submissions/s, "
                f"{len(samples) / seen['seconds']:.0f} req/s, p95 {p95:.0f} ms; "
                f"HTTP statuses {dict(sorted(seen['statuses'].items()))}"
            )
            print(
                f"  database: {len(refs)} submitted, {len(set(refs))} distinct references "
                f"MX-{year}-{counter_before + 1:04d}..MX-{year}-{counter_before + total:04d} "
                f"expected; {drafts} drafts left; outbox {acknowledgements} acknowledgements + "
                f"{triage} triage e-mails; {with_ack} requests with their acknowledgement"
            )
            left, waited = wait_delivered(list(outbox.values_list("pk", flat=True)), timeout=120)
            print(f"  outbox delivered by the worker in {waited:.1f} s ({left} left)")
            summary += [
                (f"submitted requests: {len(refs)}", f"= {total}", len(refs) == total),
                (
                    f"distinct references: {len(set(refs))}, numbering without gaps: "
                    f"{'yes' if numbers == expected_numbers else 'NO'}",
                    f"= {total}, no gap",
                    len(set(refs)) == total and numbers == expected_numbers,
                ),
                (
                    f"clients saw {len(seen['refs'])} references, all in the database: "
                    f"{'yes' if set(seen['refs']) == set(refs) else 'NO'}",
                    "same set",
                    set(seen["refs"]) == set(refs),
                ),
                (
                    f"outbox: {acknowledgements} acknowledgements, {triage} triage rows",
                    f"= {total} each",
                    acknowledgements == total and triage == total and with_ack == total,
                ),
                (
                    f"submissions: {five_xx} server errors, {seen['failed_flows']} failed flows",
                    "0",
                    five_xx == 0 and seen["failed_flows"] == 0,
                ),
                (f"their e-mails: {left} not delivered after {waited:.0f} s", "0", left == 0),
            ]

        # --- 3. faults under load ------------------------------------------------------
        if "faults" in phases:
            cluster = postgres_cluster(database_url) if args.pg_restart else None
            if args.pg_restart and cluster is None:
                log("no local pg_ctlcluster cluster serves DATABASE_URL: PostgreSQL not restarted")
            before_pk = (
                CapacityRequest.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            )
            before_notification = (
                Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            )
            log(f"faults: {USERS} partners submit for {args.fault_seconds:.0f} s while:")

            def pending() -> int:
                connection.close()  # PostgreSQL may have restarted under this connection
                return Notification.objects.filter(
                    pk__gt=before_notification, status=NotificationStatus.PENDING
                ).count()

            record = run_faults(
                port,
                [partner_email(i) for i in range(SUBMITTERS, SUBMITTERS + USERS)],
                redis,
                cluster,
                args.fault_seconds,
                pending,
            )
            connection.close()
            in_db = set(
                submission_rows(before_pk)
                .filter(status=Status.SUBMITTED)
                .values_list("reference", flat=True)
            )
            acked = set(record.acked)
            lost = acked - in_db
            # Numbers taken by transactions that died with PostgreSQL must not leave holes.
            numbers = sorted(int(ref.rsplit("-", 1)[1]) for ref in in_db)
            gapless = (
                numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else False
            )
            when = {what: t for t, what in record.events}
            broker_down = next(
                t for what, t in when.items() if what.startswith("broker (redis-server) stopped")
            )
            broker_up = next(
                t for what, t in when.items() if what.startswith("broker (redis-server) started")
            )
            pg_began = next((t for what, t in when.items() if "restarting" in what), None)
            pg_done = when.get("PostgreSQL restarted")
            failures = [(t, s) for t, s, _ms in record.attempts if s == 0 or s >= 500]
            after_restart = [
                s for t, s, _ms in record.attempts if pg_done is not None and t > pg_done + 2
            ]
            late_failures = [s for s in after_restart if s == 0 or s >= 500]
            first_ok = next(
                (
                    t
                    for t, s, _ms in sorted(record.attempts)
                    if pg_done is not None and t > pg_done and s in (200, 302)
                ),
                None,
            )
            # The broker is back: the beat task's re-queue delivers what waited.
            outbox = list(
                Notification.objects.filter(pk__gt=before_notification).values_list("pk", flat=True)
            )
            benchlib.wait_for_worker(app, worker, LABEL, timeout=60)
            left, waited = wait_delivered(outbox, timeout=120, requeue_every=5)
            failed = Notification.objects.filter(
                pk__in=outbox, status=NotificationStatus.FAILED
            ).count()

            def window(start: float, stop: float) -> str:
                ms = sorted(m for t, _s, m in record.attempts if start <= t < stop)
                if not ms:
                    return "no request"
                return (
                    f"{len(ms)} requests, p50 {ms[len(ms) // 2]:.0f} ms, "
                    f"p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms"
                )

            print()
            print(
                f"faults: {len(record.acked)} submissions acknowledged to clients, {len(in_db)} "
                f"submitted in the database ({len(in_db - acked)} committed without the client "
                f"seeing the answer), {len(lost)} acknowledged but missing"
            )
            print(f"  before the faults: {window(0, broker_down)}")
            print(
                f"  broker down {broker_down:.1f}-{broker_up:.1f} s: "
                f"{window(broker_down, broker_up)}"
            )
            if pg_began is not None and pg_done is not None:
                recovered = f"{first_ok - pg_done:.1f} s" if first_ok is not None else "never"
                print(
                    f"  PostgreSQL restarting {pg_began:.1f}-{pg_done:.1f} s: "
                    f"{len(failures)} failed requests in all; first success {recovered} after "
                    f"the restart; {len(late_failures)} failures among the {len(after_restart)} "
                    "requests from 2 s after it"
                )
            else:
                print(f"  {len(failures)} failed requests (PostgreSQL not restarted)")
            print(f"  after the broker returned: {window(broker_up, args.fault_seconds + 60)}")
            print(
                f"  outbox: {len(outbox)} rows, {record.pending_at_return} pending when the broker "
                f"returned; all but {left} sent {waited:.1f} s after the load stopped "
                f"({failed} failed)"
            )
            restart_figure = (
                f"faults: {len(late_failures)} failures from 2 s after PostgreSQL restarted"
                if pg_done is not None
                else "faults: PostgreSQL restart skipped (run with --pg-restart)"
            )
            summary += [
                (
                    f"faults: {len(lost)} of {len(acked)} acknowledged submissions missing",
                    "0",
                    not lost and bool(acked),
                ),
                (
                    f"faults: {len(in_db)} references numbered without a gap: "
                    f"{'yes' if gapless else 'NO'}",
                    "no gap",
                    gapless,
                ),
                (
                    restart_figure,
                    "0",
                    pg_done is None or (not late_failures and first_ok is not None),
                ),
                (
                    f"faults: {left} of {len(outbox)} e-mails undelivered once the broker is back",
                    "0",
                    left == 0 and failed == 0,
                ),
            ]

        # --- every e-mail of the run exactly once ------------------------------------------
        time.sleep(1.0)  # anything sent twice would arrive now
        rows = list(
            Notification.objects.filter(pk__gt=notification_start_pk).values_list(
                "to_email", "subject", "status"
            )
        )
        expected = {(to.lower(), " ".join(subject.split())) for to, subject, _s in rows}
        twice = sum(1 for key, n in smtp_counter.received.items() if n > 1)
        missing = sum(1 for key in expected if smtp_counter.received.get(key, 0) == 0)
        strangers = sum(1 for key in smtp_counter.received if key not in expected)
        print(
            f"\ne-mails of the run: {len(rows)} outbox rows, {smtp_counter.count} messages "
            f"received by the SMTP server; {missing} never received, {twice} received twice "
            f"or more, {strangers} unexpected"
        )
        summary.append(
            (
                f"e-mails: {len(rows)} rows, {smtp_counter.count} received, {twice} duplicates, "
                f"{missing} missing",
                "each exactly once",
                twice == 0 and missing == 0 and strangers == 0 and smtp_counter.count == len(rows),
            )
        )
    finally:
        if server is not None:
            benchlib.stop_process(server)
        if worker is not None:
            benchlib.stop_process(worker)
        if worker_log is not None:
            worker_log.close()
        redis.stop()
        smtp.stop()
        if run_start_pk and not args.keep:
            cleanup_run(since_pk=run_start_pk)
            from notifications_app.models import Notification

            Notification.objects.filter(pk__gt=notification_start_pk).delete()

    print()
    width = max(len(figure) for figure, _t, _ok in summary) if summary else 40
    print(f"{'':4} {'figure':{width}}  target")
    for figure, target, ok in summary:
        print(f"{'ok  ' if ok else 'MISS'} {figure:{width}}  {target}")
    load = os.getloadavg()
    print(f"(machine load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")
    return 0 if all(ok for _f, _t, ok in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
