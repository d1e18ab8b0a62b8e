"""The text of a PDF as a reader's tool extracts it (poppler's pdftotext).

pdftotext comes with Debian's poppler-utils (`.ci/run` installs it). Without it the tests
that read PDFs are skipped on a developer's machine and fail under CI=true.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def pdf_text(data: bytes) -> str:
    """The PDF's words, separated by single spaces (lines wrap where the layout chose)."""
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("pdftotext is missing: install poppler-utils")
        pytest.skip("pdftotext is missing (poppler-utils)")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def words(text: str) -> str:
    return " ".join(text.split())
