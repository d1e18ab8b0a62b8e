#!/usr/bin/env python
"""Benchmark: the portal under load and faults, through gunicorn, on the loopback only.

Runs against PostgreSQL at DATABASE_URL (default: the `mieux_bench` database on the local
server, created and migrated if missing) with `bench.settings` (scripts/bench/settings.py:
the portal's settings with DEBUG off, a bench URLconf adding /bench/baseline/, persistent
connections with health checks, raised rate limits, a fast password hasher for the seeded
users: see that module). Each phase is a module of scripts/bench/ (its __init__ lists them).
It

1. seeds, once (kept between runs), 100,000 submitted requests of 300 institutions over every
   stage and topic, 500 published Actions with 6-7 activities each, 60 partner users (one
   per institution) and 8 staff users with an activated authenticator app (TOTP);
2. starts its own redis-server (a free port, no persistence: the broker, and the shared
   cache of production's settings: rate limits, sessions, the page cache), an aiosmtpd server,
   a Celery worker and gunicorn (2 sync workers) on 127.0.0.1, and logs every user in
   through the real forms (the staff with their TOTP code);
3. measures, for each page at 8 concurrent users (one logged-in connection each, 3 s of
   warm-up, then 15 s): the baseline (one query, one small template), the Actions catalogue
   with filters, an Action page, "My requests", a request page, the admin request list with
   filters on 100,000 requests, and the whole submit flow (13 requests: every page and post
   from "New request" to the submitted request's page); prints req/s, p50/p95/p99 and each
   page's throughput as a ratio of the baseline's, and the queries each page runs;
4. has 50 partners of 50 institutions submit 1,000 requests at once through the real forms,
   then checks the database: exactly 1,000 new submitted requests, 1,000 distinct references
   numbered without a gap, their outbox rows (the partner's acknowledgement and the triage
   e-mail), no server error;
5. under load, stops the broker, restarts PostgreSQL (`pg_ctlcluster`, only with
   --pg-restart: it disconnects everyone using that server for a few seconds) and starts the
   broker again; checks that every submission a client saw acknowledged is in the database,
   that the portal answers again by itself, and that every pending e-mail is delivered
   exactly once once the broker is back (the re-queue task, as beat runs it);
6. prints a summary table, removes what the run submitted and stops everything it started.

    make bench-load    # or: .venv/bin/python scripts/bench_load.py [--pg-restart] [--duration 15]
    make bench-load BENCH_LOAD_ARGS=--no-page-cache    # every page rendered, as on a miss
    make bench-load BENCH_PG_RESTART= BENCH_LOAD_ARGS=--quick    # every phase in a few minutes
"""

from __future__ import annotations

import argparse
import sys

from bench import setup
from bench.config import FULL, QUICK, SUBMISSIONS


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--duration", type=float, help="seconds per page (15; --quick: 2)")
    parser.add_argument("--warmup", type=float, help="warm-up seconds per page (3; --quick: 0.5)")
    parser.add_argument("--fault-seconds", type=float, help="fault phase (40; --quick: 12)")
    parser.add_argument(
        "--pg-restart",
        action="store_true",
        help="restart the local PostgreSQL cluster in the fault phase (its other users notice)",
    )
    parser.add_argument(
        "--submissions", type=int, help=f"requests the 50 partners submit ({SUBMISSIONS})"
    )
    parser.add_argument("--only", default="", help="comma-separated phases: pages,submit,faults")
    parser.add_argument("--keep", action="store_true", help="keep what the run submitted")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="serve every page rendered (PAGE_CACHE_SECONDS=0): what a page costs uncached",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: 5,000 requests and 200 Actions in the database mieux_bench_quick "
        "(unless DATABASE_URL names one), short phases, 100 submissions; figures not comparable",
    )
    args = parser.parse_args()
    defaults = (2.0, 0.5, 12.0, 100) if args.quick else (15.0, 3.0, 40.0, SUBMISSIONS)
    for name, default in zip(
        ("duration", "warmup", "fault_seconds", "submissions"), defaults, strict=True
    ):
        if getattr(args, name) is None:
            setattr(args, name, default)
    return args


def main() -> int:
    args = arguments()
    phases = set(args.only.split(",")) if args.only else {"pages", "submit", "faults"}
    run = setup.new_run(args, QUICK if args.quick else FULL)
    try:
        setup.start(run)
        # Imported once Django is set up: the phases read the portal's models.
        from bench.outage import run_outage
        from bench.pages import run_pages
        from bench.report import emails_once
        from bench.submissions import run_submissions

        if "pages" in phases:
            run_pages(run)
        if "submit" in phases:
            run_submissions(run)
        if "faults" in phases:
            run_outage(run)
        run.summary.append(emails_once(run.smtp_counter, run.notification_start_pk))
    finally:
        setup.stop(run)
    from bench.report import print_summary

    return 0 if print_summary(run.summary) else 1


if __name__ == "__main__":
    sys.exit(main())
