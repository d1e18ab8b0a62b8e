#!/usr/bin/env python
"""Check the Russian catalogue: every string of the code is in it, translated, not fuzzy,
plural forms complete, and the compiled .mo matches the .po.

With gettext on the machine it also re-extracts the strings (makemessages) to catch a new
string nobody added, and runs `msgfmt --check`. Under CI=true gettext is required.
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
PO = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def fail(message: str) -> None:
    print(f"check_messages: {message}", file=sys.stderr)
    sys.exit(1)


def extracted_ids() -> set[tuple[str, str]]:
    """The msgids makemessages finds in the code now (the catalogue is restored after)."""
    backup = Path(tempfile.mkdtemp()) / "django.po"
    shutil.copy2(PO, backup)
    try:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                "ru",
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
        fresh = polib.pofile(str(PO))
        return {(e.msgctxt or "", e.msgid) for e in fresh if not e.obsolete}
    finally:
        shutil.copy2(backup, PO)


def main() -> None:
    if not PO.exists():
        fail(f"{PO} is missing")
    po = polib.pofile(str(PO))
    bad = [e.msgid for e in po if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    if bad:
        fail(f"{len(bad)} untranslated or fuzzy, e.g. {bad[:5]}")
    for entry in po:
        if entry.msgid_plural and len([v for v in entry.msgstr_plural.values() if v]) < 3:
            fail(f"Russian needs three plural forms: {entry.msgid!r}")
    if not MO.exists():
        fail(f"{MO} is missing: run `make messages`")
    mo = {
        (e.msgctxt or "", e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(MO))
    }
    for entry in po:
        if entry.obsolete:
            continue
        got = mo.get((entry.msgctxt or "", entry.msgid))
        want = (entry.msgstr, {int(k): v for k, v in entry.msgstr_plural.items()})
        if got is None or (got[0], {int(k): v for k, v in got[1].items()}) != want:
            fail(f"{MO.name} is out of date ({entry.msgid!r}): run `make messages`")
    have_gettext = shutil.which("msgfmt") is not None
    if not have_gettext:
        if os.environ.get("CI") == "true":
            fail("gettext (msgfmt) is required in CI")
        print("check_messages: gettext not installed, skipped extraction and msgfmt --check")
    else:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", os.devnull, str(PO)], capture_output=True, text=True
        )
        if result.returncode:
            fail(f"msgfmt --check: {result.stderr}")
        missing = extracted_ids() - {(e.msgctxt or "", e.msgid) for e in po if not e.obsolete}
        if missing:
            fail(
                f"{len(missing)} strings of the code are not in the catalogue, e.g. "
                f"{sorted(missing)[:5]}: run `make messages` and translate them"
            )
    print(
        f"check_messages: {len([e for e in po if not e.obsolete])} Russian strings, all translated"
    )


if __name__ == "__main__":
    main()
