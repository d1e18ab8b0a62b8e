"""A crawler for the accessibility test: one browser context per role, one address per
route pattern, every page checked with axe-core, the console, and kept for the Nu checker.

Addresses are deduplicated by the URL pattern they resolve to (the query string dropped), so
the crawl visits each kind of page once per role and language however many objects a list
links to. Links are followed only within the language's prefix (/ru/…): every configured
language is crawled on its own. Files (downloads, PDFs, CSV/XLSX) are not pages: a link that
starts a download or answers with another content type is only checked to open.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from django.urls import Resolver404, resolve
from django.utils import translation

SEVERE = {"serious", "critical"}
# Enough for every kind of page a role reaches; a guard against a crawl that runs away.
MAX_PAGES = 250

# The links that are not pages to read (or end the visit): logging out, the language form.
SKIP_ROUTES = ("account_logout", "admin:logout", "set_language")

GENERIC_ADMIN_VIEWS = ("_history", "_delete")

_LINKS = """() => Array.from(document.querySelectorAll('a[href]'), a => a.href)"""


@dataclass
class Findings:
    """What the crawl found, by address; empty when the pages are all right."""

    axe: dict[str, list[str]] = field(default_factory=dict)
    console: dict[str, list[str]] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    english: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)  # a page title without "MIEUX+"
    html: list[Path] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)


def route_key(path: str, lang: str) -> str | None:
    """The URL pattern an address resolves to, or None for an address of no route."""
    try:
        with translation.override(lang):  # the language prefix matches the active language
            match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in SKIP_ROUTES or match.view_name in SKIP_ROUTES:
        return None
    # The admin's history and delete pages are one template for every model: once each.
    for generic in GENERIC_ADMIN_VIEWS:
        if match.view_name.startswith("admin:") and match.view_name.endswith(generic):
            return f"admin:*{generic}"
    return match.route


def severe_violations(page, axe, context: dict | None = None) -> list[str]:
    results = axe.run(page, context=context)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SEVERE
    ]


class Crawler:
    """Crawls one language's pages as one role in one browser context."""

    def __init__(
        self,
        *,
        context,
        base_url: str,
        lang: str,
        out: Path,
        findings: Findings,
        seen: set[str],
        english=None,
    ) -> None:
        from axe_playwright_python.base import AXE_SCRIPT
        from axe_playwright_python.sync_playwright import Axe

        self.context = context
        self.base = base_url.rstrip("/")
        self.host = urlsplit(base_url).netloc
        self.lang = lang
        self.out = out
        self.findings = findings
        self.seen = seen  # route keys already checked by this role
        self.english = english
        # axe-core comes with every page the context opens, not sent again for each one.
        context.add_init_script(script=AXE_SCRIPT)
        self.axe = Axe(axe_script="")
        self.errors: list[str] = []
        self.sidebar_checked = False
        self.page = context.new_page()
        self.page.set_default_timeout(30_000)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"{message.text} ({message.location.get('url', '')})")

    def _local(self, url: str) -> str | None:
        """The path of a same-site address in this language, query and fragment dropped."""
        url = urldefrag(url).url
        parts = urlsplit(url)
        if parts.netloc != self.host or not parts.path.startswith(f"/{self.lang}/"):
            return None
        return parts.path

    def _axe_context(self) -> dict | None:
        """The admin's navigation sidebar is the same on every admin page: checked on the
        first one a role opens, left out after (it is most of a small page's elements)."""
        if not self.page.locator("#nav-sidebar").count():
            return None
        if not self.sidebar_checked:
            self.sidebar_checked = True
            return None
        return {"exclude": [["#nav-sidebar"]]}

    def crawl(self, start: str, role: str) -> None:
        queue = deque([start])
        queued = {start}
        while queue and len(self.findings.visited) < MAX_PAGES:
            path = queue.popleft()
            key = route_key(path, self.lang)
            if key is None:
                continue
            if key in self.seen:
                if path != start:
                    continue
                # Checked as another role; this role's own links may start here (a
                # co-requester's list of requests), so it is read, not checked again.
                links = self.read(path)
            else:
                self.seen.add(key)
                links = self.visit(path, role)
            for link in links:
                local = self._local(link)
                if local and local not in queued:
                    queued.add(local)
                    queue.append(local)

    def read(self, path: str) -> list[str]:
        """The links of a page, unchecked."""
        response = self.page.goto(self.base + path, wait_until="load")
        return self.page.evaluate(_LINKS) if response and response.ok else []

    def visit(self, path: str, role: str) -> list[str]:
        label = f"{role} {path}"
        self.errors.clear()
        try:
            response = self.page.goto(self.base + path, wait_until="load")
        except Exception as error:  # a download starts: a file, not a page
            if "Download is starting" in str(error):
                return []
            self.findings.status[label] = str(error).splitlines()[0]
            return []
        if response is None:
            return []
        if response.status != 200:
            self.findings.status[label] = f"{response.status} at {response.url}"
            return []
        if "text/html" not in (response.headers.get("content-type") or ""):
            return []
        if self._local(response.url) is None:
            return []  # redirected out of the language
        self.findings.visited.append(label)
        name = f"{role}{path.replace('/', '_')}.html"
        (self.out / name).write_bytes(response.body())
        self.findings.html.append(self.out / name)
        # The page's own errors: axe-core's checks cause some of their own (its style probes
        # meet the Content-Security-Policy, its style sheet preload resolves @import wrongly).
        if self.errors:
            self.findings.console[label] = list(self.errors)
        found = severe_violations(self.page, self.axe, self._axe_context())
        if found:
            self.findings.axe[label] = found
        title = self.page.title()
        if "MIEUX+" not in title:
            self.findings.titles[label] = title
        if self.english is not None:
            strings = self.english(self.page)
            if strings:
                self.findings.english[label] = strings
        return self.page.evaluate(_LINKS)
