"""Building a dossier of several requests in the background, and deleting it in time.

Services as in ``services.py``: keyword-only, typed, no HTTP request, no UI messages.

* :func:`dossier_job_start` (the admin's button and bulk action): a manager asks for the
  dossier of every request in consultation, or of the requests they selected; the job row
  is written and the Celery task queued after commit.
* :func:`dossier_job_build` (the task): renders the cover, then each request, counting them
  in ``done`` (committed one by one, so the job's page shows the progress), and stores the
  PDF through the storage API in the private store, under ``dossiers/``.
* :func:`dossier_jobs_cleanup` (the beat, hourly): deletes the files past their time and
  marks the jobs expired; their page then says so.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mieux_portal.files import private_storage

from .dossier import cover_document, dossier_document, join, may_read_dossier
from .models import CapacityRequest, DossierJob, DossierScope, DossierState, Status
from .services import WorkflowError

logger = logging.getLogger(__name__)


def dossier_storage() -> Storage:
    """Where built dossiers are kept: the private store (STORAGES["private"]), never served
    by the web server, shared by the worker that writes and the web node that reads."""
    return private_storage()


def dossier_job_start(
    *, actor: Any, request_ids: list[int] | None = None, language: str
) -> DossierJob:
    """Ask for a dossier: of the given requests, or (None) of every request in consultation.

    Only managers may (PermissionDenied otherwise); drafts are never part of it. Raises
    WorkflowError when there is no request to print.
    """
    if not may_read_dossier(actor):
        raise PermissionDenied(_("Only MIEUX+ managers may build decision dossiers."))
    requests = CapacityRequest.objects.staff_visible()
    if request_ids is None:
        scope = DossierScope.CONSULTATION
        requests = requests.filter(status=Status.CONSULTATION)
    else:
        scope = DossierScope.SELECTED
        requests = requests.filter(pk__in=request_ids)
    ids = list(requests.order_by("reference", "pk").values_list("pk", flat=True))
    if not ids:
        raise WorkflowError(_("There is no request to put in the dossier."))
    job = DossierJob.objects.create(
        created_by=actor, scope=scope, request_ids=ids, total=len(ids), language=language
    )
    from .tasks import dossier_build  # the task module imports this one

    transaction.on_commit(lambda: dossier_build.delay(job.pk))
    return job


def dossier_job_build(*, job_id: int) -> DossierJob:
    """Render the job's dossier and store it; a job that is not waiting is left alone (a
    task delivered twice builds the file once)."""
    claimed = DossierJob.objects.filter(pk=job_id, state=DossierState.QUEUED).update(
        state=DossierState.RUNNING, done=0
    )
    job = DossierJob.objects.get(pk=job_id)
    if not claimed:
        return job
    try:
        data = _render(job)
        name = f"dossiers/{job.pk}-{uuid.uuid4().hex}.pdf"
        stored = dossier_storage().save(name, ContentFile(data))
    except Exception:
        logger.exception("Decision dossier %s failed", job.pk)
        DossierJob.objects.filter(pk=job.pk).update(
            state=DossierState.FAILED, finished_at=timezone.now()
        )
        raise
    now = timezone.now()
    DossierJob.objects.filter(pk=job.pk).update(
        state=DossierState.DONE,
        file_name=stored,
        size=len(data),
        finished_at=now,
        expires_at=now + timedelta(hours=settings.DOSSIER_KEEP_HOURS),
    )
    job.refresh_from_db()
    return job


def _render(job: DossierJob) -> bytes:
    by_pk = (
        CapacityRequest.objects.staff_visible()
        .select_related("institution")
        .in_bulk(job.request_ids)
    )
    # A request deleted since (a purge) is left out; the others keep the asked order.
    objs = [by_pk[pk] for pk in job.request_ids if pk in by_pk]
    documents = [cover_document(objs, language=job.language, built=timezone.now())]
    for done, obj in enumerate(objs, start=1):
        documents.append(dossier_document(obj, language=job.language))
        DossierJob.objects.filter(pk=job.pk).update(done=done)
    DossierJob.objects.filter(pk=job.pk).update(done=len(job.request_ids))
    return join(documents)


def dossier_job_file(*, job: DossierJob, actor: Any, now: datetime | None = None) -> bytes:
    """The built dossier's bytes for a manager; WorkflowError when it is not (or no longer)
    there."""
    if not may_read_dossier(actor):
        raise PermissionDenied(_("Only MIEUX+ managers may read decision dossiers."))
    if job.is_expired(now):
        hours = settings.DOSSIER_KEEP_HOURS
        raise WorkflowError(
            ngettext(
                "This dossier was deleted %(hours)s hour after it was built; build it again.",
                "This dossier was deleted %(hours)s hours after it was built; build it again.",
                hours,
            )
            % {"hours": hours}
        )
    if job.state != DossierState.DONE or not job.file_name:
        raise WorkflowError(_("This dossier is not ready."))
    with dossier_storage().open(job.file_name) as handle:
        return handle.read()


def dossier_jobs_cleanup(*, now: datetime) -> int:
    """Delete the files of the dossiers past their time and mark them expired; returns how
    many were deleted. A job still waiting or running after that time (its worker died) is
    marked failed, so its page stops reloading and says so."""
    horizon = now - timedelta(hours=settings.DOSSIER_KEEP_HOURS)
    DossierJob.objects.filter(
        state__in=[DossierState.QUEUED, DossierState.RUNNING], created_at__lte=horizon
    ).update(state=DossierState.FAILED, finished_at=now)
    storage = dossier_storage()
    expired = list(DossierJob.objects.filter(state=DossierState.DONE, expires_at__lte=now))
    for job in expired:
        if job.file_name:
            storage.delete(job.file_name)
    DossierJob.objects.filter(pk__in=[job.pk for job in expired]).update(
        state=DossierState.EXPIRED, file_name="", size=None
    )
    return len(expired)
