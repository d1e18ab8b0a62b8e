"""Phase 3: the broker stops, PostgreSQL restarts and the broker returns, under load.

PostgreSQL is restarted (`pg_ctlcluster`) only with --pg-restart: it disconnects everyone
using that server for a few seconds. Checked: every submission a client saw acknowledged is
in the database, references stay gapless, the portal answers again by itself, and every
pending e-mail is delivered exactly once once the broker is back (the re-queue task, as beat
runs it).
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import benchlib

from bench.client import log_in
from bench.config import LABEL, SUBMITTERS, USERS, log, partner_email
from bench.flow import flow_data_for, submit_flow
from bench.processes import Redis, postgres_cluster
from bench.setup import Run, last_pk
from bench.submissions import submission_rows, wait_delivered

Row = tuple[str, str, bool]


@dataclass
class FaultLog:
    events: list[tuple[float, str]] = field(default_factory=list)
    acked: list[str] = field(default_factory=list)
    # (seconds since the start, status, ms) of each request
    attempts: list[tuple[float, int, float]] = field(default_factory=list)
    pending_at_return: int = -1  # outbox rows waiting when the broker came back

    def note(self, t0: float, what: str) -> None:
        self.events.append((time.perf_counter() - t0, what))
        log(f"  t={time.perf_counter() - t0:5.1f} s  {what}")

    def window(self, start: float, stop: float) -> str:
        """The requests started between two moments: how many, p50 and p95."""
        ms = sorted(m for t, _s, m in self.attempts if start <= t < stop)
        if not ms:
            return "no request"
        return (
            f"{len(ms)} requests, p50 {ms[len(ms) // 2]:.0f} ms, "
            f"p95 {ms[int(0.95 * (len(ms) - 1))]:.0f} ms"
        )


def run_faults(
    port: int,
    users: list[str],
    redis: Redis,
    cluster: tuple[str, str] | None,
    seconds: float,
    pending: Callable[[], int],
) -> FaultLog:
    """Submissions in a loop while the broker stops, PostgreSQL restarts, the broker returns."""
    browsers = [log_in(port, email) for email in users]
    flows = [submit_flow(flow_data_for(email), pages=False) for email in users]
    record = FaultLog()
    lock = threading.Lock()
    t0 = time.perf_counter()
    end = t0 + seconds

    def partner(n: int) -> None:
        i = 0
        while time.perf_counter() < end:
            i += 1
            outcomes, ref = flows[n](browsers[n], n * 10_000 + i)
            with lock:
                for response, _ok in outcomes:
                    record.attempts.append((time.perf_counter() - t0, response.status, response.ms))
                if ref:
                    record.acked.append(ref)
            if not ref:
                time.sleep(0.2)  # a failed flow starts over with a new draft

    threads = [threading.Thread(target=partner, args=(n,)) for n in range(len(users))]
    for thread in threads:
        thread.start()
    plan = [(0.25, "broker-stop"), (0.35, "pg-restart"), (0.6, "broker-start")]
    for fraction, what in plan:
        delay = t0 + fraction * seconds - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        inject(what, record, t0, redis, cluster, pending)
    for thread in threads:
        thread.join()
    return record


def inject(
    what: str,
    record: FaultLog,
    t0: float,
    redis: Redis,
    cluster: tuple[str, str] | None,
    pending: Callable[[], int],
) -> None:
    """One fault of the plan (or the broker's return), noted in the record."""
    if what == "broker-stop":
        redis.stop()
        record.note(t0, "broker (redis-server) stopped")
    elif what == "broker-start":
        record.pending_at_return = pending()
        redis.start()
        record.note(t0, "broker (redis-server) started again")
    elif cluster is not None:
        version, name = cluster
        record.note(t0, f"PostgreSQL {version}/{name} restarting")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"],
            check=True,
            capture_output=True,
        )
        record.note(t0, "PostgreSQL restarted")
    else:
        record.note(t0, "PostgreSQL restart skipped (no --pg-restart)")


def run_outage(run: Run) -> None:
    """Submit under the faults, check what the clients were told, add the summary rows."""
    from django.db import connection

    from notifications_app.models import Notification, NotificationStatus
    from requests_app.models import CapacityRequest, Status

    cluster = postgres_cluster(run.database_url) if run.args.pg_restart else None
    if run.args.pg_restart and cluster is None:
        log("no local pg_ctlcluster cluster serves DATABASE_URL: PostgreSQL not restarted")
    before_pk = last_pk(CapacityRequest)
    before_notification = last_pk(Notification)
    log(f"faults: {USERS} partners submit for {run.args.fault_seconds:.0f} s while:")

    def pending() -> int:
        connection.close()  # PostgreSQL may have restarted under this connection
        return Notification.objects.filter(
            pk__gt=before_notification, status=NotificationStatus.PENDING
        ).count()

    record = run_faults(
        run.port,
        [partner_email(i) for i in range(SUBMITTERS, SUBMITTERS + USERS)],
        run.redis,
        cluster,
        run.args.fault_seconds,
        pending,
    )
    connection.close()
    in_db = set(
        submission_rows(before_pk)
        .filter(status=Status.SUBMITTED)
        .values_list("reference", flat=True)
    )
    run.summary += report_outage(run, record, in_db, before_notification)


