"""Idle drafts: their author is warned once, then they are purged with their files,
unless someone changed them after the warning. Submitted requests are never touched."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from mieux_portal.celery import app as celery_app
from notifications_app.models import Notification
from requests_app import drafts, services, tasks
from requests_app.models import Attachment, CapacityRequest, RequestEvent
from tests import factories

NOW = timezone.now()
T0 = NOW - timedelta(days=365)  # the drafts' last change, a year ago
DUE = T0 + timedelta(days=166.1)  # 180 days idle minus the 14 of the warning, and a bit


def idle_since(draft: CapacityRequest, when: datetime) -> CapacityRequest:
    """As if nobody had saved the draft or added a file to it since ``when``."""
    CapacityRequest.objects.filter(pk=draft.pk).update(updated_at=when)
    Attachment.objects.filter(request=draft).update(uploaded_at=when)
    draft.refresh_from_db()
    return draft


def draft_of(partner, when: datetime = T0) -> CapacityRequest:
    draft = factories.complete_draft(institution=partner.institution, created_by=partner)
    return idle_since(draft, when)


def warnings() -> list[Notification]:
    return list(Notification.objects.filter(event="draft_purge_warning").order_by("pk"))


def test_it_warns_the_author_once_in_their_language(partner_a):
    partner_a.preferred_language = "ru"
    partner_a.save()
    draft = draft_of(partner_a)

    sent = [drafts.purge_warnings_send(now=DUE + timedelta(days=d)) for d in (-1, 0, 1, 10)]

    assert sent == [0, 1, 0, 0]
    (mail,) = warnings()
    assert mail.recipient == partner_a and mail.language == "ru"
    assert mail.subject.startswith("Ваш черновик заявки") and draft.title_en in mail.subject
    assert f"/ru/requests/{draft.pk}/" in mail.body_text
    draft.refresh_from_db()
    assert draft.purge_warned_at == DUE


def test_it_warns_the_members_when_the_author_has_left(partner_a):
    colleague = factories.partner(institution=partner_a.institution)
    draft = draft_of(partner_a)
    partner_a.membership.delete()

    drafts.purge_warnings_send(now=DUE)

    assert [mail.recipient for mail in warnings()] == [colleague]
    assert draft.title_en in warnings()[0].subject


def test_it_purges_a_draft_with_its_files_after_the_grace_period(
    partner_a, django_capture_on_commit_callbacks
):
    draft = draft_of(partner_a)
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / draft.attachments.get().file.name
    drafts.purge_warnings_send(now=DUE)

    early = drafts.drafts_purge(now=DUE + timedelta(days=13))
    with django_capture_on_commit_callbacks(execute=True):
        purged = drafts.drafts_purge(now=DUE + timedelta(days=14))

    assert early == [] and [obj.pk for obj in purged] == [draft.pk]
    assert not CapacityRequest.objects.filter(pk=draft.pk).exists()
    assert not RequestEvent.objects.filter(request_id=draft.pk).exists()
    assert not CapacityRequest.history.filter(id=draft.pk).exists()
    assert not stored.exists()


def test_it_never_purges_a_draft_whose_author_was_not_warned(partner_a):
    draft = draft_of(partner_a)

    assert drafts.drafts_purge(now=NOW) == []
    assert CapacityRequest.objects.filter(pk=draft.pk).exists()


def test_it_keeps_a_draft_edited_after_the_warning(partner_a):
    edited, left = draft_of(partner_a), draft_of(partner_a)
    drafts.purge_warnings_send(now=DUE)

    services.request_update_draft(
        request=edited, actor=partner_a, step="need", values={"title": "Still working on it"}
    )
    purged = drafts.drafts_purge(now=NOW)

    assert [obj.pk for obj in purged] == [left.pk]
    assert CapacityRequest.objects.filter(pk=edited.pk).exists()


def test_it_keeps_a_draft_given_a_file_after_the_warning(partner_a):
    draft = draft_of(partner_a)
    drafts.purge_warnings_send(now=DUE)

    services.attachment_add(
        request=draft,
        actor=partner_a,
        upload=factories.pdf_upload(),
        name="annex.pdf",
        size=len(factories.PDF_BYTES),
    )

    assert drafts.drafts_purge(now=NOW) == []
    assert CapacityRequest.objects.filter(pk=draft.pk).exists()


def test_it_warns_again_when_an_edited_draft_goes_idle_again(partner_a):
    draft = draft_of(partner_a)
    drafts.purge_warnings_send(now=DUE)
    idle_since(draft, DUE + timedelta(days=1))

    again = drafts.purge_warnings_send(now=DUE + timedelta(days=1 + 166.1))

    assert again == 1 and len(warnings()) == 2
    assert drafts.drafts_purge(now=DUE + timedelta(days=1 + 170)) == []


def test_it_never_warns_of_nor_purges_a_submitted_request(partner_a):
    request = factories.submitted_request(partner_a)
    CapacityRequest.objects.filter(pk=request.pk).update(updated_at=T0, purge_warned_at=DUE)

    warned = drafts.purge_warnings_send(now=NOW)
    purged = drafts.drafts_purge(now=NOW)

    assert (warned, purged) == (0, [])
    assert CapacityRequest.objects.filter(pk=request.pk).exists()


def test_it_purges_nothing_when_purging_is_off(partner_a, settings):
    settings.DRAFT_PURGE_DAYS = 0
    draft = draft_of(partner_a)
    CapacityRequest.objects.filter(pk=draft.pk).update(purge_warned_at=DUE)

    assert (drafts.purge_warnings_send(now=NOW), drafts.drafts_purge(now=NOW)) == (0, [])
    assert CapacityRequest.objects.filter(pk=draft.pk).exists()


def test_it_runs_nightly_on_beat_and_the_task_purges_and_warns(partner_a):
    entry = settings.CELERY_BEAT_SCHEDULE["draft-purge"]
    celery_app.loader.import_default_modules()
    warned_long_ago, idle = draft_of(partner_a), draft_of(partner_a)
    CapacityRequest.objects.filter(pk=warned_long_ago.pk).update(purge_warned_at=DUE)

    purged = tasks.draft_purge.delay().get()

    assert entry["task"] in celery_app.tasks and entry["schedule"].hour == {3}
    assert purged == 1 and not CapacityRequest.objects.filter(pk=warned_long_ago.pk).exists()
    assert [mail.recipient for mail in warnings()] == [partner_a]
    assert CapacityRequest.objects.get(pk=idle.pk).purge_warned_at is not None
