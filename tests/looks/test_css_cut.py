"""Pages link the portal's cut of Bootstrap's CSS (scripts/build_css.py), kept in step with
what the templates use: a class used for the first time fails here until the cut is rebuilt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"


def test_it_keeps_the_committed_cut_in_step_with_the_templates():
    check = [sys.executable, str(ROOT / "scripts" / "build_css.py"), "--check"]
    result = subprocess.run(check, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_keeps_the_rules_the_pages_use_and_leaves_out_the_others():
    full = (VENDOR / "bootstrap-5.3.9.min.css").read_text()
    cut = (VENDOR / "bootstrap-5.3.9.portal.min.css").read_text()
    # Used as written, or made in a template ("text-bg-{% if … %}success…"; "btn-{{ … }}").
    for used in (".navbar-toggler{", ".form-control{", ".text-bg-success{", ".btn-danger{"):
        assert used in full and used in cut
    for unused in (".carousel{", ".offcanvas{", ".toast{", ".spinner-border{"):
        assert unused in full and unused not in cut
    assert len(cut) < len(full) / 2


def test_it_links_the_cut_from_the_pages(client, db):
    page = client.get("/en/").content.decode()
    assert "vendor/bootstrap-5.3.9.portal.min" in page
    assert "vendor/bootstrap-5.3.9.min.css" not in page
