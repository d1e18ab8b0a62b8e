"""A portal of a test's own: its PostgreSQL database (created and dropped by name on the
test server) and its var folder, driven through manage.py in subprocesses."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg2
from django.conf import settings
from psycopg2 import sql

from tests.test_deploy import ROOT, bare_env


def database_url(name: str) -> str:
    """The URL of another database on the test database's server."""
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"


def query(name: str, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with closing(server(name)) as conn, conn.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def checksums(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def server(dbname: str = "postgres") -> Any:
    db = settings.DATABASES["default"]
    keys = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"]}
    conn = psycopg2.connect(dbname=dbname, **{k: v for k, v in keys.items() if v})
    conn.autocommit = True
    return conn


def create_database(name: str) -> None:
    with closing(server()) as conn, conn.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(name: str) -> None:
    with closing(server()) as conn, conn.cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


# Migrate and both demo seeds (request letters: private files; info sheets: public ones) in
# one process: each start of Django costs seconds.
SEED = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_demo", quiet=True)
call_command("seed_public_demo", quiet=True)
"""


class Portal:
    """A portal of its own: a database URL and a var folder, driven through manage.py."""

    def __init__(self, database_url: str, var: Path) -> None:
        self.var = var
        self.env = bare_env(
            DATABASE_URL=database_url,
            MEDIA_ROOT=str(var / "media"),
            PRIVATE_MEDIA_ROOT=str(var / "private"),
            EMAIL_FILE_PATH=str(var / "mail"),
            CELERY_TASK_ALWAYS_EAGER="true",
        )

    def manage(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    def run(self, *args: str) -> str:
        result = self.manage(*args)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def seed(self) -> None:
        self.run("shell", "-c", SEED)

    def files(self) -> dict[str, str]:
        return checksums(self.var / "private") | checksums(self.var / "media")

    def drop_files(self) -> None:
        shutil.rmtree(self.var / "private")
        shutil.rmtree(self.var / "media")
