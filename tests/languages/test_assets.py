"""The portal's own styles mirror on a right-to-left page, and every catalogue is checked."""

from __future__ import annotations

import os
import re
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


def check_messages(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "scripts/check_messages.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_it_lists_the_catalogues_of_supported_languages_that_exist():
    assert check_messages("--locales").stdout.split() == ["ru", "es"]


def test_it_requires_under_ci_a_catalogue_for_every_language_switched_on():
    result = check_messages(CI="true", PORTAL_LANGUAGES="en,ru,fr")
    assert result.returncode == 1
    assert "switches on fr but locale/fr has no catalogue" in result.stderr
