"""`make run`: the portal's web server, a Celery worker and beat, started and stopped together.

Without a broker in the environment (or `.env`) the three share kombu's filesystem transport
(`CELERY_BROKER_URL=filesystem://`, the queue as files under `CELERY_FOLDER`), so reminders,
the staff digest and the outbox's delivery run as in production with no server installed.
E-mail links follow the served address: `PORTAL_BASE_URL` defaults to it. Ctrl-C (or
SIGTERM) stops all three; if one of them ends, the others are stopped too. Output is for the
developer at the terminal and, like Django's own commands, is not translated.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

MANAGE = str(Path(settings.BASE_DIR) / "manage.py")
CELERY = [sys.executable, "-m", "celery", "-A", "mieux_portal"]
SEED = (["migrate", "--noinput", "-v", "0"], ["seed_demo"], ["seed_public_demo"])


def portal_env(host: str, port: int) -> dict[str, str]:
    """The environment of every process: what is set wins, the rest follows the address."""
    env = dict(os.environ)  # settings has already added what `.env` holds
    env.setdefault("CELERY_BROKER_URL", "filesystem://")
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host  # noqa: S104 - a name, no bind
    env.setdefault("PORTAL_BASE_URL", f"http://{shown}:{port}")
    env["PYTHONUNBUFFERED"] = "1"  # each line reaches the terminal when it is written
    return env


def relay(name: str, stream: IO[str], out: IO[str]) -> None:
    for line in stream:
        out.write(f"{name:>6} | {line}")
        out.flush()


def signal_group(process: subprocess.Popen[str], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # the whole group has already ended
        os.killpg(process.pid, signum)


class Command(BaseCommand):
    help = "Serve the portal with a Celery worker and beat beside it (used by `make run`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
        parser.add_argument(
            "--seed", action="store_true", help="Migrate and load the demo data first."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        env = portal_env(options["host"], options["port"])
        folder = Path(env.get("CELERY_FOLDER", settings.CELERY_FOLDER))
        for part in ("queue", "control", "processed"):
            (folder / part).mkdir(parents=True, exist_ok=True)
        if options["seed"]:
            self.stdout.write("Migrating the database and loading the demo data…")
            for command in SEED:
                if subprocess.run([sys.executable, MANAGE, *command], env=env).returncode:  # noqa: S603
                    raise CommandError(f"manage.py {' '.join(command)} failed.")
        address = f"{options['host']}:{options['port']}"
        commands = {
            "web": [sys.executable, MANAGE, "runserver", address],
            "worker": [*CELERY, "worker", "--pool=solo", "--loglevel=INFO", "-n", "worker@%h"]
            + ["--without-mingle", "--without-gossip", "--without-heartbeat"],
            "beat": [*CELERY, "beat", "--loglevel=INFO", "-s", str(folder / "beat-schedule")],
        }
        self.stdout.write(
            f"MIEUX+ Partner Portal on {env['PORTAL_BASE_URL']}/ with a Celery worker and "
            f"beat on {env['CELERY_BROKER_URL']} (files in {folder}); e-mails are written to "
            f"{env.get('EMAIL_FILE_PATH', settings.EMAIL_FILE_PATH)}. Ctrl-C stops all three."
        )
        self.supervise(commands, env)

    def supervise(self, commands: dict[str, list[str]], env: dict[str, str]) -> None:
        stopping = threading.Event()

        def stop(signum: int, frame: Any) -> None:
            stopping.set()

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        processes: dict[str, subprocess.Popen[str]] = {}
        for name, command in commands.items():
            # Each in its own session: the terminal's Ctrl-C reaches this command only,
            # which stops every process group (runserver's reloader, celery's children).
            process = subprocess.Popen(  # noqa: S603 - our own commands
                command,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )
            processes[name] = process
            threading.Thread(
                target=relay, args=(name, process.stdout, sys.stdout), daemon=True
            ).start()
        ended = ""
        while not stopping.is_set() and not ended:
            ended = next((n for n, p in processes.items() if p.poll() is not None), "")
            stopping.wait(0.5)
        if ended:
            self.stderr.write(f"{ended} stopped (exit {processes[ended].returncode}).")
        self.stdout.write("Stopping the web server, the worker and beat…")
        for process in processes.values():
            signal_group(process, signal.SIGTERM)  # also what is left of an ended one
        deadline = time.monotonic() + 10
        for process in processes.values():
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                signal_group(process, signal.SIGKILL)
                process.wait()
        if ended:
            raise CommandError(f"{ended} ended; everything was stopped.")
