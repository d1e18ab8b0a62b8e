"""The decision dossier: one request's PDF, and a dossier of several built in the background.

Eager tasks here (the file is read back with pdftotext); test_dossier_worker.py builds one on
a real worker.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from requests_app import dossier_jobs
from requests_app.assessment import EligibilityCriterion
from requests_app.models import (
    DossierJob,
    DossierState,
    EventKind,
    Opinion,
    RequestEvent,
    Stance,
    Status,
)
from tests import factories
from tests.pdftext import pdf_text

from .conftest import CHANGELIST, in_stage, messages_of

TITLE_RU = "Статистика трудовой миграции в Таджикистане"
NOTE = "Internal marker: budget line doubtful"


def url(name: str, *args) -> str:
    return reverse(f"admin:requests_app_capacityrequest_{name}", args=args)


def in_consultation(**kwargs):
    obj = in_stage(Status.CONSULTATION, **kwargs)
    return factories.screened(obj, comment="Strong ownership by the ministry.")


def read(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_it_prints_the_record_screening_notes_opinions_and_timeline(manager, client_for):
    obj = in_consultation(submission_language="ru", title_ru=TITLE_RU)
    RequestEvent.objects.create(request=obj, kind=EventKind.NOTE, body=NOTE, visibility="staff")
    RequestEvent.objects.create(
        request=obj, kind=EventKind.STATUS, body="Sent to the Delegation.",
        from_status="screening", to_status="consultation",
    )  # fmt: skip
    text = read(client_for(manager).get(url("dossier", obj.pk)))
    assert obj.reference in text and TITLE_RU in text
    assert EligibilityCriterion.objects.filter(active=True).first().name in text
    assert "Strong ownership by the ministry." in text and "Eligible: send to consultation" in text
    assert NOTE in text and "Opinions of the consulted bodies" in text
    assert "Sent to the Delegation." in text and "Screening → In consultation" in text


def test_it_prints_each_consulted_bodys_opinion_or_its_deadline(manager, client_for):
    obj = in_consultation()
    given = factories.open_consultation(obj, "dg-home")
    author = factories.consultee("dg-home", first_name="Ana", last_name="Reyes")
    Opinion.objects.create(consultation=given, stance=Stance.CONDITIONS, given_by=author,
                           comment="Only with the labour ministry on board.")  # fmt: skip
    factories.open_consultation(obj, "dg-intpa", deadline=date(2026, 12, 18))
    text = read(client_for(manager).get(url("dossier", obj.pk)))
    assert "(DG HOME) · Supports with conditions" in text and "Ana Reyes" in text
    assert "Only with the labour ministry on board." in text
    assert "(DG INTPA) · No opinion yet" in text and "Deadline 12/18/2026" in text


def test_it_says_when_a_request_was_never_sent_to_consultation(manager, client_for):
    obj = factories.screened(in_stage(Status.SCREENING), consult=False)
    text = read(client_for(manager).get(url("dossier", obj.pk)))
    assert "The request has not been sent to consultation." in text


def test_it_prints_the_dossier_in_russian_on_a_russian_page(manager, client_for):
    obj = in_consultation(submission_language="ru", title_ru=TITLE_RU)
    text = read(client_for(manager).get("/ru" + url("dossier", obj.pk).removeprefix("/en")))
    assert "Досье для решения · только для сотрудников" in text.replace(
        "ДОСЬЕ ДЛЯ РЕШЕНИЯ · ТОЛЬКО ДЛЯ СОТРУДНИКОВ", "Досье для решения · только для сотрудников"
    )
    assert "Мнения консультируемых органов" in text and "История заявки" in text


def test_only_managers_read_a_requests_dossier(manager, staff, partner_a, client_for):
    obj = in_consultation()
    assert client_for(staff).get(url("dossier", obj.pk)).status_code == 403
    assert client_for(partner_a).get(url("dossier", obj.pk)).status_code == 302
    assert client_for(manager).get(url("dossier", obj.pk)).status_code == 200


def test_the_request_page_links_to_the_dossier_for_managers_only(manager, staff, client_for):
    obj = in_consultation()
    link = url("dossier", obj.pk)
    assert link in client_for(manager).get(url("change", obj.pk)).content.decode()
    assert link not in client_for(staff).get(url("change", obj.pk)).content.decode()


def test_it_builds_the_dossier_of_every_request_in_consultation(
    manager, client_for, django_capture_on_commit_callbacks
):
    first, second = in_consultation(), in_consultation(title_en="Border data exchange")
    screening = in_stage(Status.SCREENING, title_en="Not in consultation yet")
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(url("dossier_consultation"))
    job = DossierJob.objects.get()
    assert response.status_code == 302 and response["Location"] == url("dossier_job", job.pk)
    assert (job.state, job.done, job.total) == (DossierState.DONE, 2, 2)
    text = read(client_for(manager).get(url("dossier_file", job.pk)))
    assert first.reference in text and second.reference in text and "Border data exchange" in text
    assert screening.reference not in text and "2 requests, built" in text


def test_it_builds_the_dossier_of_the_selected_requests(
    manager, client_for, django_capture_on_commit_callbacks
):
    chosen, other = in_consultation(), in_stage(Status.SUBMITTED)
    data = {"action": "dossier_selected", "_selected_action": [chosen.pk]}
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(reverse(CHANGELIST), data)
    job = DossierJob.objects.get()
    assert response["Location"] == url("dossier_job", job.pk)
    assert job.request_ids == [chosen.pk] and job.scope == "selected"
    assert other.reference not in read(client_for(manager).get(url("dossier_file", job.pk)))


def test_staff_who_do_not_decide_can_build_no_dossier(staff, manager, client_for):
    in_consultation()
    response = client_for(staff).post(reverse(CHANGELIST), {"action": "dossier_selected",
                                      "_selected_action": [in_consultation().pk]})  # fmt: skip
    assert response.status_code == 302 and not DossierJob.objects.exists()
    assert client_for(staff).post(url("dossier_consultation")).status_code == 403
    assert client_for(staff).get(url("dossiers")).status_code == 403
    assert client_for(manager).get(url("dossiers")).status_code == 200


def test_it_says_when_nothing_is_in_consultation(manager, client_for):
    response = client_for(manager).post(url("dossier_consultation"))
    assert response["Location"] == url("dossiers")
    assert messages_of(response) == [("warning", "There is no request to put in the dossier.")]


def test_the_job_page_updates_itself_while_the_dossier_is_built(manager, client_for):
    obj = in_consultation()
    job = DossierJob.objects.create(created_by=manager, scope="consultation", language="en",
                                    request_ids=[obj.pk], total=1)  # fmt: skip
    page = client_for(manager).get(url("dossier_job", job.pk)).content.decode()
    assert 'http-equiv="refresh"' in page and "0 of 1 request printed" in page
    # In place (static/js/dossier_job.js polls the live region), or by a reload without it.
    assert "js/dossier_job" in page and 'aria-live="polite" data-refresh="3"' in page
    assert "The progress shown here updates itself until the dossier is ready." in page
    assert url("dossier_file", job.pk) not in page
    dossier_jobs.dossier_job_build(job_id=job.pk)
    page = client_for(manager).get(url("dossier_job", job.pk)).content.decode()
    assert 'http-equiv="refresh"' not in page and url("dossier_file", job.pk) in page


def test_it_deletes_the_file_after_its_time_and_says_so(manager, client_for, settings):
    settings.DOSSIER_KEEP_HOURS = 2
    job = built(manager)
    storage = dossier_jobs.dossier_storage()
    assert storage.exists(job.file_name)
    assert dossier_jobs.dossier_jobs_cleanup(now=timezone.now() + timedelta(hours=1)) == 0
    assert dossier_jobs.dossier_jobs_cleanup(now=timezone.now() + timedelta(hours=3)) == 1
    assert not storage.exists(job.file_name)
    response = client_for(manager).get(url("dossier_file", job.pk))
    assert response.status_code == 410
    assert "This dossier was deleted 2 hours after it was built" in response.content.decode()


def test_a_dossier_past_its_time_is_refused_before_the_cleanup_runs(manager, client_for):
    job = built(manager)
    DossierJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client_for(manager).get(url("dossier_file", job.pk)).status_code == 410


def test_it_marks_failed_a_job_no_worker_finished_in_time(manager, client_for):
    job = DossierJob.objects.create(created_by=manager, scope="consultation", language="en",
                                    created_at=timezone.now() - timedelta(hours=25))  # fmt: skip
    dossier_jobs.dossier_jobs_cleanup(now=timezone.now())
    job.refresh_from_db()
    assert job.state == DossierState.FAILED
    page = client_for(manager).get(url("dossier_job", job.pk)).content.decode()
    assert "could not be built" in page and 'http-equiv="refresh"' not in page


def test_only_managers_download_a_built_dossier(manager, staff, partner_a, client_for):
    job = built(manager)
    assert client_for(staff).get(url("dossier_file", job.pk)).status_code == 403
    assert client_for(partner_a).get(url("dossier_file", job.pk)).status_code == 302
    assert client_for(manager).get(url("dossier_file", job.pk)).status_code == 200


def test_the_list_of_dossiers_costs_the_same_queries_for_more_jobs(manager, client_for):
    client = client_for(manager)
    DossierJob.objects.create(created_by=manager, scope="consultation", language="en")
    before = count_queries(client)
    for _ in range(4):
        DossierJob.objects.create(created_by=manager, scope="consultation", language="en")
    assert count_queries(client) == before


def test_the_cleanup_runs_hourly_on_the_beat():
    entry = settings.CELERY_BEAT_SCHEDULE["dossier-cleanup"]
    assert entry["task"] == "requests_app.tasks.dossier_cleanup"
    assert entry["schedule"].minute == {15}


def built(manager) -> DossierJob:
    job = dossier_jobs.dossier_job_start(actor=manager, request_ids=[in_consultation().pk],
                                         language="en")  # fmt: skip
    return dossier_jobs.dossier_job_build(job_id=job.pk)


def count_queries(client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        client.get(url("dossiers"))
    return len(context.captured_queries)
