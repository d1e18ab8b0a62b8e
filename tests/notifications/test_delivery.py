"""Delivery through a real worker, a real broker and a real SMTP server."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from mieux_portal.celery import app as celery_app
from notifications_app import services as outbox
from notifications_app.models import Notification, NotificationStatus
from notifications_app.tasks import deliver, requeue_pending
from requests_app import services
from tests import factories

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture(autouse=True)
def _reference(reference_data) -> None:
    """Transactional tests empty the tables: the reference data comes back."""


def wait_until(predicate, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return predicate()


def russian_submission():
    partner = factories.partner(preferred_language="ru", email="rahim@example.tj")
    factories.staff_user(email="officer@mieux.local", preferred_language="en")
    draft = factories.complete_draft(
        institution=partner.institution,
        submission_language="ru",
        title_ru="Статистика трудовой миграции",
    )
    return partner, services.request_submit(request=draft, actor=partner, consent=True)


def test_it_sends_a_russian_acknowledgement_and_an_english_staff_alert(live_worker):
    _partner, request = russian_submission()
    received = live_worker.wait_for(2)
    by_rcpt = {m["To"]: m for m in received}
    ack = by_rcpt["rahim@example.tj"]
    assert ack["Subject"] == f"Заявка {request.reference} получена"
    assert "=?utf-8?" in ack.as_string().split("Subject:")[1].splitlines()[0].lower()
    assert ack.get_content_type() == "multipart/alternative"
    text, html = (part.get_content() for part in ack.iter_parts())
    assert "Статистика трудовой миграции" in text and "/ru/requests/" in text
    assert '<html lang="ru" dir="ltr">' in html
    alert = by_rcpt["officer@mieux.local"]
    assert alert["Subject"].startswith(f"New request {request.reference}")


def test_it_keeps_the_row_when_the_broker_is_down_and_delivers_it_once_later(live_worker):
    real_url = celery_app.conf.broker_write_url
    # The web process publishes to a broker nobody listens on (port 9): unreachable.
    celery_app.conf["CELERY_BROKER_WRITE_URL"] = "redis://127.0.0.1:9/0"
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        _partner, request = russian_submission()
    finally:
        celery_app.conf["CELERY_BROKER_WRITE_URL"] = real_url
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
    assert request.reference
    assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == 2
    time.sleep(1)
    assert live_worker.messages == []
    outbox.requeue_pending(older_than_seconds=0)
    outbox.requeue_pending(older_than_seconds=0)  # the beat may fire twice: still one e-mail each
    assert wait_until(lambda: not Notification.objects.filter(status="pending").exists())
    time.sleep(1)
    assert sorted(m["To"] for m in live_worker.messages) == [
        "officer@mieux.local",
        "rahim@example.tj",
    ]


def test_it_marks_a_refused_mail_failed_and_sends_it_once_again_on_request(
    live_worker, client_for, settings
):
    live_worker.refuse = True
    _partner, _request = russian_submission()
    assert wait_until(
        lambda: Notification.objects.filter(status=NotificationStatus.FAILED).count() == 2, 60
    )
    failed = Notification.objects.filter(to_email="rahim@example.tj").get()
    assert failed.attempts == 3 and "451" in failed.last_error
    live_worker.refuse = False
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    response = client_for(admin).post(
        reverse("admin:notifications_app_notification_changelist"),
        {"action": "send_again", "_selected_action": [failed.pk]},
    )
    assert response.status_code == 302
    assert wait_until(lambda: Notification.objects.get(pk=failed.pk).status == "sent")
    time.sleep(1)
    assert [m["To"] for m in live_worker.messages] == ["rahim@example.tj"]


def test_it_sends_once_when_the_same_task_runs_twice(live_worker):
    user = factories.UserFactory(email="twice@example.org")
    row = Notification.objects.create(
        recipient=user,
        to_email=user.email,
        event="assigned",
        language="en",
        subject="Once",
        body_text="Once only",
        body_html="<p>Once only</p>",
        idempotency_key="test:twice",
    )
    deliver.delay(row.pk)
    deliver.delay(row.pk)
    assert wait_until(lambda: Notification.objects.get(pk=row.pk).status == "sent")
    requeue_pending.delay()
    time.sleep(2)
    assert [m["Subject"] for m in live_worker.messages] == ["Once"]
    assert Notification.objects.get(pk=row.pk).attempts == 1
