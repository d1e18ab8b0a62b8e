"""The portal's own styles mirror on a right-to-left page, and every catalogue is checked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
# A physical side in a property name or value: margin-left, left: 0, text-align: right…
PHYSICAL = re.compile(r"(?<![\w-])(left|right)(?![\w-])|-(left|right)\b")


def physical_sides(css: str) -> list[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [match.group(0) for match in PHYSICAL.finditer(css)]


def test_it_styles_the_portal_with_logical_properties_only():
    for sheet in (ROOT / "static" / "css").glob("*.css"):
        assert physical_sides(sheet.read_text()) == [], sheet.name


def test_it_recognises_a_physical_side():
    assert physical_sides(".a { margin-left: 1rem; text-align: right; left: 0 }") == [
        "-left",
        "right",
        "left",
    ]
    assert physical_sides(".a { margin-inline-start: 1rem; text-align: end }") == []


def check_messages(*args: str, root: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "check_messages.py"), *args],
        cwd=root,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def russian_only_checkout(tmp_path: Path) -> Path:
    """The check and the language home beside a locale/ with only the Russian catalogue."""
    for part in ("scripts/check_messages.py", "mieux_portal/languages.py"):
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / part, tmp_path / part)
    (tmp_path / "mieux_portal" / "__init__.py").touch()
    shutil.copytree(ROOT / "locale" / "ru", tmp_path / "locale" / "ru")
    return tmp_path


def test_it_lists_the_catalogues_of_supported_languages_that_exist(tmp_path):
    assert check_messages("--locales").stdout.split() == ["ru", "fr", "es"]
    assert check_messages("--locales", root=russian_only_checkout(tmp_path)).stdout.split() == [
        "ru"
    ]


def test_it_requires_under_ci_a_catalogue_for_every_language_switched_on(tmp_path):
    root = russian_only_checkout(tmp_path)
    result = check_messages(root=root, CI="true", PORTAL_LANGUAGES="en,ru,fr")
    assert result.returncode == 1
    assert "switches on fr but locale/fr has no catalogue" in result.stderr
