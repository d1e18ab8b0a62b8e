"""When each demo request's story happened, so the demo shows a real year or two.

The seed (`requests_app.demo.seed`) builds every request today through the services, then
moves its story into the past with `backdate`: the draft's start, the submission and each
step of `DemoRequest.steps` get the dates below (days before the seed ran), and so do the
timeline rows, the request's status dates and its files. The reference number is taken in
the year of submission. With the defaults in settings, the result is what a team would see:
one request waiting too long in each stage of the staff digest, a clarification and a draft
the partners are reminded of, and decisions that took weeks to months.

`DAYS_AGO[title]` is (draft started, submitted, step 1, step 2, …), latest last; a draft has
(started, last edited). Plain data, edited here; every demo request has a row.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from requests_app.models import Attachment, CapacityRequest, EventKind, RequestEvent

DAYS_AGO: dict[str, tuple[int, ...]] = {
    # A draft left alone for five weeks: its author is reminded (REMINDER_DRAFT_DAYS).
    "Pre-departure orientation for citizens leaving for seasonal work": (45, 38),
    # Submitted six days ago, not yet screened: the digest's "waiting" (5 days).
    "Электронный реестр граждан, выезжающих на работу за рубеж": (12, 6),
    # In screening for four weeks (the digest warns after 20 days).
    "Анализ рисков на пунктах пропуска через государственную границу": (40, 33, 27),
    # A clarification unanswered for six weeks: the partner is reminded weekly.
    "Identifying and referring victims of trafficking among returning migrants": (
        75,
        68,
        61,
        44,
    ),
    # With the Steering Committee for three months.
    "Реинтеграция трудовых мигрантов, вернувшихся на родину": (150, 140, 131, 96),
    # Submitted last year, approved after a round of clarification.
    "Better labour migration statistics for policy making": (
        500,
        470,
        462,
        450,
        437,
        420,
        385,
    ),
    # Submitted the year before, declined after consultation.
    "Thermal cameras for remote sections of the border": (800, 780, 772, 760, 735),
}


def moment(days_ago: int, index: int, now: datetime) -> datetime:
    """A working morning `days_ago` days before `now`, a quarter of an hour per step."""
    day = timezone.localtime(now).date() - timedelta(days=days_ago)
    start = datetime.combine(day, time(9, 30), tzinfo=timezone.get_current_timezone())
    return start + timedelta(minutes=15 * index)


def submission_year(title: str, now: datetime) -> int | None:
    """The year a demo request was submitted in, when it has a story here."""
    days = DAYS_AGO.get(title, ())
    return moment(days[1], 1, now).year if len(days) > 1 else None


def backdate(request: CapacityRequest, title: str, now: datetime) -> None:
    """Move the request's story to the dates of `DAYS_AGO[title]` (nothing if it has none)."""
    days = DAYS_AGO.get(title)
    if not days:
        return
    moments = [moment(ago, index, now) for index, ago in enumerate(days)]
    created, *steps = moments
    # A request's first timeline row is its creation as a draft, then one per step.
    stepped = moments if request.submitted_at is not None else [created]
    events = list(RequestEvent.objects.filter(request=request).order_by("pk"))
    status_events = [event for event in events if event.kind == EventKind.STATUS]
    if len(status_events) != len(stepped):
        raise ValueError(f"{title}: {len(status_events)} timeline steps, {len(stepped)} dates")
    when = created
    status_moments = iter(stepped)
    real = [(event.created_at, event) for event in events]
    for event in events:
        # Messages and assignments follow the step they were written with.
        when = next(status_moments) if event.kind == EventKind.STATUS else when
        event.created_at = when + timedelta(minutes=1) * (event.kind != EventKind.STATUS)
    RequestEvent.objects.bulk_update(events, ["created_at"])
    last = moments[-1]
    fields = {"created_at": created, "updated_at": last}
    if request.submitted_at is not None:
        fields |= {"submitted_at": steps[0], "consent_at": steps[0], "status_changed_at": last}
        Attachment.objects.filter(request=request).update(
            uploaded_at=steps[0] - timedelta(minutes=5)
        )
    else:
        fields |= {"status_changed_at": created}
    if request.decided_at is not None:
        fields["decided_at"] = last
    CapacityRequest.objects.filter(pk=request.pk).update(**fields)
    backdate_history(request, real, created)


DATED = ("updated_at", "submitted_at", "consent_at", "status_changed_at", "decided_at")


def backdate_history(
    request: CapacityRequest, real: list[tuple[datetime, RequestEvent]], created: datetime
) -> None:
    """The request's history rows (django-simple-history) follow its timeline: each real
    moment of the seed becomes the new date of the timeline row written nearest to it."""

    def moved(value: datetime | None) -> datetime | None:
        if value is None or not real:
            return value
        _when, event = min(real, key=lambda pair: abs(pair[0] - value))
        return event.created_at

    records = list(request.history.all())  # type: ignore[attr-defined]
    for record in records:
        record.history_date = moved(record.history_date)
        record.created_at = created
        for name in DATED:
            setattr(record, name, moved(getattr(record, name)))
    if records:
        type(records[0]).objects.bulk_update(records, ["history_date", "created_at", *DATED])
