"""What the benchmark starts on the loopback: its own redis-server, gunicorn; the local
PostgreSQL cluster it may restart."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import benchlib
from benchlib import ROOT

from bench.client import Browser
from bench.config import BENCH_DIR, LABEL


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
