"""The demo has a past: `seed_demo` back-dates each request's story (requests_app/demo/
history.py), so the dashboard, the digest and the reminders show what a real year looks like."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from requests_app import reminders, reports
from requests_app.models import CapacityRequest, RequestEvent, Status


def link(**params: object) -> str:
    return "/changelist/"


@pytest.fixture
def seeded(db):
    call_command("seed_demo", quiet=True)


def test_it_shows_a_median_time_to_decision_of_weeks(seeded):
    figures = reports.decision_time(CapacityRequest.objects.all(), link)

    assert figures["decided"].count == 2
    assert 30 < figures["median_days"] < 120


def test_it_shows_open_requests_waiting_weeks_in_their_stage(seeded):
    rows = reports.stages(CapacityRequest.objects.all(), link, timezone.now())

    over_7 = {row.total.label: row.ageing[0].count for row in rows if row.ageing}
    assert over_7[str(Status.SCREENING.label)] == 1
    assert over_7[str(Status.CONSULTATION.label)] == 1
    assert sum(over_7.values()) == 3  # clarification, screening, consultation


def test_it_submitted_the_requests_over_three_years_numbered_in_their_year(seeded):
    submitted = CapacityRequest.objects.exclude(submitted_at=None)
    years = {timezone.localtime(r.submitted_at).year for r in submitted}

    assert len(years) == 3
    for request in submitted:
        year = timezone.localtime(request.submitted_at).year
        assert request.reference.startswith(f"MX-{year}-")


def test_it_dates_the_timeline_in_the_order_of_the_steps(seeded):
    for request in CapacityRequest.objects.all():
        moments = list(
            RequestEvent.objects.filter(request=request)
            .order_by("pk")
            .values_list("created_at", flat=True)
        )
        assert moments == sorted(moments)
        assert moments[-1] <= request.status_changed_at + timezone.timedelta(minutes=1)
        # The history is dated in calendar days of TIME_ZONE (requests_app/demo/history.py):
        # counted in hours, the youngest is 11 days old between midnight and 9:30 there.
        assert (timezone.localdate() - timezone.localtime(moments[0]).date()).days >= 12


def test_it_has_reminders_due_for_the_partners(seeded, django_capture_on_commit_callbacks):
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = reminders.partner_reminders_send(now=timezone.now())

    assert sent == 2  # the unanswered clarification and the idle draft
    assert sorted(m.subject.split(":")[0] for m in mail.outbox) == ["Reminder", "Reminder"]


def test_it_has_a_digest_of_requests_waiting_too_long(seeded):
    sections = reminders.digest_sections(now=timezone.now())

    assert {section.kind for section in sections} == {"waiting", "clarification"}


def test_it_dates_the_staff_history_like_the_timeline(seeded):
    request = CapacityRequest.objects.get(status=Status.APPROVED)
    timeline = set(
        RequestEvent.objects.filter(request=request).values_list("created_at", flat=True)
    )

    dates = set(request.history.values_list("history_date", flat=True))

    assert dates <= timeline
    assert max(dates) == request.decided_at
    assert request.history.latest().status_changed_at == request.status_changed_at
