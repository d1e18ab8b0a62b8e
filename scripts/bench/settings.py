"""Settings of the load benchmark (scripts/bench_load.py): the portal's, with only this changed.

`DJANGO_SETTINGS_MODULE=bench.settings`, with scripts/ on the Python path (the benchmark
sets both for itself, gunicorn and the worker): nothing of the benchmark ships inside the
portal's own packages.

* DEBUG off (the cached template loader, no query log), whatever the environment says.
* A bench URLconf (bench/urls.py): the portal's URLs plus /bench/baseline/ (one query, one
  small template from bench/templates/).
* Persistent database connections as in production (CONN_MAX_AGE 60; the health checks that
  let the workers find their way back after PostgreSQL restarts are the portal's own).
* The seeded users' passwords are hashed with a fast hasher (logging 60 users in at full
  PBKDF2 strength would only measure the hasher); other hashes still verify.
* The rate limits are raised: 50 partners submit 1,000 requests in a few minutes from one
  address, which the real limits rightly refuse.
* Only the triage address named by TRIAGE_EMAILS (set by the bench) is told of each new
  request, so the number of outbox rows per submission is known.
* Static and private files under var/bench/.

Staff still need their authenticator app for the admin (ADMIN_REQUIRE_MFA stays on): the
bench activates TOTP for its staff users and logs them in with a code.
"""

from pathlib import Path

from django.conf import global_settings

from mieux_portal.settings import *  # noqa: F403
from mieux_portal.settings import (
    ACCOUNT_RATE_LIMITS,
    BASE_DIR,
    DATABASES,
    PORTAL_RATE_LIMITS,
    TEMPLATES,
)

DEBUG = False
ROOT_URLCONF = "bench.urls"
TEMPLATES = [
    {
        **TEMPLATES[0],
        "DIRS": [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"],
    },
    *TEMPLATES[1:],
]

DATABASES["default"]["CONN_MAX_AGE"] = 60  # production's (health checks: settings.py)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    *global_settings.PASSWORD_HASHERS,
]

PORTAL_RATE_LIMITS = dict.fromkeys(PORTAL_RATE_LIMITS, "1000000/h")
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "100000/m/ip"}

BENCH_DIR = BASE_DIR / "var" / "bench"
STATIC_ROOT = BENCH_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
PRIVATE_MEDIA_ROOT = BENCH_DIR / "private"
MEDIA_ROOT = BENCH_DIR / "media"
