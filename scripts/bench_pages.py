#!/usr/bin/env python
"""Benchmark: how heavy the key pages are, in production mode, in real Chromium.

The home page, the Actions catalogue, "My requests" and the request form (a step of the
demo partner's draft), each measured three ways:

* first visit: an empty browser cache; every byte on the wire (headers included: CDP's
  encodedDataLength) of the page and everything it loads (CSS, JavaScript, icons);
* repeat visit: the same page again in the same browser, as a partner coming back;
* load time of the first visit on an emulated slow 4G link (Lighthouse's: 150 ms round trip,
  1.6 Mbit/s down, 750 kbit/s up): from the navigation's start to the load event.

Targets (issue 16): at most 150 KB first, 20 KB repeat, 1 s on slow 4G; a page past one is
marked and the script exits with status 1.

Production mode: DJANGO_ENV=production (DEBUG off, whitenoise's compressed and hashed static
files, long cache lifetimes) served by gunicorn on 127.0.0.1, only the TLS redirect off. The
data is the demo's (`seed_demo`) in a SQLite file under var/bench-pages/, made once and kept.
Needs Debian's Chromium at /usr/bin/chromium (Playwright drives it; nothing is downloaded).
`scripts/bench_pages.py --files` also lists each page's responses on slow 4G (when each ended,
its bytes, encoding and cache lifetime): what a page loads, and what its load time waits for.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import benchlib  # noqa: E402 - scripts/ on the path

LABEL = "bench-pages"
DIR = ROOT / "var" / "bench-pages"
CHROMIUM = "/usr/bin/chromium"
PARTNER = "partner@demo.mieux.local"
PASSWORD = "demo-password-2026"  # noqa: S105 - the demo's published password (README)
KB = 1024
TARGET_FIRST_KB = 150
TARGET_REPEAT_KB = 20
TARGET_SLOW_4G_S = 1.0
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8,
    "uploadThroughput": 750 * 1024 / 8,
}


@dataclass
class Weight:
    page: str
    first: int
    first_requests: int
    repeat: int
    repeat_requests: int
    slow_4g_s: float

    def misses(self) -> list[str]:
        missed = []
        if self.first > TARGET_FIRST_KB * KB:
            missed.append("first visit")
        if self.repeat > TARGET_REPEAT_KB * KB:
            missed.append("repeat visit")
        if self.slow_4g_s > TARGET_SLOW_4G_S:
            missed.append("slow 4G")
        return missed


def log(message: str) -> None:
    print(f"{LABEL}: {message}", flush=True)


def environment(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": f"sqlite:///{DIR / 'db.sqlite3'}",
        "STATIC_ROOT": str(DIR / "static"),
        "PRIVATE_MEDIA_ROOT": str(DIR / "private"),
        "MEDIA_ROOT": str(DIR / "media"),
        "PORTAL_BASE_URL": f"http://localhost:{port}",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "LOG_LEVEL": "WARNING",
        "DJANGO_ENV_FILE": "/dev/null",
    }


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"{LABEL}: manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def prepare(port: int) -> tuple[dict[str, str], int]:
    """The demo database (made once), the collected static files; the draft's pk."""
    DIR.mkdir(parents=True, exist_ok=True)
    env = environment(port)
    development = {**env, "DJANGO_ENV": "development", "DEBUG": "true"}
    seeded = (DIR / "db.sqlite3").exists()
    manage(development, "migrate", "--noinput", "-v", "0")  # a kept database follows the code
    if not seeded:
        log("seeding the demo (once; kept in var/bench-pages/)")
        manage(development, "seed_demo", "--quiet")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    find = (
        "from requests_app.models import CapacityRequest as R; print(R.objects.filter("
        f"status='draft', institution__memberships__user__email='{PARTNER}').first().pk)"
    )
    return env, int(manage(development, "shell", "-c", find).strip().splitlines()[-1])


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    log_file = open(DIR / "gunicorn.log", "w")  # noqa: SIM115 - lives with the server
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "mieux_portal.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
    )  # fmt: skip
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"{LABEL}: gunicorn stopped (see var/bench-pages/gunicorn.log)")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{LABEL}: gunicorn does not answer")


