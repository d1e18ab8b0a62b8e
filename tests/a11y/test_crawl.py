"""Every page a role can reach, in every configured language, read by the tools a reader's
browser and a validator use: axe-core (no serious or critical finding), the Nu Html Checker
(no error), the console (no error), and no English UI string on a page in another language.

The test crawls: it starts from the home page and each role's landing page and follows every
link of the site (tests/a11y/crawl.py). The roles are the access matrix's people
(tests/access/world.py), crawled in turn; each address pattern is checked once per language,
by the first role that reaches it (the public pages as the visitor, the partner's as the lead
partner, a co-requester's answer page as the co-requester, a consultee's consultations as the
consultee, the desk as staff, then what only a manager reaches), which keeps the crawl to a
few minutes a language. One test crawls every language over one world (built once) and runs
the Nu checker once over all the pages saved (one Java start).
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from accounts_app.adapters import landing_url
from tests.access.world import build
from tests.htmlcheck import check

from .crawl import Crawler, Findings
from .english import english_strings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# In this order: each role adds the pages the ones before it did not reach. A consultee is
# crawled when the world has one.
ROLES = ("anonymous", "partner_a", "partner_co", "consultee", "staff", "manager")


def landing(user, lang: str) -> str:
    """Where the role lands after logging in (accounts_app.adapters.landing_url, the one
    place that decides it per role), in the language crawled; the home page when logged out."""
    with translation.override(lang):
        if user is None:
            return reverse("home")
        request = RequestFactory().get("/")
        request.user = user
        return landing_url(request)


def crawl_all(browser, live_server, world, lang: str, out) -> Findings:
    findings = Findings()
    seen: set[str] = set()
    # Roles the world has and this list does not know yet are crawled last.
    roles = [r for r in ROLES if r in world.users] + [r for r in world.users if r not in ROLES]
    for role in roles:
        user = world.users[role]
        context = browser.new_context(locale="en-GB")
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        crawler = Crawler(
            context=context,
            base_url=live_server.url,
            lang=lang,
            out=out,
            findings=findings,
            seen=seen,
            english=lambda page: english_strings(page, lang),
        )
        for start in dict.fromkeys([landing(user, lang), landing(None, lang)]):
            crawler.crawl(start, role)
        context.close()
    return findings


LANGUAGES = [code for code, _ in settings.LANGUAGES]


# The suite's 300 s guard is for one page's test, not a site's: about 4 minutes a language
# on a loaded machine, with room.
@pytest.mark.timeout(120 + 420 * len(LANGUAGES))
def test_it_finds_nothing_wrong_on_any_page_any_role_reaches(
    browser, live_server, reference_data, vnu, tmp_path
):
    world = build(tmp_path / "media")
    problems: dict[str, dict[str, object]] = {}
    pages: list = []
    for lang in LANGUAGES:
        out = tmp_path / lang
        out.mkdir()
        started = time.monotonic()
        findings = crawl_all(browser, live_server, world, lang, out)
        # The crawl's figures, shown with -s or when the test fails.
        print(f"{lang}: {len(findings.visited)} pages, {time.monotonic() - started:.0f} s")
        pages += findings.html
        reached = {role for role, _ in (v.split(" ", 1) for v in findings.visited)}
        problems[lang] = {
            # The crawl reached the site, and each role with pages of its own checked some
            # (the consultee's consultations as the consultee, not as another role).
            "too few pages": [] if len(findings.visited) > 40 else findings.visited,
            "roles not crawled": sorted({"anonymous", "partner_a", "consultee", "staff"} - reached),
            "does not open": findings.status,
            "axe serious or critical": findings.axe,
            "console errors": findings.console,
            "English UI strings": findings.english,
            "title without MIEUX+": findings.titles,
        }
    # The Nu checker once over every language's pages (the file names say the language).
    problems["html"] = {"Nu checker errors": check(vnu, pages)}

    found = {
        lang: {kind: items for kind, items in kinds.items() if items}
        for lang, kinds in problems.items()
    }
    assert {lang: kinds for lang, kinds in found.items() if kinds} == {}
