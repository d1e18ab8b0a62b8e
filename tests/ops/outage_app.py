"""A Celery app with the portal's Celery settings and one task that takes its time: the
worker of tests/ops/test_broker_outage.py runs it while its broker goes away."""

from __future__ import annotations

import os
import time
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux_portal.settings")

app = Celery("outage")
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task
def pause(marker: str, seconds: float) -> None:
    """Leave `<marker>.started`, wait, leave `<marker>.done`."""
    Path(f"{marker}.started").touch()
    time.sleep(seconds)
    Path(f"{marker}.done").touch()
