"""Shared fixtures: the five people every view is tested for, and the real parts.

Under CI=true a missing PostgreSQL or browser fails the run instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests import factories
from tests.fuzz.tally import TALLY, TALLY_KEY
from tests.workers import (  # noqa: F401 - the real worker and SMTP server, for every directory
    XDIST_WORKER,
    celery_worker_process,
    live_worker,
    mailbox,
    smtp_server,
)

# Playwright's sync API runs an event loop in the test thread; Django's live server
# and ORM calls made from that thread are safe here (one test at a time).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IN_CI = os.environ.get("CI") == "true"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_configure(config: pytest.Config) -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if IN_CI and "postgresql" not in engine:
        raise pytest.UsageError("CI runs the tests on PostgreSQL: set DATABASE_URL.")
    if XDIST_WORKER:
        isolate_redis_databases(int(XDIST_WORKER.removeprefix("gw")))


# --- Parallel runs (pytest-xdist, `make test`'s -n) -----------------------------------------
# Each worker has its own test database (pytest-django adds _gw0, _gw1… to its name), its own
# Celery worker, SMTP server, browser and live server (session fixtures, free ports). What
# would be shared is Redis: a worker's broker would hand its tasks to the other's Celery
# worker, and a flush of the cache would empty the other's. Worker n therefore uses the
# databases 2n below those named: with /15 and /14, gw0 keeps them, gw1 takes /13 and /12.


def redis_database_below(url: str, by: int) -> str:
    parts = urlsplit(url)
    database = int(parts.path.lstrip("/") or 0) - by
    if database < 0:
        raise pytest.UsageError(
            f"{url}: too few Redis databases below it for worker {XDIST_WORKER} "
            "(run fewer workers or name higher databases)"
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


def isolate_redis_databases(worker: int) -> None:
    # Celery reads CELERY_BROKER_URL from the environment before its settings.
    broker = settings.CELERY_BROKER_URL
    if broker.startswith(("redis://", "rediss://")):
        settings.CELERY_BROKER_URL = redis_database_below(broker, 2 * worker)
        os.environ["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    cache = os.environ.get("TEST_CACHE_URL", "")
    if cache.startswith(("redis://", "rediss://")):
        os.environ["TEST_CACHE_URL"] = redis_database_below(cache, 2 * worker)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """A worker's fuzzing tally, added to the run's (printed at its end)."""
    TALLY.merge(getattr(node, "workeroutput", {}).get(TALLY_KEY))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    TALLY.summary(terminalreporter)


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path: Path) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Hashing each factory user's password at full strength would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    # A test client request to /ru/… leaves Russian active in this thread (the locale
    # middleware never switches back); each test starts in the default language.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _security_defaults(settings) -> None:
    """Staff log in with force_login here, without an authenticator app: the admin's
    two-factor requirement is off except in tests/security/test_mfa.py, which turns it on.
    The rate limits' counters and the page cache live in the caches: each test starts
    from empty ones (its database rows are gone, a page stored from them must be too)."""
    from django.core.cache import caches

    settings.ADMIN_REQUIRE_MFA = False
    for cache in caches.all(initialized_only=True):
        cache.clear()


def load_reference_data() -> None:
    """Run the data migrations' loaders again (a transactional test flushed the tables)."""
    import importlib

    from django.apps import apps

    for module, function in (
        ("accounts_app.migrations.0002_institution_kinds", "forwards"),
        ("accounts_app.migrations.0006_institution_kinds_fr", "forwards"),
        ("accounts_app.migrations.0007_institution_kinds_es", "forwards"),
        ("requests_app.migrations.0002_reference_data", "forwards"),
        ("requests_app.migrations.0003_staff_groups", "forwards"),
        ("actions_app.migrations.0002_group_permissions", "forwards"),
        ("requests_app.migrations.0006_export_log", "grant_managers"),
        ("requests_app.migrations.0013_eligibility_criteria", "forwards"),
        ("requests_app.migrations.0018_reference_data_fr", "forwards"),
        ("requests_app.migrations.0019_reference_data_es", "forwards"),
        ("accounts_app.migrations.0009_steering_committee", "forwards"),
        ("requests_app.migrations.0021_consultee_permissions", "forwards"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture
def one_rate_window() -> None:
    """The test's posts all fall in one window of an hourly or daily rate limit
    (mieux_portal.ratelimit counts in fixed windows, which end on the hour): a test that
    starts in an hour's last minute waits for the next, instead of seeing its count start
    again half-way."""
    left = 3600 - time.time() % 3600
    if left < 60:
        time.sleep(left + 0.1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # A reused database may have been emptied by the last run's transactional tests.
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference_data(transactional_db) -> None:
    load_reference_data()


@pytest.fixture
def institution_a(db):
    return factories.InstitutionFactory(name="Migration Service of Tajikistan", country="TJ")


@pytest.fixture
def institution_b(db):
    return factories.InstitutionFactory(name="Ministry of Labour of Kyrgyzstan", country="KG")


@pytest.fixture
def partner_a(institution_a):
    return factories.partner(institution=institution_a, email="partner.a@example.org")


@pytest.fixture
def partner_b(institution_b):
    return factories.partner(institution=institution_b, email="partner.b@example.org")


@pytest.fixture
def staff(db):
    return factories.staff_user(email="staff@mieux.local")


@pytest.fixture
def manager(db):
    return factories.staff_user(group="MIEUX+ managers", email="manager@mieux.local")


@pytest.fixture
def superuser(db):
    return factories.UserFactory(is_staff=True, is_superuser=True, email="root@mieux.local")


@pytest.fixture
def all_languages_on(settings):
    """PORTAL_LANGUAGES=en,ru,fr,es, as settings.py turns it into LANGUAGES."""
    from mieux_portal import languages

    settings.LANGUAGES = [(language.code, language.name) for language in languages.SUPPORTED]


@pytest.fixture
def client_for(db):
    """A logged-in test client for a user (None gives an anonymous client)."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def client_a(partner_a, client_for) -> Client:
    """Partner A, logged in."""
    return client_for(partner_a)


@pytest.fixture
def client_b(partner_b, client_for) -> Client:
    """Partner B, logged in."""
    return client_for(partner_b)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no browser download happens here)."""
    if not Path(CHROMIUM).exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# --- The shared cache of a deployment (Redis) ----------------------------------------------

NOTHING_LISTENS = "redis://127.0.0.1:1/0"  # a cache that cannot be reached


def redis_caches(url: str) -> dict:
    """settings.CACHES as CACHE_URL=<url> makes it."""
    backend = {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": url}
    return {
        "default": backend,
        "pages": {**backend, "KEY_PREFIX": "pages"},
        "sessions": {**backend, "KEY_PREFIX": "sessions", "OPTIONS": {"IGNORE_EXCEPTIONS": True}},
        "pages-local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages-local",
        },
    }


@pytest.fixture
def redis_cache(settings):
    """The shared cache of a deployment: Redis (TEST_CACHE_URL), sessions read through it."""
    import redis
    from django.core.cache import caches

    url = os.environ.get("TEST_CACHE_URL")
    if not url:
        if IN_CI:
            pytest.fail("TEST_CACHE_URL must name a Redis database in CI (make test sets it)")
        pytest.skip("TEST_CACHE_URL is not set (make test sets it)")
    settings.CACHES = redis_caches(url)
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.SESSION_CACHE_ALIAS = "sessions"
    redis.Redis.from_url(url).flushdb()
    # Django's memory caches of one LOCATION share their contents across instances.
    caches["pages-local"].clear()
    yield
    redis.Redis.from_url(url).flushdb()  # the test may have moved the cache elsewhere


@pytest.fixture
def vnu() -> list[str]:
    """The Nu Html Checker's command line (tests/htmlcheck.py runs it)."""
    from tests.htmlcheck import VNU_JAR

    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        missing = "java" if java is None else f"{VNU_JAR} (run `npm ci`)"
        if IN_CI:
            pytest.fail(f"The HTML check needs {missing}.")
        pytest.skip(f"{missing} is missing")
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
