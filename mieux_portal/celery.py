"""The Celery application; tasks are discovered in every installed app."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mieux_portal.settings")

app = Celery("mieux_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
