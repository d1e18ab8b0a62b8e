"""Production refuses a toy set-up: one system check lists every unsafe part at once.

It runs with every `manage.py check` (and `migrate`, `runserver`) when
`DJANGO_ENV=production`, and reports nothing in development, where SQLite, eager Celery and
e-mail in files are the point. Each problem is an error with its own id (``mieux.E00n``),
so one of them can be silenced knowingly (SILENCED_SYSTEM_CHECKS), never all by accident.
"""

from __future__ import annotations

import importlib.util
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from mieux_portal import pagecache

# Passwords of examples and quick starts (docker-compose's old fallback among them).
DEFAULT_DATABASE_PASSWORDS = {"mieux", "postgres", "password", "changeme", "secret", "admin"}
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
UNDELIVERED_EMAIL = (
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "mieux_portal.mail.FileAndLogBackend",  # the development default (files in var/mail)
)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}  # noqa: S104 - compared, not bound


def _database() -> list[CheckMessage]:
    db: dict[str, Any] = settings.DATABASES["default"]
    if "sqlite" in db["ENGINE"]:
        return [
            Error(
                "The database is SQLite: one file on one machine, no concurrent writers.",
                hint="Set DATABASE_URL=postgres://user:password@host:5432/name.",
                id="mieux.E001",
            )
        ]
    if db.get("PASSWORD", "") in DEFAULT_DATABASE_PASSWORDS:
        return [
            Error(
                "The database password is a well-known default.",
                hint="Give the database user a random password in DATABASE_URL.",
                id="mieux.E007",
            )
        ]
    return []


def _broker() -> list[CheckMessage]:
    broker = str(getattr(settings, "CELERY_BROKER_URL", "") or "")
    # filesystem:// is `make run`'s: a queue of files one machine's worker can read.
    local = broker.startswith(("memory://", "filesystem://"))
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False) or local:
        return [
            Error(
                "Celery has no real broker (eager tasks, memory:// or filesystem://): e-mails "
                "are sent inside web requests or queued where only this machine sees them.",
                hint="Set CELERY_BROKER_URL=redis://host:6379/0 and run a worker and beat.",
                id="mieux.E002",
            )
        ]
    return []


def _cache() -> list[CheckMessage]:
    # The page cache's memory of each process is meant to be one (mieux_portal.pagecache:
    # its keys name the version of their data, read from the shared cache or the database).
    local = [
        alias
        for alias, cfg in settings.CACHES.items()
        if cfg["BACKEND"] in PER_PROCESS_CACHES and alias != pagecache.LOCAL_ALIAS
    ]
    if local:
        return [
            Error(
                f"The cache is per process ({', '.join(local)}): rate limits, sessions and "
                "cached pages differ between web workers.",
                hint="Set CACHE_URL=redis://host:6379/1.",
                id="mieux.E003",
            )
        ]
    return []


def _email() -> list[CheckMessage]:
    if settings.EMAIL_BACKEND in UNDELIVERED_EMAIL:
        return [
            Error(
                f"The e-mail backend ({settings.EMAIL_BACKEND}) delivers nothing: mail "
                "is written to files or the console.",
                hint="Set EMAIL_URL=smtp://user:password@host:587.",
                id="mieux.E004",
            )
        ]
    return []


def _base_url() -> list[CheckMessage]:
    url = settings.PORTAL_BASE_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        problem = "is missing" if not url else f"({url}) is not an http(s) address"
    elif parts.hostname in LOCAL_HOSTS:
        problem = f"({url}) points at this machine"
    else:
        return []
    return [
        Error(
            f"The portal's base URL {problem}: links in e-mails would lead nowhere.",
            hint="Set PORTAL_BASE_URL=https://portal.example.org.",
            id="mieux.E005",
        )
    ]


def _allowed_hosts() -> list[CheckMessage]:
    hosts = [host for host in settings.ALLOWED_HOSTS if host]
    if not hosts or "*" in hosts:
        return [
            Error(
                "ALLOWED_HOSTS is missing (or '*'): the portal must name the hosts it serves.",
                hint="Set ALLOWED_HOSTS=portal.example.org.",
                id="mieux.E006",
            )
        ]
    return []


@register("production")
def production_setup(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Every unsafe part of a production set-up, each as its own error."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    return [
        *_database(),
        *_broker(),
        *_cache(),
        *_email(),
        *_base_url(),
        *_allowed_hosts(),
    ]


@register("files")
def file_storage(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """FILE_STORAGE names a known backend, and the object store one is complete."""
    choice = getattr(settings, "FILE_STORAGE", "local")
    if choice not in {"local", "s3"}:
        return [
            Error(
                f"FILE_STORAGE={choice!r} is not a file storage of the portal.",
                hint="Set FILE_STORAGE=local (the disk) or FILE_STORAGE=s3 (an object store).",
                id="mieux.E008",
            )
        ]
    if choice != "s3":
        return []
    problems: list[CheckMessage] = []
    if importlib.util.find_spec("boto3") is None:
        problems.append(
            Error(
                "FILE_STORAGE=s3 needs boto3, which is not installed.",
                hint="pip install boto3 (the object store is optional: not in requirements.lock).",
                id="mieux.E009",
            )
        )
    options = settings.STORAGES["private"].get("OPTIONS")
    if not (isinstance(options, dict) and options.get("bucket_name")):
        problems.append(
            Error(
                "FILE_STORAGE=s3 names no bucket.",
                hint="Set S3_BUCKET (and S3_ENDPOINT_URL for a store other than AWS).",
                id="mieux.E010",
            )
        )
    return problems
