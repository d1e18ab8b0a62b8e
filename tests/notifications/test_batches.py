"""The e-mails of one change are written in one insert and handed over in one message."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from notifications_app import services as outbox
from notifications_app import tasks
from notifications_app.models import Notification
from requests_app import services
from tests import factories

INSERT = 'INSERT INTO "notifications_app_notification"'


@pytest.fixture
def published(monkeypatch) -> list[tuple[str, list]]:
    """What the web process hands to the worker (each message, then run as usual)."""
    sent: list[tuple[str, list]] = []
    for task in (tasks.deliver, tasks.deliver_many):

        def record(args, _name=task.name, _send=task.apply_async, **kwargs):
            sent.append((_name.rsplit(".", 1)[1], list(args)))
            return _send(args, **kwargs)

        monkeypatch.setattr(task, "apply_async", record)
    return sent


def email(key: str, to: str = "dilnoza@example.org", language: str = "en") -> outbox.Email:
    return outbox.Email("assigned", to, language, {"title": "Statistics", "link": ""}, key)


def test_it_writes_a_submissions_emails_in_one_insert_each_in_its_language(partner_a, staff):
    colleague = factories.partner(institution=partner_a.institution, preferred_language="ru")
    draft = factories.complete_draft(institution=partner_a.institution)
    with CaptureQueriesContext(connection) as queries:
        services.request_submit(request=draft, actor=partner_a, consent=True)
    assert len([q for q in queries if q["sql"].startswith(INSERT)]) == 1
    rows = {n.recipient: n for n in Notification.objects.all()}
    assert set(rows) == {partner_a, colleague, staff}
    assert rows[colleague].language == "ru" and rows[colleague].subject.startswith("Заявка")
    assert rows[staff].subject.startswith("New request")


def test_it_hands_a_submissions_emails_to_the_worker_in_one_message(
    partner_a, staff, published, django_capture_on_commit_callbacks
):
    draft = factories.complete_draft(institution=partner_a.institution)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_submit(request=draft, actor=partner_a, consent=True)
    ids = sorted(Notification.objects.values_list("pk", flat=True))
    assert len(ids) == 2
    assert [(name, sorted(args[0])) for name, args in published] == [("deliver_many", ids)]
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_it_hands_a_single_email_over_as_before(
    partner_a, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = outbox.notifications_queue(emails=[email("single")])
    assert published == [("deliver", [row.pk])]


def test_it_skips_the_emails_whose_key_was_used_and_writes_the_others(db):
    first = outbox.notifications_queue(emails=[email("k1"), email("k2", "other@example.org")])
    again = outbox.notifications_queue(emails=[email("k1"), email("k3", "third@example.org")])
    assert [n.idempotency_key for n in first] == ["k1", "k2"]
    assert [n.idempotency_key for n in again] == ["k3"]
    assert Notification.objects.filter(idempotency_key="k1").count() == 1


def test_it_writes_one_row_for_a_key_repeated_in_a_batch_and_none_without_address(db):
    queued = outbox.notifications_queue(
        emails=[email("same"), email("same", "second@example.org"), email("none", to="")]
    )
    assert [(n.idempotency_key, n.to_email) for n in queued] == [("same", "dilnoza@example.org")]
    assert Notification.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_leaves_out_a_key_another_transaction_wrote_meanwhile():
    taken, release = threading.Event(), threading.Event()

    def other_writer() -> None:
        with transaction.atomic():
            outbox.notifications_queue(emails=[email("raced", "first@example.org")])
            taken.set()
            release.wait(10)
        connection.close()

    thread = threading.Thread(target=other_writer)
    thread.start()
    taken.wait(10)
    # The other row is not committed yet: the check for used keys does not see it, and the
    # insert waits for the other transaction, then finds the key taken.
    threading.Timer(0.5, release.set).start()
    queued = outbox.notifications_queue(emails=[email("raced"), email("free")])
    thread.join()
    assert [n.idempotency_key for n in queued] == ["free"]
    assert Notification.objects.get(idempotency_key="raced").to_email == "first@example.org"
