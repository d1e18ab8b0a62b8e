#!/usr/bin/env python
"""Check every catalogue: each supported language (mieux_portal/languages.py) but English
that has a folder under locale/. Every string of the code is in it, translated, not fuzzy,
with the language's number of plural forms, and the compiled .mo matches the .po.

With gettext on the machine it also re-extracts the strings (makemessages) to catch a new
string nobody added, and runs `msgfmt --check`. Under CI=true gettext is required, and so is
a catalogue for every language PORTAL_LANGUAGES switches on.

`--locales` prints the codes of the catalogues (the Makefile's `make messages` uses it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mieux_portal import languages  # noqa: E402 - needs ROOT on the path


def po_path(code: str) -> Path:
    return ROOT / "locale" / code / "LC_MESSAGES" / "django.po"


def locales() -> list[languages.Language]:
    """The supported languages with a catalogue folder (English is the code's own)."""
    return [
        language
        for language in languages.SUPPORTED
        if language.code != languages.DEFAULT and (ROOT / "locale" / language.code).is_dir()
    ]


def fail(message: str) -> None:
    print(f"check_messages: {message}", file=sys.stderr)
    sys.exit(1)


def extracted_ids(code: str) -> set[tuple[str, str]]:
    """The msgids makemessages finds in the code now (the catalogue is restored after)."""
    po_file = po_path(code)
    backup = Path(tempfile.mkdtemp()) / "django.po"
    shutil.copy2(po_file, backup)
    try:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                code,
                "--no-obsolete",
                "-i",
                ".venv/*",
                "-i",
                "var/*",
                "-i",
                "tests/*",
                "-i",
                "scripts/*",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        fresh = polib.pofile(str(po_file))
        return {(e.msgctxt or "", e.msgid) for e in fresh if not e.obsolete}
    finally:
        shutil.copy2(backup, po_file)


def check_catalogue(language: languages.Language, code_ids: set[tuple[str, str]] | None) -> int:
    """Fail on the first defect of one catalogue; the number of its strings otherwise."""
    po_file = po_path(language.code)
    mo_file = po_file.with_suffix(".mo")
    if not po_file.exists():
        fail(f"{po_file} is missing: run `make messages`")
    po = polib.pofile(str(po_file))
    bad = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    if bad:
        fail(f"{language.code}: {len(bad)} untranslated or fuzzy, e.g. {bad[:5]}")
    for entry in po:
        filled = [v for v in entry.msgstr_plural.values() if v]
        if entry.msgid_plural and len(filled) < language.plural_forms:
            fail(f"{language.code} needs {language.plural_forms} plural forms: {entry.msgid!r}")
    if not mo_file.exists():
        fail(f"{mo_file} is missing: run `make messages`")
    mo = {
        (e.msgctxt or "", e.msgid): (e.msgstr, dict(e.msgstr_plural))
        for e in polib.mofile(str(mo_file))
    }
    for entry in po:
        if entry.obsolete:
            continue
        got = mo.get((entry.msgctxt or "", entry.msgid))
        want = (entry.msgstr, {int(k): v for k, v in entry.msgstr_plural.items()})
        if got is None or (got[0], {int(k): v for k, v in got[1].items()}) != want:
            fail(f"{mo_file} is out of date ({entry.msgid!r}): run `make messages`")
    if code_ids is not None:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", os.devnull, str(po_file)], capture_output=True, text=True
        )
        if result.returncode:
            fail(f"msgfmt --check {language.code}: {result.stderr}")
        missing = code_ids - {(e.msgctxt or "", e.msgid) for e in po if not e.obsolete}
        if missing:
            fail(
                f"{language.code}: {len(missing)} strings of the code are not in the catalogue, "
                f"e.g. {sorted(missing)[:5]}: run `make messages` and translate them"
            )
    return len([e for e in po if not e.obsolete])


def main() -> None:
    if "--locales" in sys.argv[1:]:
        print(" ".join(language.code for language in locales()))
        return
    ci = os.environ.get("CI") == "true"
    found = locales()
    if ci:
        # Every language switched on must have its catalogue (English is the code's own).
        active = languages.parse_active(
            os.environ.get("PORTAL_LANGUAGES") or languages.DEFAULT_ACTIVE
        )
        for language in active:
            if language.code != languages.DEFAULT and language not in found:
                fail(
                    f"PORTAL_LANGUAGES switches on {language.code} but locale/{language.code} "
                    f"has no catalogue: `mkdir locale/{language.code}` and `make messages`"
                )
    if not found:
        fail("no catalogue under locale/")
    have_gettext = shutil.which("msgfmt") is not None
    if not have_gettext:
        if ci:
            fail("gettext (msgfmt) is required in CI")
        print("check_messages: gettext not installed, skipped extraction and msgfmt --check")
    code_ids = extracted_ids(found[0].code) if have_gettext else None
    for language in found:
        count = check_catalogue(language, code_ids)
        print(f"check_messages: {language.code}: {count} strings, all translated")


if __name__ == "__main__":
    main()