def visit(context, url: str, throttle: bool, files: bool = False) -> tuple[int, int, float]:
    """Bytes on the wire, number of responses and seconds to the load event (the page itself:
    a redirect elsewhere, e.g. to the login page, stops the benchmark). With `files`, one line
    per response: when it ended (ms after the navigation), bytes, encoding and cache lifetime."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    sizes: list[float] = []
    cdp.on("Network.loadingFinished", lambda event: sizes.append(event["encodedDataLength"]))
    responses: dict[str, dict] = {}
    lines: list[tuple[float, str]] = []
    if files:
        started = time.monotonic()
        cdp.on("Network.responseReceived", lambda e: responses.update({e["requestId"]: e}))
        cdp.on(
            "Network.loadingFinished",
            lambda e: lines.append(((time.monotonic() - started) * 1000, file_line(responses, e))),
        )
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200 or page.url != url:
        raise SystemExit(f"{LABEL}: {url} answered {response and response.status} at {page.url}")
    page.wait_for_load_state("networkidle")
    seconds = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return (n.loadEventEnd - n.startTime) / 1000; })()"
    )
    page.close()
    for ms, line in sorted(lines):
        print(f"    {ms:>6.0f} ms {line}")
    return int(sum(sizes)), len(sizes), float(seconds)


def file_line(responses: dict[str, dict], finished: dict) -> str:
    response = responses.get(finished["requestId"], {}).get("response", {})
    headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
    path = "/" + response.get("url", "?").split("/", 3)[-1]
    return (
        f"{finished['encodedDataLength'] / KB:>6.1f} KB {response.get('status', '?')} "
        f"{headers.get('content-encoding', '-'):<4} {headers.get('cache-control', '-')[:28]:<28} "
        f"{path[:70]}"
    )


def measure(browser, base: str, name: str, path: str, cookies: list, files: bool) -> Weight:
    def fresh():
        context = browser.new_context(locale="en-GB")
        context.add_cookies(cookies)
        return context

    context = fresh()
    first, first_requests, _ = visit(context, base + path, throttle=False)
    repeat, repeat_requests, _ = visit(context, base + path, throttle=False)
    context.close()
    slow = fresh()
    if files:
        print(f"{name}, first visit on slow 4G:")
    _, _, seconds = visit(slow, base + path, throttle=True, files=files)
    slow.close()
    return Weight(name, first, first_requests, repeat, repeat_requests, seconds)


def log_in(browser, base: str) -> list:
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{base}/en/accounts/login/")
    page.fill("#id_login", PARTNER)
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    cookies = context.cookies()
    context.close()
    if not any(cookie["name"] == "sessionid" for cookie in cookies):
        raise SystemExit(f"{LABEL}: the demo partner could not log in")
    return cookies


def report(weights: list[Weight]) -> bool:
    log(
        f"targets: first visit <= {TARGET_FIRST_KB} KB, repeat visit <= {TARGET_REPEAT_KB} KB, "
        f"slow 4G load <= {TARGET_SLOW_4G_S:.1f} s"
    )
    print(f"{'page':<16}{'first visit':>20}{'repeat visit':>20}{'slow 4G load':>15}")
    good = True
    for w in weights:
        missed = w.misses()
        good = good and not missed
        print(
            f"{w.page:<16}{w.first / KB:>9.1f} KB ({w.first_requests:>2} files)"
            f"{w.repeat / KB:>9.1f} KB ({w.repeat_requests:>2} files)"
            f"{w.slow_4g_s:>13.2f} s" + (f"   MISSES: {', '.join(missed)}" if missed else "")
        )
    log("every page within its targets" if good else "some pages miss their targets")
    return good


def main() -> int:
    if not Path(CHROMIUM).exists():
        log(f"{CHROMIUM} is missing: install Debian's chromium package")
        return 1
    from playwright.sync_api import sync_playwright

    port = benchlib.free_port()
    env, draft = prepare(port)
    server = serve(env, port)
    base = f"http://localhost:{port}"
    log(f"gunicorn (1 worker, DJANGO_ENV=production) on {base}; Chromium {CHROMIUM}")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-quic"]
            )
            cookies = log_in(browser, base)
            pages = [
                ("home", "/en/", []),
                ("catalogue", "/en/actions/", []),
                ("my requests", "/en/requests/", cookies),
                ("request form", f"/en/requests/{draft}/edit/need/", cookies),
            ]
            files = "--files" in sys.argv[1:]
            weights = [measure(browser, base, *page, files=files) for page in pages]
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0 if report(weights) else 1


if __name__ == "__main__":
    sys.exit(main())
