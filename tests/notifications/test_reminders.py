"""The morning beat: the staff digest and the partners' reminders (time passed as `now=`)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from mieux_portal.celery import app as celery_app
from notifications_app.models import Notification
from requests_app import services
from requests_app.models import CapacityRequest, Status
from requests_app.reminders import partner_reminders_send, staff_digest_send
from tests import factories

T0 = datetime(2026, 3, 2, 7, 0, tzinfo=timezone.get_fixed_timezone(60))


def in_stage_since(request: CapacityRequest, status: str, since: datetime) -> CapacityRequest:
    CapacityRequest.objects.filter(pk=request.pk).update(status=status, status_changed_at=since)
    request.refresh_from_db()
    return request


def in_clarification(partner, staff, since: datetime = T0) -> CapacityRequest:
    request = factories.submitted_request(partner)
    services.request_transition(request=request, key="start_screening", actor=staff)
    services.request_transition(
        request=request, key="ask_clarification", actor=staff, comment="Which regions?"
    )
    return in_stage_since(request, Status.CLARIFICATION, since)


def reminders(event: str) -> list[Notification]:
    return list(Notification.objects.filter(event=event).order_by("pk"))


def digest_of(user) -> Notification:
    return Notification.objects.get(event="staff_digest", recipient=user)


# --- Staff digest ---------------------------------------------------------------------------


def test_it_sends_the_digest_in_each_staff_members_language(partner_a, staff):
    colleague = factories.staff_user(email="sotrudnik@mieux.local", preferred_language="ru")
    request = factories.submitted_request(partner_a)

    sent = staff_digest_send(now=timezone.now() + timedelta(minutes=1))

    english, russian = (digest_of(user) for user in (staff, colleague))
    assert sent == 2
    assert (english.language, russian.language) == ("en", "ru")
    assert "1 new request submitted in the last 24 hours" in english.body_text
    assert request.reference in russian.body_text
    assert "/ru/admin/requests_app/capacityrequest/?submitted_at__gte=" in russian.body_text
    assert f"/ru/admin/requests_app/capacityrequest/{request.pk}/change/" in russian.body_html


def test_it_lists_requests_waiting_too_long_and_unanswered_clarifications(
    partner_a, staff, manager
):
    late = in_stage_since(factories.submitted_request(partner_a), "screening", T0)
    recent = in_stage_since(factories.submitted_request(partner_a), "screening", T0)
    asked = in_clarification(partner_a, manager, since=T0)
    now = T0 + timedelta(days=settings.STAGE_ALERT_DAYS["screening"], hours=1)
    CapacityRequest.objects.filter(pk=recent.pk).update(status_changed_at=now - timedelta(days=3))

    staff_digest_send(now=now)

    body = digest_of(staff).body_text
    assert "1 request in “Screening” for more than 20 days" in body
    assert "1 clarification not yet answered by the partner" in body
    assert late.reference in body and asked.reference in body
    assert recent.reference not in body
    assert "?status=screening&status_changed_at__lt=" in body


def test_it_sends_no_digest_when_there_is_nothing_to_say(staff, partner_a):
    factories.complete_draft(institution=partner_a.institution)  # drafts are the partner's

    assert staff_digest_send(now=timezone.now()) == 0
    assert not Notification.objects.exists()


def test_it_respects_the_digest_opt_out_and_sends_once_a_day(partner_a, staff, manager):
    manager.receive_digest = False
    manager.save()
    request = factories.submitted_request(partner_a)
    # A fixed morning, not the clock's: an hour later is the same day whenever the suite runs.
    CapacityRequest.objects.filter(pk=request.pk).update(submitted_at=T0 - timedelta(hours=1))
    now = T0 + timedelta(minutes=1)

    first, again = staff_digest_send(now=now), staff_digest_send(now=now + timedelta(hours=1))

    assert (first, again) == (1, 0)
    assert [n.recipient for n in reminders("staff_digest")] == [staff]


# --- Partner reminders ----------------------------------------------------------------------


def test_it_reminds_of_an_unanswered_clarification_after_14_days_once_a_week(partner_a, staff):
    request = in_clarification(partner_a, staff)
    days = [13, 14.1, 15, 20, 21.1, 22]

    sent = [partner_reminders_send(now=T0 + timedelta(days=d)) for d in days]

    assert sent == [0, 1, 0, 0, 1, 0]
    first = reminders("reminder_clarification")[0]
    assert first.recipient == partner_a and request.reference in first.subject
    assert "Which regions?" in first.body_text
    assert f"/en/requests/{request.pk}/" in first.body_text


def test_it_starts_afresh_after_a_new_clarification_round(partner_a, staff):
    request = in_clarification(partner_a, staff)
    partner_reminders_send(now=T0 + timedelta(days=15))
    in_stage_since(request, Status.CLARIFICATION, T0 + timedelta(days=16))

    assert partner_reminders_send(now=T0 + timedelta(days=17)) == 0
    assert partner_reminders_send(now=T0 + timedelta(days=31)) == 1


def test_it_reminds_of_a_draft_idle_for_30_days_in_the_members_language(partner_a):
    partner_a.preferred_language = "ru"
    partner_a.save()
    draft = factories.complete_draft(institution=partner_a.institution)
    CapacityRequest.objects.filter(pk=draft.pk).update(updated_at=T0)

    sent = [partner_reminders_send(now=T0 + timedelta(days=d)) for d in (29, 30.1, 36, 37.1)]

    assert sent == [0, 1, 0, 1]
    row = reminders("reminder_draft")[0]
    assert row.language == "ru" and f"/ru/requests/{draft.pk}/" in row.body_text
    assert draft.title_en in row.body_text


def test_it_skips_members_who_switched_reminders_off(partner_a, staff):
    colleague = factories.partner(institution=partner_a.institution, receive_reminders=False)
    in_clarification(partner_a, staff)

    partner_reminders_send(now=T0 + timedelta(days=15))

    assert [n.recipient for n in reminders("reminder_clarification")] == [partner_a]
    assert colleague.receive_reminders is False


def test_it_still_sends_decisions_and_clarification_requests_when_opted_out(
    partner_a, staff, manager
):
    partner_a.receive_reminders = partner_a.receive_digest = False
    partner_a.save()
    request = factories.submitted_request(partner_a)
    services.request_transition(request=request, key="start_screening", actor=staff)
    services.request_transition(request=request, key="ask_clarification", actor=staff, comment="?")
    services.request_transition(request=request, key="resubmit", actor=partner_a, comment="!")
    factories.screened(request)
    services.request_transition(request=request, key="to_consultation", actor=staff)
    services.request_transition(request=request, key="approve", actor=manager, comment="Yes.")

    events = set(Notification.objects.filter(recipient=partner_a).values_list("event", flat=True))

    assert {"clarification_requested", "request_approved"} <= events


# --- Preferences and schedule ---------------------------------------------------------------


def test_it_switches_reminders_off_in_the_profile(client_for, partner_a):
    profile = client_for(partner_a).get("/en/profile/").content.decode()
    client_for(partner_a).post(
        "/en/profile/",
        {"first_name": "Dilnoza", "last_name": "Karimova", "preferred_language": "en"},
    )

    partner_a.refresh_from_db()
    assert 'name="receive_reminders"' in profile
    assert 'name="receive_digest"' not in profile  # the digest is for MIEUX+ staff
    assert partner_a.receive_reminders is False


def test_it_lets_staff_switch_the_digest_off_in_the_profile(client_for, staff):
    client_for(staff).post(
        "/ru/profile/",
        {
            "first_name": "Anna",
            "last_name": "Berger",
            "preferred_language": "ru",
            "receive_reminders": "on",
        },
    )

    staff.refresh_from_db()
    assert (staff.receive_digest, staff.receive_reminders) == (False, True)


@pytest.mark.parametrize("name", ["staff-digest", "partner-reminders"])
def test_it_schedules_the_morning_tasks_at_seven_in_vienna(name):
    entry = settings.CELERY_BEAT_SCHEDULE[name]
    celery_app.loader.import_default_modules()

    assert entry["task"] in celery_app.tasks
    assert entry["schedule"].hour == {7} and entry["schedule"].minute == {0}
    assert celery_app.conf.timezone == "Europe/Vienna"
