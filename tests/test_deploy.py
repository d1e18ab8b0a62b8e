"""How the portal is deployed: the README, docker-compose.yml and the settings' defaults."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from requests_app.workflow import mermaid
from tests.production import production_env

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# settings.py and its parts (settings_env.py, settings_opendata.py, settings_ops.py).
SETTINGS = "\n".join(
    path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "mieux_portal").glob("settings*.py"))
)
IN_CI = os.environ.get("CI") == "true"


def settings_variables() -> set[str]:
    """Every environment variable the settings modules read (env.str("X"…), "X" in env, …)."""
    names = set(re.findall(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""", SETTINGS))
    names |= set(re.findall(r"""["']([A-Z][A-Z0-9_]*)["']\s+in\s+env\b""", SETTINGS))
    return names


def bare_env(**extra: str) -> dict[str, str]:
    """Only PATH and HOME from this process, and no `.env` file: nothing else (a developer's
    own `.env` included) may leak into the settings."""
    env = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    return {**env, "DJANGO_ENV_FILE": os.devnull, **extra}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=bare_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- README -------------------------------------------------------------------------------


def test_it_draws_the_readme_lifecycle_from_the_workflow_table():
    blocks = re.findall(r"```mermaid\n(.*?)\n```", README, flags=re.DOTALL)
    assert blocks == [mermaid()]


def test_it_documents_every_environment_variable_of_the_settings():
    names = settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "LOG_LEVEL"} <= names
    undocumented = {name for name in names if f"| `{name}` |" not in README}
    assert undocumented == set()


def test_it_lists_every_environment_variable_in_the_env_example():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    missing = {name for name in settings_variables() if f"{name}=" not in example}
    assert missing == set()


# --- docker-compose -----------------------------------------------------------------------


@pytest.fixture
def docker_compose() -> str:
    path = shutil.which("docker-compose")
    if path is None:
        if IN_CI:
            pytest.fail("docker-compose is missing: install Debian's docker-compose package")
        pytest.skip("docker-compose is not installed")
    return path


def compose_config(docker_compose: str, tmp_path: Path, **values: str):
    # Only the values given, from an env file: a developer's own .env must not decide.
    env_file = tmp_path / "compose.env"
    env_file.write_text("".join(f"{name}={value}\n" for name, value in values.items()))
    return subprocess.run(
        [docker_compose, "--env-file", str(env_file), "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT,
        env=bare_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


COMPOSE_VALUES = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "POSTGRES_PASSWORD": secrets.token_hex(16),
    "PORTAL_BASE_URL": "https://portal.example.org",
}


def test_it_has_a_valid_compose_file(docker_compose, tmp_path):
    result = compose_config(docker_compose, tmp_path, **COMPOSE_VALUES)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["SECRET_KEY", "POSTGRES_PASSWORD", "PORTAL_BASE_URL"])
def test_it_will_not_compose_without_a_required_value(docker_compose, tmp_path, name):
    values = {key: value for key, value in COMPOSE_VALUES.items() if key != name}
    result = compose_config(docker_compose, tmp_path, **values)
    assert result.returncode != 0
    assert f"set {name}" in result.stderr


def test_it_never_falls_back_to_a_default_database_password():
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "POSTGRES_PASSWORD:-" not in compose
    assert compose.count("${POSTGRES_PASSWORD:?") == 2


# --- Settings -----------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "short-key", "dev-only-insecure-key-change-me"])
def test_it_refuses_production_without_a_real_secret_key(key):
    env = {"DJANGO_ENV": "production", "DEBUG": "false"}
    if key is not None:
        env["SECRET_KEY"] = key
    result = manage("check", **env)
    assert result.returncode != 0
    assert "Production needs a real SECRET_KEY" in result.stderr


def test_it_refuses_production_with_debug_on():
    result = manage("check", DJANGO_ENV="production", SECRET_KEY="k" * 60, DEBUG="true")
    assert result.returncode != 0
    assert "Production refuses to start with DEBUG on" in result.stderr


def test_it_starts_in_production_with_a_real_key_and_passes_the_deploy_checks():
    env = production_env()
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert len(env["SECRET_KEY"]) == 60
    assert result.returncode == 0, result.stderr


def test_it_runs_on_sqlite_with_eager_celery_when_nothing_is_configured():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
        "'name': str(s.DATABASES['default']['NAME']), 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
        "'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG, 'email': s.EMAIL_BACKEND}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=bare_env(DJANGO_SETTINGS_MODULE="mieux_portal.settings"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    # django-prometheus' wrapper of SQLite (it counts queries for /metrics).
    assert values["engine"] == "django_prometheus.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "db.sqlite3")
    assert values["eager"] is True and values["broker"] == "memory://"
    assert values["debug"] is True
    assert values["email"] == "mieux_portal.mail.FileAndLogBackend"
