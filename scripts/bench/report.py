"""What a run prints: the page table, the e-mails-exactly-once check, the summary."""

from __future__ import annotations

import os
import time

import benchlib

from bench.measuring import Result


def table(results: list[Result], baseline: Result, profile: dict[str, tuple[int, float]]) -> None:
    header = (
        f"{'page (8 users)':34} {'req/s':>7} {'ratio':>6} {'p50':>7} {'p95':>7} {'p99':>7} "
        f"{'n':>6} {'err':>4} {'queries':>8} {'db ms':>6}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        queries, db_ms = profile.get(r.name, (0, 0.0))
        extra = f"  ({r.flows / r.seconds:.2f} flows/s)" if r.name.startswith("submit") else ""
        print(
            f"{r.name:34} {r.rate:7.1f} {r.rate / baseline.rate:6.2f} {r.percentile(50):7.1f} "
            f"{r.percentile(95):7.1f} {r.percentile(99):7.1f} {r.count:6} "
            f"{r.unexpected:4} {queries or '':>8} {db_ms or 0:6.1f}{extra}"
        )
    print("(latencies in ms; ratio: req/s against the baseline's; queries and db ms: one request)")


def emails_once(
    smtp_counter: benchlib.SmtpCounter, notification_start_pk: int
) -> tuple[str, str, bool]:
    """Every e-mail of the run received exactly once by the SMTP server: the summary row."""
    from notifications_app.models import Notification

    time.sleep(1.0)  # anything sent twice would arrive now
    rows = list(
        Notification.objects.filter(pk__gt=notification_start_pk).values_list(
            "to_email", "subject", "status"
        )
    )
    expected = {(to.lower(), " ".join(subject.split())) for to, subject, _s in rows}
    twice = sum(1 for key, n in smtp_counter.received.items() if n > 1)
    missing = sum(1 for key in expected if smtp_counter.received.get(key, 0) == 0)
    strangers = sum(1 for key in smtp_counter.received if key not in expected)
    print(
        f"\ne-mails of the run: {len(rows)} outbox rows, {smtp_counter.count} messages "
        f"received by the SMTP server; {missing} never received, {twice} received twice "
        f"or more, {strangers} unexpected"
    )
    return (
        f"e-mails: {len(rows)} rows, {smtp_counter.count} received, {twice} duplicates, "
        f"{missing} missing",
        "each exactly once",
        twice == 0 and missing == 0 and strangers == 0 and smtp_counter.count == len(rows),
    )


def print_summary(summary: list[tuple[str, str, bool]]) -> bool:
    """The summary table; whether every figure met its target."""
    print()
    width = max(len(figure) for figure, _t, _ok in summary) if summary else 40
    print(f"{'':4} {'figure':{width}}  target")
    for figure, target, ok in summary:
        print(f"{'ok  ' if ok else 'MISS'} {figure:{width}}  {target}")
    load = os.getloadavg()
    print(f"(machine load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f})")
    return all(ok for _f, _t, ok in summary)