@dataclass
class Timeline:
    """When the faults happened, and how the requests around them fared."""

    broker_down: float
    broker_up: float
    pg_began: float | None
    pg_done: float | None
    failures: list[tuple[float, int]]
    after_restart: list[int]  # statuses of the requests from 2 s after the restart
    late_failures: list[int]
    first_ok: float | None  # the first success after the restart


def timeline(record: FaultLog) -> Timeline:
    when = {what: t for t, what in record.events}
    pg_done = when.get("PostgreSQL restarted")
    after_restart = [s for t, s, _ms in record.attempts if pg_done is not None and t > pg_done + 2]
    return Timeline(
        broker_down=next(
            t for what, t in when.items() if what.startswith("broker (redis-server) stopped")
        ),
        broker_up=next(
            t for what, t in when.items() if what.startswith("broker (redis-server) started")
        ),
        pg_began=next((t for what, t in when.items() if "restarting" in what), None),
        pg_done=pg_done,
        failures=[(t, s) for t, s, _ms in record.attempts if s == 0 or s >= 500],
        after_restart=after_restart,
        late_failures=[s for s in after_restart if s == 0 or s >= 500],
        first_ok=next(
            (
                t
                for t, s, _ms in sorted(record.attempts)
                if pg_done is not None and t > pg_done and s in (200, 302)
            ),
            None,
        ),
    )


def report_outage(run: Run, record: FaultLog, in_db: set[str], before: int) -> list[Row]:
    """Print what happened around the faults; the summary rows."""
    from notifications_app.models import Notification, NotificationStatus

    acked = set(record.acked)
    lost = acked - in_db
    # Numbers taken by transactions that died with PostgreSQL must not leave holes.
    numbers = sorted(int(ref.rsplit("-", 1)[1]) for ref in in_db)
    gapless = numbers == list(range(numbers[0], numbers[0] + len(numbers))) if numbers else False
    tl = timeline(record)
    # The broker is back: the beat task's re-queue delivers what waited.
    outbox = list(Notification.objects.filter(pk__gt=before).values_list("pk", flat=True))
    benchlib.wait_for_worker(run.app, run.worker, LABEL, timeout=60)
    left, waited = wait_delivered(outbox, timeout=120, requeue_every=5)
    failed = Notification.objects.filter(pk__in=outbox, status=NotificationStatus.FAILED).count()
    print()
    print(
        f"faults: {len(record.acked)} submissions acknowledged to clients, {len(in_db)} "
        f"submitted in the database ({len(in_db - acked)} committed without the client "
        f"seeing the answer), {len(lost)} acknowledged but missing"
    )
    print_timeline(record, tl, run.args.fault_seconds)
    print(
        f"  outbox: {len(outbox)} rows, {record.pending_at_return} pending when the broker "
        f"returned; all but {left} sent {waited:.1f} s after the load stopped "
        f"({failed} failed)"
    )
    restart_figure = (
        f"faults: {len(tl.late_failures)} failures from 2 s after PostgreSQL restarted"
        if tl.pg_done is not None
        else "faults: PostgreSQL restart skipped (run with --pg-restart)"
    )
    return [
        (
            f"faults: {len(lost)} of {len(acked)} acknowledged submissions missing",
            "0",
            not lost and bool(acked),
        ),
        (
            f"faults: {len(in_db)} references numbered without a gap: {'yes' if gapless else 'NO'}",
            "no gap",
            gapless,
        ),
        (
            restart_figure,
            "0",
            tl.pg_done is None or (not tl.late_failures and tl.first_ok is not None),
        ),
        (
            f"faults: {left} of {len(outbox)} e-mails undelivered once the broker is back",
            "0",
            left == 0 and failed == 0,
        ),
    ]


def print_timeline(record: FaultLog, tl: Timeline, seconds: float) -> None:
    print(f"  before the faults: {record.window(0, tl.broker_down)}")
    print(
        f"  broker down {tl.broker_down:.1f}-{tl.broker_up:.1f} s: "
        f"{record.window(tl.broker_down, tl.broker_up)}"
    )
    if tl.pg_began is not None and tl.pg_done is not None:
        recovered = f"{tl.first_ok - tl.pg_done:.1f} s" if tl.first_ok is not None else "never"
        print(
            f"  PostgreSQL restarting {tl.pg_began:.1f}-{tl.pg_done:.1f} s: "
            f"{len(tl.failures)} failed requests in all; first success {recovered} after "
            f"the restart; {len(tl.late_failures)} failures among the {len(tl.after_restart)} "
            "requests from 2 s after it"
        )
    else:
        print(f"  {len(tl.failures)} failed requests (PostgreSQL not restarted)")
    print(f"  after the broker returned: {record.window(tl.broker_up, seconds + 60)}")
