"""PORTAL_LANGUAGES picks the active languages from the supported set; the columns and the
migrations are the same whatever it says. Settings are read afresh in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from actions_app.models import Action, Resource
from mieux_portal import languages
from requests_app.models import CapacityRequest, Region

ROOT = Path(__file__).resolve().parent.parent.parent


def run(*args: str, portal_languages: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PORTAL_LANGUAGES"}
    env["DJANGO_ENV_FILE"] = os.devnull
    if portal_languages is not None:
        env["PORTAL_LANGUAGES"] = portal_languages
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def active_in_subprocess(value: str | None) -> str:
    code = "from django.conf import settings; print(','.join(c for c, _ in settings.LANGUAGES))"
    return run("manage.py", "shell", "-c", code, portal_languages=value).stdout.split()[-1]


def test_it_offers_english_and_russian_when_portal_languages_is_unset():
    assert active_in_subprocess(None) == "en,ru"


def test_it_offers_the_languages_portal_languages_names_in_its_order():
    assert active_in_subprocess("en, fr,es,ru") == "en,fr,es,ru"


def test_it_refuses_to_start_with_a_language_it_does_not_support():
    result = run("manage.py", "check", portal_languages="en,ru,de")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "PORTAL_LANGUAGES names de, not a supported language" in result.stderr


def test_it_refuses_a_list_without_the_default_language():
    with pytest.raises(ImproperlyConfigured, match="must include 'en'"):
        languages.parse_active("ru,fr")
    assert [language.code for language in languages.parse_active("en,fr")] == ["en", "fr"]


@pytest.mark.parametrize("value", [None, "en,ru,fr,es", "en"])
def test_it_needs_no_migration_whichever_languages_are_on(value):
    result = run("manage.py", "makemigrations", "--check", "--dry-run", portal_languages=value)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_it_has_a_column_for_every_supported_language_with_only_two_on(settings):
    assert [code for code, _name in settings.LANGUAGES] == ["en", "ru"]
    for code in ("en", "ru", "fr", "es"):
        assert Region._meta.get_field(f"name_{code}")
        assert Action._meta.get_field(f"summary_{code}")
        assert CapacityRequest._meta.get_field(f"context_{code}")
        assert Resource._meta.get_field(f"file_{code}")


def test_it_takes_the_direction_of_each_language_from_the_one_home(settings):
    rtl = languages.Language("ar", "Arabic", "العربية", "rtl", 6, "simple", "ar_AR")
    assert languages.parse_active("en,ar", supported=[*languages.SUPPORTED, rtl])[1] is rtl
    assert [languages.direction(code) for code in ("en", "ru", "fr", "es")] == ["ltr"] * 4
    assert languages.direction("xx") == "ltr"
    assert [
        language.code for language in languages.SUPPORTED if language.direction == "rtl"
    ] == settings.LANGUAGES_BIDI
