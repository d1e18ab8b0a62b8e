"""Settings of running the portal: production's checks, probes and metrics, error reporting
and logging (a part of mieux_portal.settings, which imports it whole)."""

from __future__ import annotations

from pythonjsonlogger.core import RESERVED_ATTRS as RESERVED_LOG_ATTRS

from mieux_portal.settings_env import DJANGO_ENV, env

# --- Operations ---------------------------------------------------------------
# Production's checks (mieux_portal/ops/checks.py) each have an id; silence one knowingly,
# e.g. SILENCED_SYSTEM_CHECKS=mieux.E005 for a trial on localhost, never in real production.
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])
# /readyz details and /metrics answer only a bearer of this token, or callers from these
# networks (the connecting address); neither by default, so nothing private is public.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=[])
# /readyz fails when the oldest pending e-mail is older than this, or the workers' last
# heartbeat (a beat task every minute) is; and waits this long for the broker.
READINESS_OUTBOX_MAX_AGE = env.int("READINESS_OUTBOX_MAX_AGE", default=900)
WORKER_HEARTBEAT_MAX_AGE = env.int("WORKER_HEARTBEAT_MAX_AGE", default=300)
READINESS_BROKER_TIMEOUT = env.float("READINESS_BROKER_TIMEOUT", default=2.0)
# Errors reported to Sentry (sentry-sdk) when set; without private data (mieux_portal.ops.errors).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default=DJANGO_ENV)

# --- Logging ----------------------------------------------------------------
# LOG_FORMAT=json: one JSON object a line (python-json-logger), for a log collector; "text"
# otherwise. Either way each record carries the request id (X-Request-ID, made if absent).
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "mieux_portal.ops.middleware.RequestIdFilter"},
        "quiet_probes": {"()": "mieux_portal.ops.middleware.QuietProbesFilter"},
    },
    "formatters": {
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            # Django's request object (its repr, with the query string) stays out of the log.
            "reserved_attrs": ["request", *RESERVED_LOG_ATTRS],
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own "django" handlers (its console in DEBUG, mail to ADMINS) are replaced:
        # its records reach the root's console once (every 404 was written twice).
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["quiet_probes"]},
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint narrates every step of every PDF at INFO: only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
