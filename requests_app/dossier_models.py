"""The job that builds a decision dossier in the background, and the file it leaves.

A manager asks for the dossier of every request in consultation, or of the requests they
selected; a Celery task (`requests_app.tasks.dossier_build`) renders one request after the
other, counting them in ``done`` so the job's page can show the progress, and stores the
PDF in the private store under ``dossiers/`` (never served by the web server). The file is
kept ``DOSSIER_KEEP_HOURS``; the beat's cleanup then deletes it and marks the job expired.
Writes go through `requests_app.dossier_jobs`.

Imported at the end of `requests_app.models`, so Django registers the model with the app.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DossierState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready to download")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Deleted after its time")


class DossierScope(models.TextChoices):
    CONSULTATION = "consultation", _("Every request in consultation")
    SELECTED = "selected", _("Selected requests")


class DossierJob(models.Model):
    """One dossier asked for by a manager: what it covers, how far it got, its file."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("asked by"),
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    scope = models.CharField(_("scope"), max_length=20, choices=DossierScope.choices)
    # The requests, fixed when the job is asked for (a request that leaves consultation
    # meanwhile is still in the dossier the manager asked for).
    request_ids = models.JSONField(_("requests"), default=list)
    language = models.CharField(_("language"), max_length=10)
    state = models.CharField(
        _("state"), max_length=10, choices=DossierState.choices, default=DossierState.QUEUED
    )
    total = models.PositiveIntegerField(_("requests to print"), default=0)
    done = models.PositiveIntegerField(_("requests printed"), default=0)
    file_name = models.CharField(_("stored file"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    expires_at = models.DateTimeField(_("deleted after"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision dossier")
        verbose_name_plural = _("decision dossiers")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "expires_at"])]

    def __str__(self) -> str:
        return str(_("Dossier %(number)s") % {"number": self.pk})

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def in_progress(self) -> bool:
        return self.state in {DossierState.QUEUED, DossierState.RUNNING}

    def is_expired(self, now: datetime | None = None) -> bool:
        """Past its time, even when the cleanup has not run yet."""
        if self.state == DossierState.EXPIRED:
            return True
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
