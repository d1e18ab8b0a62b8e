"""`manage.py backup` and `restore`, run as an operator would, on a seeded portal.

A database of the test's own (the test database's name + `_drill`) is migrated and seeded
(requests with their letters in the private store, the info sheets in the public one), backed
up, dropped with every file, and restored; then every table's row count and every file's
checksum must equal what they were. Real PostgreSQL and pg_dump; SQLite through its backup
API. About a minute.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from psycopg2 import sql

from tests.conftest import IN_CI
from tests.ops.portal import Portal, create_database, drop_database, server

pytestmark = pytest.mark.processes


def row_counts(name: str) -> dict[str, int]:
    with closing(server(name)) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        names = sorted(row[0] for row in cursor.fetchall())
        counts = {}
        for table in names:
            cursor.execute(sql.SQL("SELECT COUNT(*) FROM {}").format(sql.Identifier(table)))
            counts[table] = cursor.fetchone()[0]
    return counts


def sqlite_row_counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(path)
    try:
        names = [
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        ]
        return {
            name: conn.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]  # noqa: S608
            for name in names
        }
    finally:
        conn.close()


@pytest.fixture(scope="module")
def drill(tmp_path_factory) -> Iterator[dict[str, Any]]:
    """Seed, back up, record, drop everything, restore: what the tests below look at."""
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        if IN_CI:
            pytest.fail("the backup drill needs PostgreSQL in CI")
        pytest.skip("the backup drill needs PostgreSQL (DATABASE_URL)")
    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_drill"
    drop_database(name)
    create_database(name)
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{name}"
    portal = Portal(url, tmp_path_factory.mktemp("portal"))
    try:
        portal.seed()
        folder = Path(portal.run("backup", f"--output={portal.var / 'backups'}").strip())
        before = {"rows": row_counts(name), "files": portal.files()}
        drop_database(name)
        portal.drop_files()
        restored = portal.manage("restore", str(folder))
        yield {"portal": portal, "name": name, "folder": folder, "before": before,
               "restored": restored}  # fmt: skip
    finally:
        drop_database(name)


def test_it_restores_every_tables_row_count(drill):
    assert drill["restored"].returncode == 0, drill["restored"].stderr
    assert len(drill["before"]["rows"]) > 40
    assert drill["before"]["rows"]["requests_app_attachment"] > 0

    assert row_counts(drill["name"]) == drill["before"]["rows"]


def test_it_restores_every_private_and_public_file_with_its_checksum(drill):
    files = drill["before"]["files"]
    assert any(name.startswith("requests/") for name in files)  # private letters
    assert any(name.startswith("resources/") for name in files)  # public info sheets

    assert drill["portal"].files() == files


def test_it_writes_a_manifest_with_every_files_checksum_and_row_count(drill):
    manifest = json.loads((drill["folder"] / "manifest.json").read_text())

    assert {entry["sha256"] for entry in manifest["files"]} == set(
        drill["before"]["files"].values()
    )
    assert manifest["database"]["tables"] == drill["before"]["rows"]
    assert manifest["missing"] == []


def test_it_refuses_to_restore_over_a_portal_that_is_not_empty(drill):
    result = drill["portal"].manage("restore", str(drill["folder"]))

    assert result.returncode != 0
    assert "not empty" in result.stderr


def test_it_replaces_a_portal_that_is_not_empty_when_forced(drill):
    result = drill["portal"].manage("restore", "--force", str(drill["folder"]))

    assert result.returncode == 0, result.stderr
    assert row_counts(drill["name"]) == drill["before"]["rows"]
    assert drill["portal"].files() == drill["before"]["files"]


def test_it_refuses_a_damaged_backup_before_touching_anything(drill, tmp_path):
    damaged = shutil.copytree(drill["folder"], tmp_path / "damaged")
    letter = next((damaged / "files" / "private").rglob("*.pdf"))
    letter.write_bytes(letter.read_bytes()[:-1])

    result = drill["portal"].manage("restore", "--force", str(damaged))

    assert result.returncode != 0
    assert letter.name in result.stderr and "checksum differs" in result.stderr
    assert row_counts(drill["name"]) == drill["before"]["rows"]


def test_it_backs_up_and_restores_the_embedded_sqlite_database(tmp_path):
    source = Portal(f"sqlite:///{tmp_path / 'portal.sqlite3'}", tmp_path / "source")
    source.seed()
    folder = Path(source.run("backup", f"--output={tmp_path / 'backups'}").strip())
    target = Portal(f"sqlite:///{tmp_path / 'restored.sqlite3'}", tmp_path / "target")

    target.run("restore", str(folder))

    before = sqlite_row_counts(tmp_path / "portal.sqlite3")
    assert before["requests_app_attachment"] > 0
    assert sqlite_row_counts(tmp_path / "restored.sqlite3") == before
    assert target.files() == source.files()
