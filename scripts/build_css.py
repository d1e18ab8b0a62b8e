#!/usr/bin/env python
"""Build the portal's cut of Bootstrap's CSS: the rules the portal can use, from the vendored
full file (static/vendor/bootstrap-<version>.min.css) into static/vendor/bootstrap-<version>
.portal.min.css, which the pages link. A partner's first visit then carries about a third of
the bytes, and the browser matches a third of the rules.

A rule stays when one of its selectors names only classes (and data- attributes) that occur
as a word somewhere the portal writes HTML: its templates, its Python and JavaScript, and
the templates and Python of the libraries that render into its pages (crispy-forms, allauth,
Django's forms). A word ending in a dash before a template tag (``btn-{{ kind }}``,
``f"alert-{level}"``) keeps every class it begins. Rules without classes (the reboot, the
variables, elements) always stay. Words in prose count too: the cut errs on keeping.

Run it after using a Bootstrap class the portal did not use before
(`.venv/bin/python scripts/build_css.py`): `scripts/build_css.py --check`, which
tests/looks/test_css_cut.py runs, fails until then.
The built file is committed, like every vendored asset.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import tinycss2

ROOT = Path(__file__).resolve().parent.parent
VERSION = "5.3.9"
SOURCE = ROOT / "static" / "vendor" / f"bootstrap-{VERSION}.min.css"
TARGET = ROOT / "static" / "vendor" / f"bootstrap-{VERSION}.portal.min.css"
OWN = ["templates", "accounts_app", "requests_app", "actions_app", "notifications_app",
       "mieux_portal", "static/js"]  # fmt: skip
LIBRARIES = ["crispy_forms", "crispy_bootstrap5", "allauth", "django.forms"]
SCANNED = {".html", ".txt", ".py", ".js"}
WORD = re.compile(r"[A-Za-z_][\w-]*")
CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
DATA_ATTRIBUTE = re.compile(r"\[(data-[\w-]+)")
BANNER = re.compile(r"/\*!.*?\*/", re.S)
GROUPS = {"media", "supports", "container", "layer"}


def sources() -> Iterator[Path]:
    folders = [ROOT / name for name in OWN]
    for library in LIBRARIES:
        spec = importlib.util.find_spec(library)
        folders += [Path(p) for p in (spec and spec.submodule_search_locations) or []]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in SCANNED and "vendor" not in path.parts and path.is_file():
                yield path


def used_words(paths: Iterable[Path]) -> tuple[set[str], tuple[str, ...]]:
    """Every word of the files, and the prefixes: words that end in a dash."""
    words: set[str] = set()
    for path in paths:
        words.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words, tuple(sorted(w for w in words if w.endswith("-")))


def selectors(prelude: str) -> list[str]:
    """The selector list split at its top-level commas (not those inside :not(...))."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(prelude):
        depth += char in "([" and 1 or char in ")]" and -1 or 0
        if char == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    return [*parts, prelude[start:]]


def cut(css: str, words: set[str], prefixes: tuple[str, ...]) -> str:
    def used(name: str) -> bool:
        return name in words or name.startswith(prefixes)

    def keeps(selector: str) -> bool:
        names = CLASS.findall(selector) + DATA_ATTRIBUTE.findall(selector)
        return all(used(name) for name in names)

    def rules(nodes: list) -> str:
        out = []
        for node in nodes:
            if node.type == "qualified-rule":
                kept = [s for s in selectors(tinycss2.serialize(node.prelude)) if keeps(s)]
                if kept:
                    out.append(",".join(kept) + "{" + tinycss2.serialize(node.content) + "}")
            elif node.type == "at-rule" and node.lower_at_keyword in GROUPS and node.content:
                inner = rules(tinycss2.parse_rule_list(node.content, True, True))
                if inner:
                    prelude = tinycss2.serialize(node.prelude).strip()
                    out.append(f"@{node.at_keyword} {prelude}{{{inner}}}")
            elif node.type == "at-rule" and node.lower_at_keyword != "charset":
                out.append(tinycss2.serialize([node]))
        return "".join(out)

    return rules(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def build() -> str:
    css = SOURCE.read_text(encoding="utf-8")
    banner = BANNER.search(css)
    words, prefixes = used_words(sources())
    note = f"/* The portal's cut of {SOURCE.name}: scripts/build_css.py */"
    head = f'@charset "UTF-8";{banner.group(0) if banner else ""}{note}'
    return head + cut(css, words, prefixes) + "\n"


def main() -> int:
    css = build()
    if "--check" in sys.argv[1:]:
        if TARGET.exists() and TARGET.read_text(encoding="utf-8") == css:
            return 0
        print(f"{TARGET.relative_to(ROOT)} is out of date: run scripts/build_css.py")
        return 1
    TARGET.write_text(css, encoding="utf-8")
    full = SOURCE.stat().st_size
    print(f"{TARGET.relative_to(ROOT)}: {len(css.encode()) / 1024:.1f} KB of {full / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
