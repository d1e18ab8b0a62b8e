"""No page template carries inline script or style, which the Content-Security-Policy refuses.

E-mail templates (templates/emails/) are mail, not pages: mail clients need inline styles.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted(
    path
    for base in [ROOT / "templates", *ROOT.glob("*_app/templates")]
    for path in base.rglob("*.html")
    if "emails" not in path.relative_to(base).parts
)
INLINE = {
    "inline <script>": re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)", re.I
    ),
    "<style> block": re.compile(r"<style\b", re.I),
    'style="" attribute': re.compile(r"""\sstyle\s*=\s*["']""", re.I),
    "event handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


COMMENTS = re.compile(r"\{% comment %\}.*?\{% endcomment %\}|\{#.*?#\}", re.S)


def test_it_finds_the_page_templates():
    assert len(PAGES) > 40
    assert ROOT / "templates" / "base.html" in PAGES


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_has_no_inline_script_or_style(path):
    text = COMMENTS.sub("", path.read_text(encoding="utf-8"))
    found = [name for name, pattern in INLINE.items() if pattern.search(text)]
    assert found == []
