"""MIEUX+ Partner Portal settings.

Every value comes from the environment (django-environ). The defaults make a bare
`make run` work: SQLite, e-mail written to files under var/mail; `manage.py run_portal`
(what `make run` starts) adds a Celery worker and beat on the filesystem broker under var/.
Production (`DJANGO_ENV=production`) refuses to start with a weak secret key or DEBUG on.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from mieux_portal import languages
from mieux_portal.settings_env import BASE_DIR, PRODUCTION, env

# --- Mode -------------------------------------------------------------------
# DJANGO_ENV (mieux_portal.settings_env): "development" (default) or "production";
# production hardens everything below.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105 - refused in production
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
# Production has no default: the hosts are named or the production checks refuse to start.
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if PRODUCTION:
    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "Production needs a real SECRET_KEY (at least 50 random characters)."
        )
    if DEBUG:
        raise ImproperlyConfigured("Production refuses to start with DEBUG on.")

# --- Applications -----------------------------------------------------------
INSTALLED_APPS = [
    # modeltranslation must come before the admin so it can patch it.
    "modeltranslation",
    # django.contrib.admin with the portal's site: staff reach it only with two factors.
    "mieux_portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "simple_history",
    "accounts_app",
    "requests_app",
    "notifications_app",
    "actions_app",
    # The public API (/api/v1/) and its OpenAPI schema and docs, served from the sidecar's
    # own copy of Swagger UI (no CDN).
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Production checks, /healthz and /readyz, metrics, request ids (mieux_portal/ops/).
    "mieux_portal.ops.apps.OpsConfig",
    "django_prometheus",
]

MIDDLEWARE = [
    # First: an oversized body is refused before anything reads (and spools) it.
    "mieux_portal.security.RequestBodyLimit",
    # First and last of the others, as django-prometheus asks: together they time every
    # request (a refused oversized body is not counted).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # The request id is on every log record written while a request is served.
    "mieux_portal.ops.middleware.RequestIdMiddleware",
    # /healthz, /readyz, /metrics: answered before the host check and the HTTPS redirect.
    "mieux_portal.ops.middleware.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # WhiteNoise's, making STATIC_ROOT on first use (never at settings import).
    "mieux_portal.ops.middleware.StaticFilesMiddleware",
    # Pages gzipped on the way out; after WhiteNoise, whose files are compressed already.
    "mieux_portal.ops.middleware.PageCompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff read dates in their browser's time zone (a cookie); everyone else in TIME_ZONE.
    "mieux_portal.timezones.ViewerTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last of the portal's, as django-axes asks: it turns a flagged login attempt into the
    # lockout page (django-prometheus' counter after it only passes the response on).
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "mieux_portal.urls"
WSGI_APPLICATION = "mieux_portal.wsgi.application"
ASGI_APPLICATION = "mieux_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The admin page's chrome drawn once (templates/admin/base.html).
            "libraries": {"admin_chrome": "mieux_portal.admin_chrome"},
        },
    },
    {
        # Plain text (e-mail subjects and bodies): no HTML escaping of "&" or quotes.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# --- Database ---------------------------------------------------------------
# DATABASE_URL=postgres://user@host:5432/name switches to PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # `make run` writes from the web server and the worker at once: readers never block the
    # writer (WAL), and a writer waits for the other instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
    )
# django-prometheus' wrapper of the same backend counts connections, queries and their time.
DATABASES["default"]["ENGINE"] = DATABASES["default"]["ENGINE"].replace(
    "django.db.backends.", "django_prometheus.db.backends.", 1
)
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The export's aggregate subqueries look costly to the planner, which then spends
    # longer compiling them (JIT) than running them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if PRODUCTION else 0)
# A kept connection is checked before reuse: after PostgreSQL restarts, each worker's first
# request reconnects instead of failing (scripts/bench_load.py restarts it under load).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts_app.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out e-mail + IP before any password is checked.
    "mieux_portal.security.LockoutBackend",
    # Django's and allauth's, each loading the user with their institution in one query.
    "accounts_app.backends.PortalModelBackend",
    "accounts_app.backends.PortalAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "requests:my_requests"
# Consultees (members of a consulted body) land on their consultations instead.
CONSULTEE_REDIRECT_URL = "consultations:queue"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "accounts_app.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts_app.forms.SignupExtraForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[MIEUX+] "
# A colleague's invitation link works this many days, once.
INVITATION_DAYS = env.int("INVITATION_DAYS", default=14)
# allauth's own limits (its cache counters): "<count>/<period>/<ip|key|user>", period
# s, m, h or d. Failed logins per address stay above django-axes' lockout below, so the
# lockout page (not allauth's generic error) is what a guessed password meets first.
ACCOUNT_RATE_LIMITS = {
    "signup": "20/m/ip",
    "login": "30/m/ip",
    # Per address only: a count per e-mail would let anyone lock the owner out from
    # elsewhere. Failures per e-mail *and* address lock out through django-axes below.
    "login_failed": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Behind reverse proxies: how many of them append the address they saw to X-Forwarded-For
# (docker-compose.yml: nginx, 1). 0 (default): the connecting address, and any
# X-Forwarded-For a client sends is ignored. Set it to exactly the number of proxies: more
# lets clients choose their address, fewer makes every client share the proxy's. The
# login lockout (django-axes), allauth's limits and the portal's own limits all read the
# client's address through it (mieux_portal.security.client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# Two-factor authentication (allauth.mfa): any user may add an authenticator app; staff
# must have one to reach the admin (mieux_portal.admin_site). Tests of other features
# switch the requirement off (tests/conftest.py); nothing else should.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "MIEUX+ Partner Portal"
ADMIN_REQUIRE_MFA = True

# Login lockout (django-axes): 5 failed passwords for one e-mail from one address lock that
# pair out for 15 minutes, whatever password comes next; other users and addresses go on.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"  # allauth's login form
# allauth authenticates with email=…, not login=…: these read either, and the client's
# address through TRUSTED_PROXY_COUNT (above), as allauth's limits do.
AXES_USERNAME_CALLABLE = "mieux_portal.security.lockout_username"
AXES_CLIENT_IP_CALLABLE = "mieux_portal.security.client_ip"
AXES_LOCKOUT_CALLABLE = "mieux_portal.security.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner on every manage.py command
# Withdrawn and rejected requests are deleted this many years after (purge_requests).
RETENTION_YEARS = env.int("RETENTION_YEARS", default=7)

# --- Internationalisation ---------------------------------------------------
# The supported languages live in mieux_portal/languages.py; PORTAL_LANGUAGES picks the
# active ones. Columns exist for every supported language (MODELTRANSLATION_LANGUAGES), so
# switching one on or off needs no migration.
PORTAL_LANGUAGES = languages.parse_active(
    env.str("PORTAL_LANGUAGES", default=languages.DEFAULT_ACTIVE)
)
LANGUAGE_CODE = languages.DEFAULT
LANGUAGES = [(language.code, language.name) for language in PORTAL_LANGUAGES]
LANGUAGES_BIDI = [language.code for language in languages.SUPPORTED if language.direction == "rtl"]
MODELTRANSLATION_LANGUAGES = tuple(languages.supported_codes())
MODELTRANSLATION_DEFAULT_LANGUAGE = languages.DEFAULT
# A text missing in the page's language is shown in the default, then the other active ones.
MODELTRANSLATION_FALLBACK_LANGUAGES = tuple(language.code for language in PORTAL_LANGUAGES)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Vienna"
USE_I18N = True
USE_TZ = True

# The partner country's own name for itself (django-countries says "Киргизия"), and the
# names django-countries gets wrong in a language we speak ("Trinidad yTobago", "República
# de África Central", "Suazilandia", "Мьянмы"): the English name is the msgid, so our own
# catalogues give each language's name.
COUNTRIES_OVERRIDE = {
    "KG": _("Kyrgyzstan"),
    "CF": _("Central African Republic"),
    "CY": _("Cyprus"),
    "DJ": _("Djibouti"),
    "MM": _("Myanmar"),
    "SZ": _("Eswatini"),
    "TD": _("Chad"),
    "TT": _("Trinidad and Tobago"),
}

# --- Static and private files -------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
# The icons are also served at the site's root, where browsers ask for them unprompted
# (/favicon.ico, /apple-touch-icon.png); scripts/make_icons.py draws them.
WHITENOISE_ROOT = BASE_DIR / "static" / "icons"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "mieux_portal.files.PrivateFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# FILE_STORAGE=s3 keeps both stores in one bucket of an object store (django-storages' S3
# backend; needs boto3 installed): web nodes and workers on different machines then share
# every file without a shared disk. Credentials come from boto3's own chain
# (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, a profile, or the machine's role).
FILE_STORAGE = env.str("FILE_STORAGE", default="local")
if FILE_STORAGE == "s3":
    _bucket = {
        "bucket_name": env.str("S3_BUCKET", default=""),
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("S3_REGION", default="") or None,
        "default_acl": None,  # the bucket's own policy: private
        "querystring_auth": True,  # a URL, if ever made, is signed and expires
        "file_overwrite": False,  # a name in use gets a new one, as on the local disk
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_bucket, "location": "media"},
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_bucket, "location": "private"},
    }
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Request letters are personal and official: kept outside MEDIA_ROOT, never served
# by the web server, only through a view that checks who is asking.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
# `manage.py backup` / `restore` on PostgreSQL use pg_dump / pg_restore of at least the
# server's major version: the server's own (/usr/lib/postgresql/<major>/bin), else PATH's;
# PG_BIN_DIR names another folder (a client installed elsewhere).
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENT_MAX_COUNT = env.int("ATTACHMENT_MAX_COUNT", default=10)
# A form's fields without its files: the largest form (the staff desk with a request's
# ten-thousand-character texts in four languages, percent-encoded) stays under 3 MB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Any request body: one attachment and the form around it. A larger Content-Length is
# refused before a byte of the body is read (mieux_portal.security.RequestBodyLimit, 413);
# deploy/nginx.conf's client_max_body_size says the same in front of gunicorn, which has
# no body limit of its own. Change both together.
REQUEST_BODY_MAX_BYTES = ATTACHMENT_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE

# --- E-mail -----------------------------------------------------------------
# EMAIL_URL=smtp://user:pass@host:587 (or consolemail://, filemail://…).
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="MIEUX+ Portal <noreply@mieux.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / "var" / "mail")
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "mieux_portal.mail.FileAndLogBackend"
# Who is alerted of new submissions; empty: every member of the staff groups.
TRIAGE_EMAILS = env.list("TRIAGE_EMAILS", default=[])
# Production has no default: the production checks refuse a missing or local address.
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="" if PRODUCTION else "http://127.0.0.1:8000")

# --- Celery -----------------------------------------------------------------
# Without a broker the tasks run in-process (eager). `manage.py run_portal` (`make run`)
# sets CELERY_BROKER_URL=filesystem:// for itself, its worker and its beat: kombu's
# filesystem transport keeps the queue as files in CELERY_FOLDER, no server needed.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"  # eager: nothing is ever published
# The filesystem broker's queue and beat's schedule file.
CELERY_FOLDER = Path(env.str("CELERY_FOLDER", default=str(BASE_DIR / "var" / "celery")))
CELERY_TASK_EAGER_PROPAGATES = True
# Tasks are acknowledged when a worker process takes them, not when they end. What a lost
# task would leave undone has a home of its own: the outbox's re-queue task sends again every
# row still pending (notifications_app), a dossier job no worker finished is marked failed.
# Late acknowledgement killed the worker when the broker went away under a running task
# (Celery 5.7.0 restores the unacknowledged message on a connection it has just closed:
# AttributeError in kombu's Redis transport; tests/ops/test_broker_outage.py).
CELERY_TASK_ACKS_LATE = False
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
# With the broker down a submission must not hang: fail fast, the outbox row waits.
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=3.0)
# kombu retries a lost connection before each publish, by default for as long as the
# timeout allows (6 s a submission, holding a web worker, with Redis down): one immediate
# retry only (a broker that restarted), then the outbox row waits for the re-queue task.
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
}
if CELERY_BROKER_URL.startswith("filesystem:"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # One folder both ways: what one process writes, the others read.
        "data_folder_in": str(CELERY_FOLDER / "queue"),
        "data_folder_out": str(CELERY_FOLDER / "queue"),
        "control_folder": str(CELERY_FOLDER / "control"),
        "processed_folder": str(CELERY_FOLDER / "processed"),
    }
    # Nothing to ask a worker over files: it would only poll one more queue.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
# One beat runs the schedule: a second one waits on a lock in the shared cache and takes
# over within BEAT_LOCK_SECONDS of the first stopping (mieux_portal/beatlock.py).
CELERY_BEAT_SCHEDULER = "mieux_portal.beatlock:LockedScheduler"
BEAT_LOCK_SECONDS = env.int("BEAT_LOCK_SECONDS", default=60)
CELERY_BEAT_SCHEDULE = {
    "requeue-pending-notifications": {
        "task": "notifications_app.tasks.requeue_pending",
        "schedule": 60.0,
    },
    # Mornings in Vienna (CELERY_TIMEZONE), before the team starts.
    "staff-digest": {
        "task": "requests_app.tasks.staff_digest",
        "schedule": crontab(hour=7, minute=0),
    },
    "partner-reminders": {
        "task": "requests_app.tasks.partner_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Consulted bodies that have not given their opinion, before the deadline.
    "consultation-reminders": {
        "task": "requests_app.tasks.consultation_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    # At night: warns of drafts about to be purged and purges those warned long enough ago.
    "draft-purge": {
        "task": "requests_app.tasks.draft_purge",
        "schedule": crontab(hour=3, minute=30),
    },
    # Deletes the decision dossiers past DOSSIER_KEEP_HOURS (requests_app.dossier_jobs).
    "dossier-cleanup": {
        "task": "requests_app.tasks.dossier_cleanup",
        "schedule": crontab(minute=15),
    },
    # /readyz reads the time a worker last ran this (mieux_portal.ops.readiness).
    "worker-heartbeat": {
        "task": "mieux_portal.ops.tasks.heartbeat",
        "schedule": 60.0,
    },
}
# The staff digest lists requests waiting in a stage longer than this many days.
STAGE_ALERT_DAYS = env.dict(
    "STAGE_ALERT_DAYS",
    cast={"value": int},
    default={"submitted": 5, "screening": 20, "consultation": 30},
)
# Partner reminders (at most one a week per request): unanswered clarification, idle draft.
REMINDER_CLARIFICATION_DAYS = env.int("REMINDER_CLARIFICATION_DAYS", default=14)
REMINDER_DRAFT_DAYS = env.int("REMINDER_DRAFT_DAYS", default=30)
# Consultation of outside bodies: the deadline proposed (working days from sending), and
# the reminders to a body without an opinion, each sent once, this many working days
# before the deadline.
CONSULTATION_DAYS = env.int("CONSULTATION_DAYS", default=10)
CONSULTATION_REMINDER_DAYS = tuple(env.list("CONSULTATION_REMINDER_DAYS", cast=int, default=[3, 1]))
# Drafts (requests_app.drafts): at most this many open drafts per institution; a draft
# nobody changed for DRAFT_PURGE_DAYS is deleted, its author warned DRAFT_PURGE_WARNING_DAYS
# before (and never deleted sooner than that after the warning). DRAFT_PURGE_DAYS=0: never.
DRAFT_MAX_PER_INSTITUTION = env.int("DRAFT_MAX_PER_INSTITUTION", default=20)
DRAFT_PURGE_DAYS = env.int("DRAFT_PURGE_DAYS", default=180)
DRAFT_PURGE_WARNING_DAYS = env.int("DRAFT_PURGE_WARNING_DAYS", default=14)
# Input of a step that did not validate is kept on the draft cut to its field's length;
# fields without one (the narrative texts, dates, lists of choices) to this many characters.
DRAFT_KEPT_MAX_LENGTH = env.int("DRAFT_KEPT_MAX_LENGTH", default=20_000)
# A decision dossier built in the background (requests_app.dossier_jobs) can be downloaded
# for this many hours; the hourly cleanup then deletes its file.
DOSSIER_KEEP_HOURS = env.int("DOSSIER_KEEP_HOURS", default=24)
NOTIFICATION_MAX_ATTEMPTS = env.int("NOTIFICATION_MAX_ATTEMPTS", default=5)
NOTIFICATION_RETRY_BASE_SECONDS = env.int("NOTIFICATION_RETRY_BASE_SECONDS", default=30)

# --- Forms ------------------------------------------------------------------
# modeltranslation's tabbed admin loads jQuery UI from a CDN unless told otherwise: the
# vendored copy (a static path), since partners' networks may be filtered.
JQUERY_UI_URL = "vendor/jquery-ui-1.14.2.min.js"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# No script of the portal, the admin or allauth reads the CSRF cookie (forms carry the token).
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp): only the portal's own files run or style a page —
# no inline <script>, <style> or style="" anywhere (templates/emails/ are mail, not pages).
# img data: is allauth's QR code of the authenticator app.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Cache and rate limits ----------------------------------------------------
# The rate limits (allauth's and the portal's) count in this cache. One process: memory;
# several (gunicorn workers, hosts): CACHE_URL=redis://host:6379/1 so they count together.
# A Redis CACHE_URL selects django-redis: every alias below on that server shares one
# connection pool and one client per process.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
SHARED_CACHE = bool(env("CACHE_URL", default=""))
if CACHES["default"]["BACKEND"].endswith(".RedisCache"):
    # django-prometheus' subclass of django-redis' backend: it also counts gets, hits and
    # misses for /metrics. (Its memory backend is not used: it returns a cached 0 as a miss.)
    CACHES["default"]["BACKEND"] = "django_prometheus.cache.backends.redis.RedisCache"
# The page cache's own space (mieux_portal.pagecache): the same server under its own key
# prefix, or its own memory, where whole pages cannot push the rate limits' counters out
# of a full in-memory cache.
CACHES["pages"] = (
    {**CACHES["default"], "KEY_PREFIX": "pages"}
    if SHARED_CACHE
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
)
# Where pages are shared, each process keeps those it served last in its own memory too
# (their keys name the version of their data: such a copy is as fresh as the shared one);
# ~500 pages of ~30 KB at most. The small facts kept under a version (sharedcache's
# remember_current: permissions, the desk's names and counts) are kept there as well.
if SHARED_CACHE:
    CACHES["pages-local"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages-local",
        "OPTIONS": {"MAX_ENTRIES": 500},
    }
# Sessions live in the database; with a shared cache Django's cached_db engine reads them
# through it, which spares every logged-in page a query. Their cache fails softly
# (django-redis' IGNORE_EXCEPTIONS, logged): with Redis down a session is read from the
# database and every page keeps working. A memory cache of each process would keep a
# session alive in one worker after logging out in another: without CACHE_URL, the
# database alone.
if SHARED_CACHE:
    CACHES["sessions"] = {
        **CACHES["default"],
        "KEY_PREFIX": "sessions",
        "OPTIONS": {**CACHES["default"].get("OPTIONS", {}), "IGNORE_EXCEPTIONS": True},
    }
SESSION_CACHE_ALIAS = "sessions" if SHARED_CACHE else "default"
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if SHARED_CACHE
    else "django.contrib.sessions.backends.db"
)
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Public pages for visitors, and a partner's "My requests", are kept whole in the cache for
# at most this long (mieux_portal.pagecache: a change shows at once; 0 turns it off).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# The portal's own limits per user (mieux_portal.ratelimit): "<count>/<s|m|h|d>".
# RATE_LIMITS=submit=10/h;message=30/h overrides some or all of them.
PORTAL_RATE_LIMITS = {
    "submit": "10/h",  # partner: submitting and resubmitting requests
    "message": "30/h",  # partner: messages to the team
    "staff_message": "120/h",  # staff: messages to partners and internal notes
    "new_draft": "10/h",  # partner: starting draft requests
    "invite": "25/h",  # partner: invitations sent to colleagues
    "invite_address": "3/d",  # invitations to one address, from anyone
    **env.dict("RATE_LIMITS", default={}),
}

# --- Open data, operations and logging: modules of their own --------------------------------
from mieux_portal.settings_opendata import *  # noqa: E402, F403
from mieux_portal.settings_ops import *  # noqa: E402, F403
