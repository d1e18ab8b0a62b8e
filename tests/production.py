"""A complete production environment for the tests that start the portal in a subprocess.

Nothing is reached through it (`manage.py check` only reads the settings): every address is
well formed, none is this machine, and the password is not a default one.
"""

from __future__ import annotations

import secrets


def production_env(**extra: str) -> dict[str, str]:
    return {
        "DJANGO_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(45),  # 60 characters
        "ALLOWED_HOSTS": "portal.example.org",
        "PORTAL_BASE_URL": "https://portal.example.org",
        "DATABASE_URL": "postgres://mieux:" + secrets.token_hex(16) + "@db.example.org/mieux",
        "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
        "CACHE_URL": "redis://redis.example.org:6379/1",
        "EMAIL_URL": "smtp://smtp.example.org:587",
        **extra,
    }
