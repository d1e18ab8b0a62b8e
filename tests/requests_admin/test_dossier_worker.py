"""A decision dossier built by a real Celery worker on the real broker, its progress seen on
the job's page and its file read back with pdftotext."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from requests_app.models import DossierJob, DossierState, Status
from tests import factories
from tests.pdftext import pdf_text
from tests.workers import WORKER_PRIVATE_MEDIA_ROOT

from .conftest import in_stage

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture(autouse=True)
def _reference(reference_data) -> None:
    """Transactional tests empty the tables: the reference data comes back."""


def url(name: str, *args) -> str:
    return reverse(f"admin:requests_app_capacityrequest_{name}", args=args)


def wait_for_state(job: DossierJob, timeout: float = 120.0) -> DossierJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.in_progress:
            return job
        time.sleep(0.3)
    return job


def test_a_worker_builds_the_consultation_dossier_the_manager_downloads(
    live_worker, manager, client_for, settings
):
    settings.PRIVATE_MEDIA_ROOT = WORKER_PRIVATE_MEDIA_ROOT  # read the worker's file
    titles = ["Статистика трудовой миграции", "Border data exchange", "Diaspora engagement"]
    objs = [
        factories.screened(in_stage(Status.CONSULTATION, title_ru=title, title_en=title))
        for title in titles
    ]
    client = client_for(manager)
    response = client.post(url("dossier_consultation"))
    job = DossierJob.objects.get()
    assert response["Location"] == url("dossier_job", job.pk)
    assert client.get(url("dossier_job", job.pk)).status_code == 200  # queued, running or done
    assert wait_for_state(job).state == DossierState.DONE and job.done == 3
    page = client.get(url("dossier_job", job.pk)).content.decode()
    assert 'http-equiv="refresh"' not in page and url("dossier_file", job.pk) in page
    text = pdf_text(client.get(url("dossier_file", job.pk)).content)
    assert all(obj.reference in text for obj in objs)
    assert "Статистика трудовой миграции" in text and "3 requests, built" in text
