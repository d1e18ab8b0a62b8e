"""The search scenario of phase 1: the admin queue's search, the catalogue's and "My
requests"'s, each at 8 users on the seeded requests and Actions.

A search box is typed into, so nearly every query differs: each step builds its query from
a word and a number that change with every request (a number matches one seeded request,
or none), beside broad single words every request matches (the slowest to rank). The
public pages are stored in the page cache by their full address: only the repeated broad
words can be served from it, as they would be in production.
"""

from __future__ import annotations

from urllib.parse import quote_plus

from bench.client import Response
from bench.config import LANGUAGE, PREFIX
from bench.measuring import Step

# Words of the seeded titles and texts, in English and Russian (scripts/benchlib.py).
REQUEST_WORDS = (
    "statistics",
    "part {n}",
    "reintegration",
    "мигрантов",
    "Душанбе",
    "Contact person {n}",
    "returnees {n}",
    "trafficking border",
    "миграции {n}",
    "{reference}",
)
ACTION_WORDS = (
    "statistics",
    "partnership {n}",
    "таджикистан",
    "survey method {n}",
    "миграции",
    "officials trained {n}",
)


def _query(words: tuple[str, ...], i: int, year: int) -> str:
    n = (i * 7919) % 100_000
    text = words[i % len(words)].format(n=n, reference=f"{PREFIX}{year}-{n:06d}")
    return quote_plus(text)


def searching(path: str, words: tuple[str, ...], year: int, extra: tuple[str, ...] = ("",)) -> Step:
    """GET `path?q=…` with the query of request number `i` (and one of `extra`'s filters)."""

    def step(browser, i: int) -> list[tuple[Response, bool]]:
        filters = extra[(i // len(words)) % len(extra)]
        response = browser.get(f"{path}?q={_query(words, i, year)}{filters}")
        return [(response, response.status == 200)]

    return step


def steps(year: int, region_id: int) -> dict[str, Step]:
    """Each search page's step, by the name the table prints."""
    admin = f"/{LANGUAGE}/admin/requests_app/capacityrequest/"
    return {
        "search: admin queue (staff)": searching(
            admin, REQUEST_WORDS, year, ("", "&status=screening", f"&region__id__exact={region_id}")
        ),
        "search: catalogue": searching(
            f"/{LANGUAGE}/actions/", ACTION_WORDS, year, ("", "&status=ongoing")
        ),
        'search: "My requests" (partner)': searching(
            f"/{LANGUAGE}/requests/", REQUEST_WORDS, year, ("", "&status=review")
        ),
    }


def first_paths(year: int) -> dict[str, str]:
    """One address of each search page, for the query profile."""
    admin = f"/{LANGUAGE}/admin/requests_app/capacityrequest/"
    return {
        "search: admin queue (staff)": f"{admin}?q=reintegration",
        "search: catalogue": f"/{LANGUAGE}/actions/?q=statistics",
        'search: "My requests" (partner)': f"/{LANGUAGE}/requests/?q=statistics",
    }
