"""Backup and restore of the whole portal: the database and every stored file.

A backup is a folder ``mieux-backup-<UTC time>/`` holding

- ``database.pgdump`` (PostgreSQL: ``pg_dump --format=custom``) or ``database.sqlite3``
  (SQLite: the backup API, a consistent copy while the portal runs);
- ``files/<storage>/<name>``: every file of every storage but the static files, read through
  the storage API (the local disk or an object store alike);
- ``manifest.json``: the SHA-256 and size of each of those, the row count of every table and
  the names of files the database refers to that were not found.

On PostgreSQL the dump, the row counts and the list of referenced files come from one
snapshot (a repeatable-read transaction whose snapshot pg_dump is handed), so the manifest
describes exactly what the dump holds. Files are copied after it: a file saved meanwhile is
kept (harmless), one deleted meanwhile is named under ``missing``.

Restore verifies every checksum before it touches anything, refuses a target database or file
store that is not empty (unless ``force``), loads the dump, writes the files back through the
storage API, then compares the row counts and re-reads every file's checksum.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage
from django.db import connection, models, transaction
from django.utils import timezone

from mieux_portal.files import backed_up_storages

FORMAT = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
Log = Callable[[str], None]


class BackupError(Exception):
    """What stops a backup or restore, said for the operator at the terminal."""


@dataclass
class Report:
    """What a restore did and found."""

    tables: int = 0
    rows: int = 0
    files: int = 0
    mismatches: list[str] = field(default_factory=list)


# --- Checksums and files ----------------------------------------------------------------


def copy_hashing(source: IO[bytes], target: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stored_sha256(storage: Storage, name: str) -> str:
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in a storage, depth first (listdir works on disks and buckets)."""
    try:
        folders, names = storage.listdir(folder)
    except FileNotFoundError:  # a local store nothing was ever saved to
        return
    for name in sorted(names):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


def inside(root: Path, relative: str) -> Path:
    """A manifest's name as a path under the backup folder, never outside it."""
    path = (root / relative).resolve()
    if not path.is_relative_to(root.resolve()):
        raise BackupError(f"The manifest names a file outside the backup: {relative!r}.")
    return path


# --- The database -----------------------------------------------------------------------


def tables() -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def row_counts(cursor: Any, names: list[str]) -> dict[str, int]:
    counts = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 - table names
        counts[name] = cursor.fetchone()[0]
    return counts


def referenced_files(cursor: Any) -> set[str]:
    """The names in every FileField column: what the database expects the stores to hold."""
    names: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                table = connection.ops.quote_name(model._meta.db_table)
                column = connection.ops.quote_name(str(model_field.column))
                cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
                names.update(row[0] for row in cursor.fetchall())
    return names


def pg_environment(dbname: str | None = None) -> dict[str, str]:
    """libpq's variables for the configured database: no password on a command line."""
    db = settings.DATABASES["default"]
    values = {
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
        "PGUSER": db.get("USER") or "",
        "PGPASSWORD": db.get("PASSWORD") or "",
        "PGDATABASE": dbname or db["NAME"],
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def pg_binary(name: str, server_major: int) -> str:
    """pg_dump or pg_restore of at least the server's major version (an older one refuses a
    newer server): PG_BIN_DIR if set, else the server's own, else the one on PATH."""
    candidates = []
    if settings.PG_BIN_DIR:
        candidates.append(str(Path(settings.PG_BIN_DIR) / name))
    candidates.append(f"/usr/lib/postgresql/{server_major}/bin/{name}")
    candidates.append(shutil.which(name) or "")
    for candidate in filter(None, candidates):
        if not os.access(candidate, os.X_OK):
            continue
        version = subprocess.run(  # noqa: S603 - a PostgreSQL client, no shell
            [candidate, "--version"], capture_output=True, text=True, check=True
        ).stdout
        found = re.search(r"(\d+)(?:\.\d+)?", version)
        if found and int(found.group(1)) >= server_major:
            return candidate
    raise BackupError(
        f"No {name} of PostgreSQL {server_major} or newer: install postgresql-client-"
        f"{server_major} or set PG_BIN_DIR to the folder holding it."
    )


def server_major() -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def dump_database(target: Path) -> dict[str, Any]:
    """Write the dump; return the manifest's database part (counts from the same snapshot)."""
    vendor = connection.vendor
    if vendor == "postgresql":
        pg_dump = pg_binary("pg_dump", server_major())
        dump = target / "database.pgdump"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            run(
                [pg_dump, "--format=custom", "--no-owner", "--no-acl",
                 f"--snapshot={snapshot}", f"--file={dump}"],
                pg_environment(),
            )  # fmt: skip
            counts = row_counts(cursor, tables())
            referenced = referenced_files(cursor)
    elif vendor == "sqlite":
        dump = target / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(dump)
        try:
            connection.connection.backup(copy)  # type: ignore[union-attr]
            lite = copy.cursor()
            names = [row[0] for row in lite.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )]  # fmt: skip
            counts = row_counts(lite, sorted(names))
            referenced = referenced_files(lite)
        finally:
            copy.close()
    else:
        raise BackupError(f"No backup for the {vendor} database.")
    return {
        "vendor": vendor,
        "file": dump.name,
        "sha256": file_sha256(dump),
        "size": dump.stat().st_size,
        "tables": counts,
        "referenced_files": sorted(referenced),
    }


# --- Backup -----------------------------------------------------------------------------


