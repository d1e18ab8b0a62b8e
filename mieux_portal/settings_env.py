"""What every settings module reads first: the project's folder, the environment (and
`.env`), and the mode (development or production). mieux_portal.settings and its parts
(settings_opendata, settings_ops) import these from here."""

from __future__ import annotations

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Another file (or /dev/null for none) can stand in for `.env`: the deploy tests check the
# defaults whatever a developer's own `.env` holds.
environ.Env.read_env(env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

# "development" (default) or "production"; production hardens everything (mieux_portal.settings).
DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"
