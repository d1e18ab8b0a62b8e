"""What the load benchmark seeds and measures, and what it counts as good."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from benchlib import ROOT

LABEL = "bench-load"
PREFIX = "BL-"  # references of the seeded requests
ACRONYM = "BL"  # acronyms of the seeded institutions
PARTNERS = 60  # one partner user for each of the first 60 institutions
STAFF = 8
PASSWORD = "bench-load-password-2026"  # noqa: S105 - a benchmark's throwaway users
USERS = 8  # concurrent users of the page measurements
SUBMITTERS = 50
SUBMISSIONS = 1000
LANGUAGE = "en"
BENCH_DIR = ROOT / "var" / "bench"
SETTINGS = "bench.settings"  # scripts/bench/settings.py, with scripts/ on the path
SCRIPTS_DIR = ROOT / "scripts"
TARGET_RATIO = 0.5  # catalogue and "My requests" against the baseline's req/s
TARGET_P95_MS = 150
TARGET_ADMIN_P95_MS = 150
TARGET_SEARCH_P95_MS = 100  # the search scenario (bench/search.py)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
REFERENCE = re.compile(r"Its reference is (MX-\d{4}-\d{4,})")


@dataclass(frozen=True)
class Scale:
    """How much the database holds; a run seeds it once and keeps it."""

    institutions: int
    requests: int
    actions: int
    database: str  # the default database name when DATABASE_URL is not set


FULL = Scale(institutions=300, requests=100_000, actions=500, database="mieux_bench")
# --quick: a smoke run of every phase in a few minutes, in its own database (figures are not
# comparable with a full run's; they only show that every phase still works).
QUICK = Scale(institutions=60, requests=5_000, actions=200, database="mieux_bench_quick")


def partner_email(i: int) -> str:
    return f"bl-partner-{i}@bench.example.org"


def staff_email(i: int) -> str:
    return f"bl-staff-{i}@mieux.local"


def totp_secret(email: str) -> str:
    """A fixed authenticator secret per staff user, so the client can compute the code."""
    return base64.b32encode(hashlib.sha1(email.encode()).digest()).decode()  # noqa: S324


def log(message: str) -> None:
    print(f"{LABEL}: {message}", flush=True)