def backup(output: Path, log: Log = lambda line: None) -> Path:
    """Write a complete backup folder under ``output``; return its path."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    output.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".mieux-backup-{stamp}-", dir=output))
    try:
        database = dump_database(partial)
        log(
            f"database: {sum(database['tables'].values())} rows in {len(database['tables'])} tables"
        )
        files: list[dict[str, Any]] = []
        for alias, storage in backed_up_storages().items():
            for name in walk(storage):
                local = inside(partial, f"files/{alias}/{name}")
                local.parent.mkdir(parents=True, exist_ok=True)
                with storage.open(name, "rb") as source, local.open("wb") as target:
                    sha256, size = copy_hashing(source, target)
                files.append({"storage": alias, "name": name, "sha256": sha256, "size": size})
        log(f"files: {len(files)}, {sum(f['size'] for f in files)} bytes")
        saved = {entry["name"] for entry in files}
        missing = [name for name in database.pop("referenced_files") if name not in saved]
        for name in missing:
            log(f"warning: the database refers to a file not found in any store: {name}")
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "database": database,
            "files": files,
            "missing": missing,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        final = output / f"mieux-backup-{stamp}"
        partial.rename(final)  # only a complete backup carries the final name
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


# --- Restore ----------------------------------------------------------------------------


def load_manifest(folder: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BackupError(f"No {MANIFEST} in {folder}: not a backup of the portal.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def verify(folder: Path, manifest: dict[str, Any]) -> None:
    """Every checksum of the manifest, before anything is changed."""
    wrong = []
    entries = [(manifest["database"]["file"], manifest["database"]["sha256"])]
    entries += [(f"files/{f['storage']}/{f['name']}", f["sha256"]) for f in manifest["files"]]
    for relative, sha256 in entries:
        path = inside(folder, relative)
        if not path.is_file():
            wrong.append(f"{relative} (missing)")
        elif file_sha256(path) != sha256:
            wrong.append(f"{relative} (checksum differs)")
    if wrong:
        raise BackupError("The backup is damaged: " + ", ".join(wrong))


def ensure_database() -> None:
    """Create the configured PostgreSQL database when it does not exist yet."""
    if connection.vendor != "postgresql":
        return
    import psycopg2
    from psycopg2 import sql

    name = settings.DATABASES["default"]["NAME"]
    env = pg_environment("postgres")
    params = {k: env[v] for k, v in (("host", "PGHOST"), ("port", "PGPORT"), ("user", "PGUSER"),
              ("password", "PGPASSWORD")) if v in env}  # fmt: skip
    server = psycopg2.connect(dbname="postgres", **params)
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        server.close()


def occupied() -> list[str]:
    """What is already in the target: tables, and files per storage."""
    found = []
    if names := tables():
        found.append(f"the database has {len(names)} tables")
    for alias, storage in backed_up_storages().items():
        if next(walk(storage), None) is not None:
            found.append(f"the {alias} file store has files")
    return found


def wipe() -> None:
    # SQLite needs nothing here: its backup API replaces the whole target file.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    for storage in backed_up_storages().values():
        for name in list(walk(storage)):
            storage.delete(name)


def load_database(folder: Path, database: dict[str, Any]) -> None:
    dump = inside(folder, database["file"])
    if connection.vendor == "postgresql":
        pg_restore = pg_binary("pg_restore", server_major())
        connection.close()
        run(
            [pg_restore, "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction",
             f"--dbname={settings.DATABASES['default']['NAME']}", str(dump)],
            pg_environment(),
        )  # fmt: skip
    else:
        connection.close()
        source = sqlite3.connect(dump)
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()


def restore(folder: Path, *, force: bool = False, log: Log = lambda line: None) -> Report:
    """Bring the database and the file stores back from a backup folder."""
    manifest = load_manifest(folder)
    verify(folder, manifest)
    log(f"checksums: {len(manifest['files']) + 1} verified")
    database = manifest["database"]
    if database["vendor"] != connection.vendor:
        raise BackupError(
            f"The backup is of a {database['vendor']} database; this one is {connection.vendor}."
        )
    ensure_database()
    if found := occupied():
        if not force:
            raise BackupError(
                "The target is not empty (" + "; ".join(found) + "): restore only into a new "
                "database and file store, or pass --force to replace what is there."
            )
        log("replacing: " + "; ".join(found))
        wipe()
    load_database(folder, database)
    stores = backed_up_storages()
    for entry in manifest["files"]:
        storage = stores[entry["storage"]]
        with inside(folder, f"files/{entry['storage']}/{entry['name']}").open("rb") as handle:
            saved = storage.save(entry["name"], File(handle))
        if saved != entry["name"]:
            raise BackupError(f"The store renamed {entry['name']} to {saved}.")
    return check(manifest)


def check(manifest: dict[str, Any]) -> Report:
    """Compare the restored portal with the manifest: row counts and every file's checksum."""
    report = Report()
    expected: dict[str, int] = manifest["database"]["tables"]
    with connection.cursor() as cursor:
        counts = row_counts(cursor, tables())
    for name in sorted(set(expected) | set(counts)):
        if expected.get(name) != counts.get(name):
            report.mismatches.append(f"table {name}: {counts.get(name)} != {expected.get(name)}")
    stores = backed_up_storages()
    for entry in manifest["files"]:
        if stored_sha256(stores[entry["storage"]], entry["name"]) != entry["sha256"]:
            report.mismatches.append(f"file {entry['storage']}/{entry['name']}")
    report.tables, report.rows = len(counts), sum(counts.values())
    report.files = len(manifest["files"])
    return report
