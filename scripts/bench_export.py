#!/usr/bin/env python
"""Benchmark: the CSV and XLSX exports of 100,000 requests through the real admin view,
against COPY.

Runs against PostgreSQL at DATABASE_URL (default: the `mieux_bench` database on the local
server, created and migrated if missing). It seeds 100,000 submitted requests in bulk
(batched bulk_create for the requests, COPY for their topics, kinds of activities and
co-requesters; 50 institutions; an Action for some approved requests), then, in a fresh
Python process so that seeding does not hide the export's memory:

1. exports them through the real view (django.test.Client, logged in as a staff member with
   the export permission, the streamed content consumed and counted), measuring rows per
   second, the number of queries (CaptureQueriesContext) and the growth of the maximum
   resident set size;
2. exports them again under tracemalloc for the peak of Python allocations;
3. exports a 1% slice (a search) to show the number of queries does not depend on the rows;
4. runs `COPY (<the export's own SQL>) TO STDOUT WITH CSV` through psycopg2's copy_expert
   in the same process, for PostgreSQL's own rate over exactly the same rows and columns;
5. exports them as XLSX through the same view (``format=xlsx``): rows per second, the growth
   of the maximum resident set size past the CSV's, and the peak of Python allocations.

The columns are the export's own list (`requests_app.export.REQUEST_COLUMNS`, with the
Action column actions_app adds): the SQL of step 4 and the printed column list come from it.

It prints a table with the targets (CSV ≥ 0.25 of COPY's rows/s, < 64 MB memory growth for
each format, a constant number of queries) and removes every row it wrote.

    make bench-export          # or: .venv/bin/python scripts/bench_export.py [--count N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc

import benchlib
from benchlib import DEFAULT_DATABASE_URL, ROOT

PREFIX = "BX-"  # the references of the benchmark's requests
STAFF_EMAIL = "bench-export@mieux.local"
INSTITUTIONS = 50
TARGET_RATIO = 0.25
TARGET_MB = 64


def ensure_database(url: str) -> None:
    benchlib.ensure_database(url, "bench-export")


def setup_django(database_url: str) -> None:
    benchlib.setup_django(database_url)


# --- Tables of apps without migrations yet (built in parallel) --------------------------


def missing_tables() -> list:
    """Models whose table the database lacks (an app still without migrations)."""
    from django.apps import apps
    from django.db import connection

    existing = set(connection.introspection.table_names())
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.db_table not in existing
    ]


def create_tables(models: list) -> None:
    from django.db import connection

    with connection.schema_editor() as editor:
        for model in models:
            editor.create_model(model)


def drop_tables(models: list) -> None:
    from django.db import connection

    with connection.schema_editor() as editor:
        for model in reversed(models):
            editor.delete_model(model)


# --- Seeding ------------------------------------------------------------------------------


def cleanup() -> None:
    """Remove every row an earlier run wrote (through tables first: raw SQL, no cascade walk)."""
    from django.db import connection

    from accounts_app.models import PartnerInstitution
    from requests_app.models import CapacityRequest, ExportLog

    table = CapacityRequest._meta.db_table
    bench = f"SELECT id FROM {table} WHERE reference LIKE %s"
    with connection.cursor() as cursor:
        for field in ("topics", "activity_types", "co_institutions"):
            relation = CapacityRequest._meta.get_field(field)
            through = relation.remote_field.through._meta.db_table
            column = relation.m2m_column_name()  # the co-requests' is "request_id"
            cursor.execute(f"DELETE FROM {through} WHERE {column} IN ({bench})", [f"{PREFIX}%"])
        try:
            from django.apps import apps

            action = apps.get_model("actions_app", "Action")._meta.db_table
            cursor.execute(f"DELETE FROM {action} WHERE code LIKE %s", [f"{PREFIX}%"])
        except LookupError:
            pass
        cursor.execute(f"DELETE FROM {table} WHERE reference LIKE %s", [f"{PREFIX}%"])
    ExportLog.objects.filter(user__email=STAFF_EMAIL).delete()
    PartnerInstitution.objects.filter(acronym__startswith="BX").delete()


def seed(count: int) -> None:
    from django.contrib.auth.models import Group

    from accounts_app.models import User
    from requests_app.models import Status

    rng = random.Random(7)
    institutions = benchlib.create_institutions(count=INSTITUTIONS, acronym="BX")
    staff, _ = User.objects.get_or_create(
        email=STAFF_EMAIL, defaults={"is_staff": True, "first_name": "Bench", "last_name": "Staff"}
    )
    staff.groups.add(Group.objects.get(name="MIEUX+ staff"))
    statuses = [s for s in Status if s != Status.DRAFT]
    started = time.perf_counter()
    ids = benchlib.seed_requests(
        count=count, prefix=PREFIX, institutions=institutions, assignee=staff, rng=rng
    )
    seed_actions(ids[:: len(statuses)][:2000])
    print(f"bench-export: seeded {count:,} requests in {time.perf_counter() - started:.1f} s")


def seed_actions(request_ids: list[int]) -> None:
    from django.apps import apps

    try:
        action = apps.get_model("actions_app", "Action")
    except LookupError:
        return
    action.objects.bulk_create(
        [
            action(code=f"{PREFIX}{n}", slug=f"bx-{n}", title=f"Action {n}", request_id=pk)
            for n, pk in enumerate(request_ids)
        ],
        batch_size=1000,
    )


# --- Measuring (in a fresh process) -------------------------------------------------------


def consume(response) -> int:
    """Read the streamed export to the end; the number of bytes (nothing is kept)."""
    assert response.status_code == 200, response.status_code
    return sum(len(piece) for piece in response.streaming_content)


def measure() -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts_app.models import User
    from requests_app.export import REQUEST_COLUMNS
    from requests_app.models import ExportLog

    # Signed in with force_login, as the tests are: the admin's authenticator-app check
    # (mieux_portal.admin_site) would send this user to set one up instead.
    settings.ADMIN_REQUIRE_MFA = False
    url = reverse("admin:requests_app_capacityrequest_export")
    client = Client()
    client.force_login(User.objects.get(email=STAFF_EMAIL))
    consume(client.get(url, {"language": "en", "q": f"{PREFIX}0000"}))  # warm the caches

    # 1. speed, queries and resident memory
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        size = consume(client.get(url, {"language": "en"}))
        seconds = time.perf_counter() - started
    # Read now: the next request's request_started signal empties the query log (and with
    # it what len(queries) would count later).
    query_list = [q["sql"][:110] for q in queries.captured_queries]
    rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    rows = ExportLog.objects.latest("pk").row_count or 0

    # 2. the peak of Python allocations while streaming (slower under tracemalloc)
    tracemalloc.start()
    consume(client.get(url, {"language": "ru"}))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    # 3. a 1% slice: the same number of queries
    with CaptureQueriesContext(connection) as small_queries:
        consume(client.get(url, {"language": "en", "q": "-001"}))  # BX-yyyy-001000…001999
    small_query_count = len(small_queries.captured_queries)
    small_rows = ExportLog.objects.latest("pk").row_count or 0

    # 4. COPY of the export's own SQL (same rows, same columns, same order)
    copy_rows_, copy_seconds, copy_size = copy_export()

    # 5. XLSX: speed and resident memory, then the peak of Python allocations
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    xlsx_size = consume(client.get(url, {"language": "en", "format": "xlsx"}))
    xlsx_seconds = time.perf_counter() - started
    xlsx_rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before
    xlsx_rows = ExportLog.objects.latest("pk").row_count or 0
    tracemalloc.start()
    consume(client.get(url, {"language": "ru", "format": "xlsx"}))
    _current, xlsx_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "columns": [f"{column.key}:{column.type}" for column in REQUEST_COLUMNS],
        "rows": rows,
        "seconds": seconds,
        "bytes": size,
        "queries": len(query_list),
        "query_list": query_list,
        "rss_growth_mb": rss_growth_kb / 1024,
        "tracemalloc_peak_mb": peak / 2**20,
        "small_rows": small_rows,
        "small_queries": small_query_count,
        "copy_rows": copy_rows_,
        "copy_seconds": copy_seconds,
        "copy_bytes": copy_size,
        "xlsx_rows": xlsx_rows,
        "xlsx_seconds": xlsx_seconds,
        "xlsx_bytes": xlsx_size,
        "xlsx_rss_growth_mb": xlsx_rss_growth_kb / 1024,
        "xlsx_tracemalloc_peak_mb": xlsx_peak / 2**20,
    }


class CountingSink:
    """A file object for copy_expert that counts what it is given and keeps nothing."""

    def __init__(self) -> None:
        self.bytes = 0
        self.lines = 0

    def write(self, data: bytes | str) -> int:
        self.bytes += len(data)
        self.lines += data.count(b"\n" if isinstance(data, bytes) else "\n")
        return len(data)


def copy_export() -> tuple[int, float, int]:
    from django.contrib import admin
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import RequestFactory

    from requests_app.export import RequestExport
    from requests_app.models import CapacityRequest

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    queryset = admin.site._registry[CapacityRequest].export_queryset(request)
    sql, params = RequestExport(queryset, language="en").queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        raw = cursor.connection.cursor()
        statement = raw.mogrify(sql, params).decode()
        sink = CountingSink()
        started = time.perf_counter()
        raw.copy_expert(f"COPY ({statement}) TO STDOUT WITH CSV", sink)
        seconds = time.perf_counter() - started
    return sink.lines, seconds, sink.bytes


# --- Report -------------------------------------------------------------------------------


def report(figures: dict) -> int:
    rate = figures["rows"] / figures["seconds"]
    copy_rate = figures["copy_rows"] / figures["copy_seconds"]
    ratio = rate / copy_rate
    memory = max(figures["rss_growth_mb"], figures["tracemalloc_peak_mb"])
    constant = figures["queries"] == figures["small_queries"]
    line = f"{'':32} {'rows':>9} {'seconds':>8} {'rows/s':>10} {'MB':>8}"
    print(line)
    print("-" * len(line))
    print(
        f"{'export view (streamed CSV)':32} {figures['rows']:>9,} {figures['seconds']:>8.2f} "
        f"{rate:>10,.0f} {figures['bytes'] / 2**20:>8.1f}"
    )
    xlsx_rate = figures["xlsx_rows"] / figures["xlsx_seconds"]
    xlsx_memory = max(figures["xlsx_rss_growth_mb"], figures["xlsx_tracemalloc_peak_mb"])
    print(
        f"{'export view (XLSX, typed cells)':32} {figures['xlsx_rows']:>9,} "
        f"{figures['xlsx_seconds']:>8.2f} {xlsx_rate:>10,.0f} {figures['xlsx_bytes'] / 2**20:>8.1f}"
    )
    print(
        f"{'COPY (same SQL) TO STDOUT CSV':32} {figures['copy_rows']:>9,} "
        f"{figures['copy_seconds']:>8.2f} {copy_rate:>10,.0f} {figures['copy_bytes'] / 2**20:>8.1f}"
    )
    print()
    checks = [
        (f"rows/s vs COPY: {ratio:.2f}", f"target >= {TARGET_RATIO}", ratio >= TARGET_RATIO),
        (
            f"memory growth: max RSS +{figures['rss_growth_mb']:.1f} MB, "
            f"tracemalloc peak {figures['tracemalloc_peak_mb']:.1f} MB",
            f"target < {TARGET_MB} MB",
            memory < TARGET_MB,
        ),
        (
            f"XLSX memory: max RSS +{figures['xlsx_rss_growth_mb']:.1f} MB past the CSV's, "
            f"tracemalloc peak {figures['xlsx_tracemalloc_peak_mb']:.1f} MB",
            f"target < {TARGET_MB} MB",
            xlsx_memory < TARGET_MB,
        ),
        (
            f"XLSX rows/s vs CSV: {xlsx_rate / rate:.2f} ({xlsx_rate:,.0f} rows/s)",
            "reported",
            True,
        ),
        (
            f"queries: {figures['queries']} for {figures['rows']:,} rows, "
            f"{figures['small_queries']} for {figures['small_rows']:,} rows",
            "target: constant",
            constant,
        ),
        (
            f"rows: view {figures['rows']:,}, XLSX {figures['xlsx_rows']:,}, "
            f"COPY {figures['copy_rows']:,}",
            "target: equal",
            figures["rows"] == figures["copy_rows"] == figures["xlsx_rows"],
        ),
    ]
    for figure, target, ok in checks:
        print(f"  {'ok  ' if ok else 'MISS'} {figure:70} ({target})")
    print(f"\ncolumns ({len(figures['columns'])}, from requests_app.export.REQUEST_COLUMNS):")
    print(f"  {', '.join(figures['columns'])}")
    print("\nqueries of the full export:")
    for sql in figures["query_list"]:
        print(f"  {sql}")
    return 0 if all(ok for _f, _t, ok in checks) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="requests to seed (100000)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("bench-export: DATABASE_URL must name a PostgreSQL database")

    if args.measure:  # the child process: the database is ready
        setup_django(database_url)
        print(json.dumps(measure()))
        return 0

    ensure_database(database_url)
    setup_django(database_url)
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    temporary = missing_tables()
    if temporary:
        names = ", ".join(sorted({m._meta.app_label for m in temporary}))
        print(f"bench-export: creating the tables of {names} for this run (no migrations yet)")
        create_tables(temporary)
    try:
        cleanup()
        seed(args.count)
        child = subprocess.run(
            [sys.executable, __file__, "--measure"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": database_url},
            capture_output=True,
            text=True,
            check=False,
        )
        if child.returncode != 0:
            print(child.stdout, child.stderr, sep="\n")
            return 1
        print(f"bench-export: exporting {args.count:,} requests through the admin view")
        return report(json.loads(child.stdout.strip().splitlines()[-1]))
    finally:
        cleanup()
        if temporary:
            drop_tables(temporary)


if __name__ == "__main__":
    sys.exit(main())
