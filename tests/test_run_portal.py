"""`make run`'s command, `manage.py run_portal --seed`, run as a developer would: the portal
answers on the port given, the seed's e-mails and a reminder go out through its worker with
links to that port, and stopping it leaves no process behind. Real processes, a SQLite file
and a var folder of its own; about 40 s."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.test_deploy import ROOT, bare_env

pytestmark = pytest.mark.processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(check: Callable[[], object], seconds: float = 90) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := check():
            return found
        time.sleep(0.5)
    raise AssertionError(f"still waiting after {seconds} s")


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


def mail_with(folder: Path, text: str) -> str:
    files = folder.glob("*.log") if folder.exists() else []
    return next((t for t in (f.read_text() for f in files) if text in t), "")


def sessions_alive(sessions: list[int]) -> list[int]:
    result = subprocess.run(["ps", "-eo", "sid="], capture_output=True, text=True, check=True)
    return [int(sid) for sid in result.stdout.split() if int(sid) in sessions]


@pytest.fixture(scope="module")
def portal(tmp_path_factory) -> Iterator[dict[str, object]]:
    var = tmp_path_factory.mktemp("var")
    port = free_port()
    env = bare_env(
        DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}",
        EMAIL_FILE_PATH=str(var / "mail"),
        CELERY_FOLDER=str(var / "celery"),
        MEDIA_ROOT=str(var / "media"),
        PRIVATE_MEDIA_ROOT=str(var / "private"),
        STATIC_ROOT=str(var / "static"),
    )
    command = [sys.executable, "manage.py", "run_portal", "--seed", "--port", str(port)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=(var / "out.log").open("w"), stderr=subprocess.STDOUT
    )
    try:
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/en/"))
        yield {"port": port, "var": var, "env": env, "process": process}
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


def test_it_serves_the_portal_on_the_port_given(portal):
    assert answers(f"http://127.0.0.1:{portal['port']}/en/")
    assert portal["process"].poll() is None


def test_it_delivers_the_seeds_emails_through_the_worker_with_links_to_that_port(portal):
    link = f"http://127.0.0.1:{portal['port']}/en/"

    text = wait_for(lambda: mail_with(portal["var"] / "mail", link), seconds=30)

    assert "http://127.0.0.1:8000" not in text
    assert "worker |" in (portal["var"] / "out.log").read_text()


def test_it_delivers_a_due_reminder_through_the_worker(portal):
    job = subprocess.run(
        [sys.executable, "manage.py", "run_job", "partner-reminders", "--queue"],
        cwd=ROOT,
        env={**portal["env"], "CELERY_BROKER_URL": "filesystem://"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert job.returncode == 0, job.stderr

    text = wait_for(lambda: mail_with(portal["var"] / "mail", "Reminder"), seconds=30)
    assert f"http://127.0.0.1:{portal['port']}/" in text


def test_it_stops_the_server_the_worker_and_beat_together(portal):
    process = portal["process"]
    children = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(process.pid)], capture_output=True, text=True
    ).stdout.split()
    assert len(children) == 3  # each leads its own session

    process.send_signal(signal.SIGINT)

    assert process.wait(timeout=30) == 0
    assert wait_for(lambda: not sessions_alive([int(pid) for pid in children]) or None, 20)
