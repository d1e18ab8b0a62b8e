"""The portal on more than one machine, with real processes: two gunicorn web nodes, each in a
working folder of its own, on one PostgreSQL database and one Redis (cache, sessions, rate
limits, broker), their files on one shared store; a Celery worker; and two beats, of which
exactly one schedules. A browser moves between the nodes as a balancer would send it.

Each process starts Django, so the module takes a minute or two (most of it the migration
and the demo seed of its own database).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session
from django.conf import settings

from requests_app.demo.data import DEMO_PASSWORD
from tests.conftest import IN_CI
from tests.ops.browser import Browser
from tests.ops.conftest import free_port
from tests.ops.portal import Portal, create_database, database_url, drop_database, query
from tests.test_deploy import ROOT, bare_env

pytestmark = pytest.mark.processes
PARTNER = "partner@demo.mieux.local"
LETTER = (ROOT / "requests_app" / "demo" / "pdf" / "letter-kg.pdf").read_bytes()


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802
        message = BytesParser(policy=default_policy).parsebytes(envelope.content)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"


def plain(mail: EmailMessage) -> str:
    body = mail.get_body(preferencelist=("plain",))
    return str(body.get_content()) if body else ""


def wait_for(check: Callable[[], Any], what: str, seconds: float = 120) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.5)
    raise AssertionError(f"still waiting after {seconds} s for {what}")


def answers(url: str) -> bool:
    try:
        return Browser().get(url).status == 200
    except OSError:  # not listening yet
        return False


class Cluster:
    """Every process of the set-up, started in its own folder, stopped together."""

    def __init__(self, base: Path, env: dict[str, str]) -> None:
        self.base, self.env = base, env
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.ports: dict[str, int] = {}

    def start(self, name: str, command: list[str], **extra: str) -> None:
        folder = self.base / name
        folder.mkdir()
        env = {**self.env, "STATIC_ROOT": str(folder / "static"), "PYTHONPATH": str(ROOT), **extra}
        with (folder / "out.log").open("wb") as log:
            self.processes[name] = subprocess.Popen(  # noqa: S603 - our own commands
                command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def web(self, name: str) -> None:
        self.ports[name] = free_port()
        self.start(name, [sys.executable, "-m", "gunicorn", "mieux_portal.wsgi",
                          "--bind", f"127.0.0.1:{self.ports[name]}", "--workers", "2"])  # fmt: skip

    def celery(self, name: str, *args: str) -> None:
        self.start(name, [sys.executable, "-m", "celery", "-A", "mieux_portal", *args])

    def url(self, node: str, path: str) -> str:
        return f"http://127.0.0.1:{self.ports[node]}{path}"

    def log(self, name: str) -> str:
        return (self.base / name / "out.log").read_text(errors="replace")

    def stop(self, name: str) -> None:
        process = self.processes[name]
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """A Redis of the module's own: nothing another test keeps there can interfere."""
    binary = shutil.which("redis-server")
    if binary is None:
        if IN_CI:
            pytest.fail("redis-server is missing")
        pytest.skip("redis-server is not installed")
    port = free_port()
    process = subprocess.Popen(  # noqa: S603
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    yield f"redis://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, redis_url) -> Iterator[Cluster]:
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        if IN_CI:
            pytest.fail("the two-node test needs PostgreSQL in CI")
        pytest.skip("the two-node test needs PostgreSQL (DATABASE_URL)")
    name = f"{settings.DATABASES['default']['NAME']}_nodes"
    drop_database(name)
    create_database(name)
    base = tmp_path_factory.mktemp("cluster")
    shared = base / "shared"  # the cluster volume (or bucket) every node mounts
    mailbox = Mailbox()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    Portal(database_url(name), shared).seed()
    env = bare_env(
        DATABASE_URL=database_url(name),
        CACHE_URL=f"{redis_url}/1",
        CELERY_BROKER_URL=f"{redis_url}/0",
        CELERY_TASK_ALWAYS_EAGER="false",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        MEDIA_ROOT=str(shared / "media"),
        PRIVATE_MEDIA_ROOT=str(shared / "private"),
        PORTAL_BASE_URL="http://portal.test",
        RATE_LIMITS="message=2/h",
        BEAT_LOCK_SECONDS="3",
    )
    nodes = Cluster(base, env)
    nodes.mailbox = mailbox  # type: ignore[attr-defined]
    nodes.database = name  # type: ignore[attr-defined]
    try:
        nodes.web("a")
        nodes.web("b")
        nodes.celery("worker", "worker", "--pool=solo", "--loglevel=INFO", "--without-gossip",
                     "--without-mingle")  # fmt: skip
        nodes.celery("beat-1", "beat", "--loglevel=INFO", "--schedule=schedule")
        for node in ("a", "b"):
            wait_for(lambda n=node: answers(nodes.url(n, "/healthz")), f"node {node}")
        yield nodes
    finally:
        for process in list(nodes.processes):
            nodes.stop(process)
        smtp.stop()
        drop_database(name)


def logged_in(cluster: Cluster, node: str) -> Browser:
    browser = Browser()
    page = browser.post(
        cluster.url(node, "/en/accounts/login/"), {"login": PARTNER, "password": DEMO_PASSWORD}
    )
    assert page.status == 302, page.text[:2000]
    return browser


def request_in(cluster: Cluster, status: str) -> int:
    rows = query(
        cluster.database,  # type: ignore[attr-defined]
        "SELECT r.id FROM requests_app_capacityrequest r JOIN accounts_app_membership m"
        " ON m.institution_id = r.institution_id JOIN accounts_app_user u ON u.id = m.user_id"
        " WHERE u.email = %s AND r.status = %s ORDER BY r.id",
        (PARTNER, status),
    )
    return int(rows[0][0])


def test_it_carries_a_session_started_on_one_node_to_the_other(cluster):
    browser = logged_in(cluster, "a")

    page = browser.get(cluster.url("b", "/en/requests/"))

    assert page.status == 200
    assert "Log out" in page.text


def test_it_refuses_the_other_node_to_a_visitor_who_has_not_logged_in(cluster):
    page = Browser().get(cluster.url("b", "/en/requests/"))

    assert page.status == 302 and "/accounts/login/" in page.headers["Location"]


def test_it_downloads_through_one_node_a_file_uploaded_through_the_other(cluster):
    browser = logged_in(cluster, "a")
    draft = request_in(cluster, "draft")
    upload = browser.post(
        cluster.url("a", f"/en/requests/{draft}/edit/files/"),
        {"kind": "supporting"},
        files={"file": ("annex.pdf", LETTER)},
    )
    assert upload.status == 302, upload.text[:2000]
    (newest,) = query(cluster.database, "SELECT MAX(id) FROM requests_app_attachment")[0]

    download = browser.get(cluster.url("b", f"/en/requests/{draft}/files/{newest}/"))

    assert download.status == 200 and download.body == LETTER


def test_it_serves_on_one_node_the_page_the_other_stored_in_the_shared_cache(cluster):
    visitor = Browser()
    first = visitor.get(cluster.url("a", "/en/actions/?page-cache=shared"))
    (title,) = query(cluster.database, "SELECT title_en FROM actions_app_action LIMIT 1")[0]
    assert title in first.text
    # A change no signal announces: only a stored copy can still show the old title.
    query(cluster.database, "UPDATE actions_app_action SET title_en = title_en || ' (renamed)'")

    again = Browser().get(cluster.url("b", "/en/actions/?page-cache=shared"))
    fresh = Browser().get(cluster.url("b", "/en/actions/?page-cache=fresh"))

    assert again.body == first.body
    assert f"{title} (renamed)" in fresh.text


def test_it_counts_a_rate_limit_across_both_nodes_and_the_worker_delivers_the_mail(cluster):
    browser = logged_in(cluster, "a")
    submitted = request_in(cluster, "submitted")
    say = lambda node, text: browser.post(  # noqa: E731
        cluster.url(node, f"/en/requests/{submitted}/message/"),
        {"body": text},
        form_page=cluster.url(node, f"/en/requests/{submitted}/"),
    )

    statuses = [say("a", "First from A").status, say("b", "Second from B").status]
    third = say("b", "Third from B")

    assert statuses == [302, 302]  # two per hour: one on A, one on B …
    assert third.status == 429  # … so B refuses its second: it counted A's
    sent = lambda: "\n".join(plain(mail) for mail in cluster.mailbox.messages)  # noqa: E731
    wait_for(lambda: "First from A" in sent() and "Second from B" in sent(), "both e-mails")
    assert "Third from B" not in sent()


def test_it_runs_one_beat_while_a_second_waits_and_takes_over(cluster):
    cluster.celery("beat-2", "beat", "--loglevel=INFO", "--schedule=schedule")
    wait_for(lambda: "lock taken" in cluster.log("beat-1"), "the first beat's lock")
    wait_for(lambda: "waiting" in cluster.log("beat-2"), "the second beat to wait")
    assert "lock taken" not in cluster.log("beat-2")

    cluster.stop("beat-1")

    wait_for(lambda: "lock taken" in cluster.log("beat-2"), "the second beat to take over")
    assert cluster.processes["beat-2"].poll() is None
