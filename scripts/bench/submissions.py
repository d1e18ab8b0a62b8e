"""Phase 2: 50 partners of 50 institutions submit 1,000 requests at once.

Through the real forms; then the database is checked: exactly 1,000 new submitted requests,
1,000 distinct references numbered without a gap, their outbox rows (the partner's
acknowledgement and the triage e-mail), no server error; and the worker delivers them.
"""

from __future__ import annotations

import itertools
import threading
import time
from typing import Any

from bench.client import log_in
from bench.config import ACRONYM, SUBMITTERS, log, partner_email
from bench.flow import flow_data_for, submit_flow
from bench.setup import Run, last_pk


def submission_rows(since_pk: int) -> Any:
    from requests_app.models import CapacityRequest

    return CapacityRequest.objects.filter(pk__gt=since_pk, institution__acronym__startswith=ACRONYM)


def wait_delivered(ids: list[int], timeout: float, requeue_every: float = 0) -> tuple[int, float]:
    """Wait until these outbox rows are sent; (rows left unsent, seconds waited)."""
    from notifications_app.models import Notification, NotificationStatus
    from notifications_app.services import requeue_pending

    started = time.monotonic()
    last_requeue = started
    left = len(ids)
    while time.monotonic() - started < timeout:
        left = (
            Notification.objects.filter(pk__in=ids).exclude(status=NotificationStatus.SENT).count()
        )
        if not left:
            break
        if requeue_every and time.monotonic() - last_requeue >= requeue_every:
            requeue_pending(older_than_seconds=0)  # what beat's task does, without waiting
            last_requeue = time.monotonic()
        time.sleep(0.25)
    return left, time.monotonic() - started


def run_concurrent_submissions(port: int, total: int, users: list[str]) -> dict[str, Any]:
    """`len(users)` partners submit `total` requests at once; what the clients saw."""
    browsers = [log_in(port, email) for email in users]
    flows = [submit_flow(flow_data_for(email), pages=False) for email in users]
    counter = itertools.count()
    lock = threading.Lock()
    seen: dict[str, Any] = {"refs": [], "statuses": {}, "failed_flows": 0, "samples": []}

    def partner(n: int) -> None:
        while next(counter) < total:
            outcomes, ref = flows[n](browsers[n], n)
            with lock:
                for response, _ok in outcomes:
                    seen["statuses"][response.status] = seen["statuses"].get(response.status, 0) + 1
                    seen["samples"].append(response.ms)
                if ref:
                    seen["refs"].append(ref)
                else:
                    seen["failed_flows"] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=partner, args=(n,)) for n in range(len(users))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seen["seconds"] = time.perf_counter() - started
    return seen


def run_submissions(run: Run) -> None:
    """Submit, check the database and the outbox, add the figures to the run's summary."""
    from django.utils import timezone

    from notifications_app.models import Notification
    from requests_app.models import CapacityRequest, ReferenceCounter

    year = timezone.now().year
    before_pk = last_pk(CapacityRequest)
    before_notification = last_pk(Notification)
    counter_before = (
        ReferenceCounter.objects.filter(year=year).values_list("last", flat=True).first() or 0
    )
    total = run.args.submissions
    log(f"{SUBMITTERS} partners of {SUBMITTERS} institutions submit {total:,} requests")
    seen = run_concurrent_submissions(
        run.port, total, [partner_email(i) for i in range(SUBMITTERS)]
    )
    outbox = Notification.objects.filter(
        pk__gt=before_notification, event__startswith="request_submitted"
    )
    run.summary += check_submissions(seen, before_pk, outbox, year, counter_before, total)


def check_submissions(
    seen: dict[str, Any], before_pk: int, outbox: Any, year: int, counter_before: int, total: int
) -> list[tuple[str, str, bool]]:
    """What the database holds after the submissions, printed; the summary rows."""
    from requests_app.models import Status

    new = submission_rows(before_pk)
    submitted = new.filter(status=Status.SUBMITTED)
    refs = list(submitted.values_list("reference", flat=True))
    numbers = sorted(int(r.rsplit("-", 1)[1]) for r in refs if r.startswith(f"MX-{year}-"))
    gapless = numbers == list(range(counter_before + 1, counter_before + total + 1))
    drafts = new.filter(status=Status.DRAFT).count()
    ids = list(submitted.values_list("pk", flat=True))
    acknowledgements = outbox.filter(event="request_submitted").count()
    triage = outbox.filter(event="request_submitted_staff").count()
    acknowledged = {
        int(key.split(":")[1])
        for key in outbox.filter(event="request_submitted").values_list(
            "idempotency_key", flat=True
        )
    }
    with_ack = len(acknowledged & set(ids))
    five_xx = sum(n for status, n in seen["statuses"].items() if status == 0 or status >= 500)
    samples = sorted(seen["samples"])
    p95 = samples[int(0.95 * (len(samples) - 1))] if samples else float("nan")
    print()
    print(
        f"{total:,} submissions by {SUBMITTERS} partners: {seen['seconds']:.1f} s, "
        f"{len(seen['refs']) / seen['seconds']:.1f} submissions/s, "
        f"{len(samples) / seen['seconds']:.0f} req/s, p95 {p95:.0f} ms; "
        f"HTTP statuses {dict(sorted(seen['statuses'].items()))}"
    )
    print(
        f"  database: {len(refs)} submitted, {len(set(refs))} distinct references "
        f"MX-{year}-{counter_before + 1:04d}..MX-{year}-{counter_before + total:04d} "
        f"expected; {drafts} drafts left; outbox {acknowledgements} acknowledgements + "
        f"{triage} triage e-mails; {with_ack} requests with their acknowledgement"
    )
    left, waited = wait_delivered(list(outbox.values_list("pk", flat=True)), timeout=120)
    print(f"  outbox delivered by the worker in {waited:.1f} s ({left} left)")
    return [
        (f"submitted requests: {len(refs)}", f"= {total}", len(refs) == total),
        (
            f"distinct references: {len(set(refs))}, numbering without gaps: "
            f"{'yes' if gapless else 'NO'}",
            f"= {total}, no gap",
            len(set(refs)) == total and gapless,
        ),
        (
            f"clients saw {len(seen['refs'])} references, all in the database: "
            f"{'yes' if set(seen['refs']) == set(refs) else 'NO'}",
            "same set",
            set(seen["refs"]) == set(refs),
        ),
        (
            f"outbox: {acknowledgements} acknowledgements, {triage} triage rows",
            f"= {total} each",
            acknowledgements == total and triage == total and with_ack == total,
        ),
        (
            f"submissions: {five_xx} server errors, {seen['failed_flows']} failed flows",
            "0",
            five_xx == 0 and seen["failed_flows"] == 0,
        ),
        (f"their e-mails: {left} not delivered after {waited:.0f} s", "0", left == 0),
    ]
