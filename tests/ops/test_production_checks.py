"""Production refuses a toy set-up: `manage.py check` lists every unsafe part at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.production import production_env

ROOT = Path(__file__).resolve().parents[2]


def check(**env: str) -> subprocess.CompletedProcess[str]:
    """`manage.py check` with only these variables (no `.env`, nothing from this process)."""
    clean = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**clean, "DJANGO_ENV_FILE": os.devnull, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def error_ids(result: subprocess.CompletedProcess[str]) -> set[str]:
    return set(re.findall(r"\(mieux\.(E\d{3})\)", result.stderr))


def test_it_refuses_production_with_only_a_key_and_hosts_naming_every_toy_part():
    minimal = {"DJANGO_ENV": "production", "DEBUG": "false", "ALLOWED_HOSTS": "portal.example.org"}
    result = check(SECRET_KEY=production_env()["SECRET_KEY"], **minimal)

    assert result.returncode != 0
    assert error_ids(result) == {"E001", "E002", "E003", "E004", "E005"}
    for part in ("database is SQLite", "Celery", "cache is per process", "e-mail", "base URL"):
        assert part in result.stderr


def test_it_passes_with_a_complete_production_set_up():
    result = check(**production_env())

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"ALLOWED_HOSTS": ""}, "E006"),
        ({"ALLOWED_HOSTS": "*"}, "E006"),
        ({"DATABASE_URL": "postgres://mieux:mieux@db.example.org/mieux"}, "E007"),
        ({"PORTAL_BASE_URL": "http://localhost:8000"}, "E005"),
        ({"PORTAL_BASE_URL": "https://127.0.0.1"}, "E005"),
        ({"CELERY_TASK_ALWAYS_EAGER": "true"}, "E002"),
        ({"CELERY_BROKER_URL": "memory://"}, "E002"),
        ({"CELERY_BROKER_URL": "filesystem://"}, "E002"),
        ({"CACHE_URL": "dummycache://"}, "E003"),
        ({"EMAIL_URL": "consolemail://"}, "E004"),
        ({"EMAIL_URL": "filemail:///tmp/mail"}, "E004"),
    ],
)
def test_it_refuses_each_unsafe_part_alone(change, error):
    result = check(**production_env(**change))

    assert result.returncode != 0
    assert error_ids(result) == {error}


def test_it_lets_an_operator_silence_one_check_knowingly():
    env = production_env(PORTAL_BASE_URL="http://localhost:8000")
    result = check(**env, SILENCED_SYSTEM_CHECKS="mieux.E005")

    assert result.returncode == 0, result.stderr
    assert check(**env).returncode != 0


def test_it_checks_nothing_of_this_in_development():
    result = check()

    assert result.returncode == 0, result.stderr
    assert error_ids(result) == set()


def test_it_creates_no_folder_when_the_settings_are_imported(tmp_path):
    static_root = tmp_path / "static"
    code = "import mieux_portal.settings"
    clean = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    env = {**clean, "DJANGO_ENV_FILE": os.devnull, "STATIC_ROOT": str(static_root)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert not static_root.exists()
